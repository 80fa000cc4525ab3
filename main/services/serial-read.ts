/**
 * A store read and hashed on this thread, chunk by chunk: for small stores, where starting the
 * reader thread (a thread and its code loaded) costs more than the reading it would take over
 * and, in serve mode, takes a core from the browser while the page loads.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';

export class SerialRead {
  /** No other thread inflates part heads. */
  readonly sharesHeads = false;
  private readonly hash = createHash('sha256');
  private readonly buf: Uint8Array;
  private pos = 0;
  private k = -1;

  /** Reads `size` bytes of the open descriptor `fd` (it must stay open until digest() or dispose()). */
  constructor(
    private readonly fd: number,
    private readonly size: number,
    chunk: number,
  ) {
    this.buf = new Uint8Array(chunk);
  }

  /** The next chunk (a view valid until the next call), or null at the end of the file. */
  async next(): Promise<{ bytes: Uint8Array; index: number; buffer: number } | null> {
    if (this.pos >= this.size) return null;
    const n = readSync(this.fd, this.buf, 0, Math.min(this.buf.length, this.size - this.pos), this.pos);
    // A file that reads short ends there, as it does for the reader thread.
    if (n <= 0) {
      this.pos = this.size;
      return null;
    }
    this.pos += n;
    const bytes = this.buf.subarray(0, n);
    this.hash.update(bytes);
    return { bytes, index: ++this.k, buffer: 0 };
  }

  setRecordSize(): void {}

  /** The sha256 of every byte read. */
  async digest(): Promise<string> {
    return this.hash.digest('hex');
  }

  async dispose(): Promise<void> {}
}
