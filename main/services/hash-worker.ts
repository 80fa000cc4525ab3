/**
 * sha256 of a file's bytes on a second thread, fed the very chunks the main thread indexes:
 * the index pass and the hash overlap instead of adding up. Chunks travel by transfer (no
 * copy) and come back to be filled again, so a few buffers serve the whole file.
 */
import { Worker } from 'node:worker_threads';

// Plain CommonJS run by the worker: only Node built-ins, so nothing depends on the bundle.
const CODE = `
const { parentPort } = require('node:worker_threads');
const h = require('node:crypto').createHash('sha256');
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage({ digest: h.digest('hex') });
  h.update(new Uint8Array(m.buffer, 0, m.length));
  parentPort.postMessage({ buffer: m.buffer }, [m.buffer]);
});
`;

export class ParallelHash {
  private readonly worker = new Worker(CODE, { eval: true });
  private readonly free: ArrayBuffer[] = [];
  private waiting: ((b: ArrayBuffer) => void) | null = null;
  private done: ((d: string) => void) | null = null;
  private failed: Error | null = null;

  constructor(
    readonly chunkSize: number,
    buffers = 3,
  ) {
    for (let i = 0; i < buffers; i++) this.free.push(new ArrayBuffer(chunkSize));
    this.worker.on('message', (m: { buffer?: ArrayBuffer; digest?: string }) => {
      if (m.digest !== undefined) this.done?.(m.digest);
      else if (m.buffer) {
        const w = this.waiting;
        this.waiting = null;
        if (w) w(m.buffer);
        else this.free.push(m.buffer);
      }
    });
    this.worker.on('error', (e) => (this.failed = e));
  }

  /** A buffer to read the next chunk into (waits while every buffer is being hashed). */
  async buffer(): Promise<ArrayBuffer> {
    if (this.failed) throw this.failed;
    const b = this.free.pop();
    if (b) return b;
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Hands `length` bytes of `buffer` to the hash; the buffer comes back when hashed. */
  update(buffer: ArrayBuffer, length: number): void {
    this.worker.postMessage({ buffer, length }, [buffer]);
  }

  async digest(): Promise<string> {
    const d = new Promise<string>((resolve) => (this.done = resolve));
    this.worker.postMessage('end');
    const hex = await d;
    await this.worker.terminate();
    return hex;
  }

  /** Stops the worker without a digest (cancel, error). */
  dispose(): void {
    void this.worker.terminate();
  }
}
