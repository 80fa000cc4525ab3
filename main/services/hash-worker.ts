/**
 * A file read and hashed on a second thread while this one indexes it: the reader thread reads
 * each chunk into a ring of shared buffers, hands it over, then hashes it while this thread
 * works on it, so reading, hashing and indexing overlap instead of adding up. Nothing is
 * copied or transferred: the buffers are shared memory, and a few of them serve the whole file.
 * When the bundled reader (scan-thread.ts) is at hand it also inflates part heads for the index
 * in the time it would wait (head-worker.ts); otherwise a plain reader written here runs.
 */
import { Worker } from 'node:worker_threads';
import { bundledScript } from './bundled-script';
import { defaultPrefixInflater } from '../../shared/index/head-inflate';
import { readSync } from 'node:fs';
import { readerLoop, readNext, ringLayout, scanRing, type ScanRing, type ScanThreadData } from './scan-ring';
import type { PaceRule } from './scan-pace';

// Run by the worker as text when no bundle is at hand (tests run from the sources): the same
// reader loop (self-contained functions), with Node built-ins only and no heads.
const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const readNext = ${readNext.toString()};
(${readerLoop.toString()})(workerData, readNext, readSync, require('node:crypto').createHash('sha256'), (m) => parentPort.postMessage(m), null);
`;

/** The bundled reader (dist/scan-worker.js); none from sources. */
const bundledReader = () => bundledScript('scan-worker.js');

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
  /** What the reader thread was given (the index reads through the same description). */
  private readonly data_: ScanThreadData;
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
    pace: PaceRule | null = null,
  ) {
    this.L = ringLayout(buffers);
    this.ring = scanRing(buffers, chunk, size);
    this.ctl = new Int32Array(this.ring.ctl);
    this.data = new Uint8Array(this.ring.data);
    const script = readerScript === undefined ? bundledReader() : readerScript;
    // A host's own prefix inflater is used by the index alone (the reader's is the default one).
    this.sharesHeads = !!script && defaultPrefixInflater();
    this.data_ = { ring: this.ring, layout: this.L, fd, size, heads: this.sharesHeads, pace };
    this.worker = script ? new Worker(script, { workerData: this.data_ }) : new Worker(CODE, { eval: true, workerData: this.data_ });
    this.worker.on('message', (m: { digest?: string; error?: string; code?: string }) => {
      if (m.digest !== undefined) this.digestHex = m.digest;
      else this.failed = Object.assign(new Error(m.error ?? 'read failed'), { code: m.code });
      this.digested?.();
    });
    this.worker.on('error', (e) => {
      this.failed = e;
      this.digested?.();
    });
    // A thread that ends without its digest (killed, out of memory) fails the scan, never hangs it.
    this.worker.on('exit', () => {
      if (this.digestHex === null && !this.failed) this.failed = new Error('the reader thread stopped before the end of the file');
      this.digested?.();
    });
  }

  /** The chunk after the last one (which goes back to the reader), or null at the end of the file. */
  async next(): Promise<{ bytes: Uint8Array; index: number; buffer: number } | null> {
    const { ctl, L } = this;
    if (this.k >= 0) {
      const prev = this.k % this.buffers;
      Atomics.store(ctl, L.STATE + prev, 0);
      Atomics.add(ctl, L.EVENTS, 1);
      Atomics.notify(ctl, L.EVENTS);
    }
    const k = ++this.k;
    const b = k % this.buffers;
    for (;;) {
      if (this.failed) throw this.failed;
      const v = Atomics.load(ctl, L.STATE + b);
      if (v === k + 1) break;
      if (k + 1 >= Atomics.load(ctl, L.END)) return null;
      // The reader is busy hashing: read the chunk here rather than wait for it.
      if (readNext(this.data_, ctl, this.data, readSync, k)) continue;
      // A failed read is told by message: wait for it (the timeout lets the message in).
      const ms = Atomics.load(ctl, L.FAILED) ? 5 : 50;
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
    Atomics.notify(this.ctl, this.L.EVENTS);
    await this.worker.terminate();
  }
}
