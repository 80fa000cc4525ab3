/**
 * A file read and hashed on a second thread while this one indexes it: the reader thread reads
 * each chunk into a ring of shared buffers, hands it over, then hashes it while this thread
 * works on it, so reading, hashing and indexing overlap instead of adding up. Nothing is
 * copied or transferred: the buffers are shared memory, and a few of them serve the whole file.
 * When the bundled reader (scan-thread.ts) is at hand it also inflates part heads for the index
 * in the time it would wait (head-worker.ts); otherwise a plain reader written here runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultPrefixInflater } from '../../shared/index/head-inflate';
import { ringLayout, scanRing, type ScanRing, type ScanThreadData } from './scan-ring';

// Plain CommonJS run by the worker when no bundle is at hand (tests run from the sources): only
// Node built-ins. Its layout constants are those of ringLayout(); it reads and hashes, no more.
const CODE = `
const { parentPort, workerData: d } = require('node:worker_threads');
const { readSync } = require('node:fs');
const h = require('node:crypto').createHash('sha256');
const N = d.ring.buffers, C = d.ring.chunk, ctl = new Int32Array(d.ring.ctl), data = new Uint8Array(d.ring.data);
const L = d.layout;
const wakeAll = () => { for (let b = 0; b < N; b++) Atomics.notify(ctl, L.STATE + b); };
(() => {
  let k = 0;
  try {
    for (let pos = 0; pos < d.size; k++) {
      const b = k % N;
      // The buffer comes back once the index is done with it (this thread hashed it already).
      for (;;) {
        if (Atomics.load(ctl, L.STOP)) return;
        const v = Atomics.load(ctl, L.STATE + b);
        if (v === 0) break;
        Atomics.wait(ctl, L.STATE + b, v, 200);
      }
      const view = data.subarray(b * C, b * C + Math.min(C, d.size - pos));
      const n = readSync(d.fd, view, 0, view.length, pos);
      if (n === 0) break;
      ctl[L.LEN + b] = n;
      Atomics.store(ctl, L.CLAIM + b, 0);
      Atomics.store(ctl, L.STATE + b, k + 1);
      Atomics.notify(ctl, L.STATE + b);
      Atomics.add(ctl, L.PUBLISHED, 1);
      h.update(view.subarray(0, n));
      pos += n;
    }
    Atomics.store(ctl, L.END, k + 1);
    wakeAll();
    parentPort.postMessage({ digest: h.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message), code: e && e.code });
    Atomics.store(ctl, L.FAILED, 1);
    wakeAll();
  }
})();
`;

/** The bundled reader (dist/scan-worker.js beside the CLI or the file worker, or one folder up); none from sources. */
function bundledReader(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [join(here, 'scan-worker.js'), join(here, '..', 'scan-worker.js')]) if (existsSync(c)) return c;
  return null;
}

let readerScript: string | null | undefined;

/** Which reader runs: the bundled one (default, when built), or the plain one (null). */
export function useReaderScript(path: string | null | undefined): void {
  readerScript = path;
}

const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: unknown } })
  .waitAsync;

export class ParallelRead {
  readonly ring: ScanRing;
  /** Does the reader inflate part heads (chunkHeads may be used)? */
  readonly sharesHeads: boolean;
  private readonly ctl: Int32Array;
  private readonly data: Uint8Array;
  private readonly L: ReturnType<typeof ringLayout>;
  private readonly worker: Worker;
  private failed: Error | null = null;
  private digestHex: string | null = null;
  private digested: (() => void) | null = null;
  /** The chunk handed out last (-1: none yet). */
  private k = -1;

  /** Reads `size` bytes of the open descriptor `fd` (it must stay open until digest() or dispose()). */
  constructor(
    fd: number,
    size: number,
    chunk: number,
    private readonly buffers = 4,
  ) {
    this.L = ringLayout(buffers);
    this.ring = scanRing(buffers, chunk);
    this.ctl = new Int32Array(this.ring.ctl);
    this.data = new Uint8Array(this.ring.data);
    const script = readerScript === undefined ? bundledReader() : readerScript;
    // A host's own prefix inflater is used by the index alone (the reader's is the default one).
    this.sharesHeads = !!script && defaultPrefixInflater();
    const data: ScanThreadData = { ring: this.ring, layout: this.L, fd, size, heads: this.sharesHeads };
    this.worker = script ? new Worker(script, { workerData: data }) : new Worker(CODE, { eval: true, workerData: data });
    this.worker.on('message', (m: { digest?: string; error?: string; code?: string }) => {
      if (m.digest !== undefined) this.digestHex = m.digest;
      else this.failed = Object.assign(new Error(m.error ?? 'read failed'), { code: m.code });
      this.digested?.();
    });
    this.worker.on('error', (e) => {
      this.failed = e;
      this.digested?.();
    });
  }

  /** The chunk after the last one (which goes back to the reader), or null at the end of the file. */
  async next(): Promise<{ bytes: Uint8Array; index: number; buffer: number } | null> {
    const { ctl, L } = this;
    if (this.k >= 0) {
      const prev = this.k % this.buffers;
      Atomics.store(ctl, L.STATE + prev, 0);
      Atomics.notify(ctl, L.STATE + prev);
      Atomics.add(ctl, L.FREED, 1);
      Atomics.notify(ctl, L.FREED);
    }
    const k = ++this.k;
    const b = k % this.buffers;
    for (;;) {
      if (this.failed) throw this.failed;
      const v = Atomics.load(ctl, L.STATE + b);
      if (v === k + 1) break;
      const end = Atomics.load(ctl, L.END);
      if (end && k + 1 >= end) return null;
      // A failed read is told by message: wait for it (the timeout lets the message in).
      const ms = Atomics.load(ctl, L.FAILED) ? 5 : 500;
      const r = waitAsync(ctl, L.STATE + b, v, ms);
      if (r.async) {
        // A pending wait does not keep the process alive: a timer does.
        const alive = setTimeout(() => undefined, ms);
        await r.value;
        clearTimeout(alive);
      } else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const n = ctl[L.LEN + b];
    return { bytes: this.data.subarray(b * this.ring.chunk, b * this.ring.chunk + n), index: k, buffer: b };
  }

  /** Tells the reader the record size: from now on it may inflate heads of whole slots. */
  setRecordSize(rs: number): void {
    Atomics.store(this.ctl, this.L.RECORD_SIZE, rs);
  }

  /** The sha256 of every byte read, once the reader reached the end. */
  async digest(): Promise<string> {
    if (this.digestHex === null && !this.failed) await new Promise<void>((resolve) => (this.digested = resolve));
    await this.dispose();
    if (this.failed) throw this.failed;
    return this.digestHex!;
  }

  /** Stops the reader without a digest (cancel, error); resolves once it stopped (the descriptor may then be closed). */
  async dispose(): Promise<void> {
    Atomics.store(this.ctl, this.L.STOP, 1);
    for (let b = 0; b < this.buffers; b++) Atomics.notify(this.ctl, this.L.STATE + b);
    Atomics.notify(this.ctl, this.L.FREED);
    await this.worker.terminate();
  }
}
