/**
 * CPER-JSON of a record stream written on several threads: records are copied into batches
 * of about a quarter MiB; each batch goes to a worker thread with room for it, or is written
 * here when every worker is busy, and the texts reach the sink in record order. The document
 * is byte for byte CperJsonStream's (one object for one record, an array otherwise): batchJson
 * is the one writer, and which thread ran it changes nothing in the text.
 *
 * The caller feeds records synchronously and is never blocked: answers are taken with
 * receiveMessageOnPort whenever a batch is dispatched. Memory stays bounded: a worker holds at
 * most two batches, and when the texts held behind a batch still at a worker pass a limit
 * (a worker stalled or gone), that worker's batches are written here instead.
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import { CperJsonStream } from '../../shared/export/cper-json/stream';
import { batchJson } from './batch';
import { detachOnce, jsonWorkerScript, spawnThread, takePrestarted, workerCount, type Thread } from './threads';
import type { BatchAnswer, BatchRequest, Recycle } from './worker';

const BATCH_BYTES = 256 * 1024;
/** Batches queued at one worker: the next is there when it finishes one. */
const IN_FLIGHT = 8;
/** Texts held behind a batch still at a worker before that worker's batches are written here. */
const HELD_BYTES = 32 * 1024 * 1024;

interface Pending {
  seq: number;
  out: Uint8Array | null;
  /** Kept until answered, to write the batch here if its worker fails or stalls. */
  req: BatchRequest | null;
  worker: Thread | null;
  /** `out` is the worker's buffer, sent back once written out. */
  recycle: boolean;
}

export interface JsonPoolOptions {
  indent?: number;
  /** Worker threads (default: one fewer than the cores, ERST_JSON_WORKERS to change it); 0 writes everything here. */
  workers?: number;
  batchBytes?: number;
  /** The worker script (default: the bundled one; without it everything is written here). */
  script?: string | null;
  /** Start the workers now (a large input is coming), not at the first full batch. */
  eager?: boolean;
}

export class CperJsonPool {
  private readonly indent: number;
  private readonly batchBytes: number;
  private readonly want: number;
  private readonly script: string | null;
  private threads: Thread[] | null = null;
  private buf: Uint8Array;
  private len = 0;
  /** Start and length of each record in `buf`. */
  private spans = new Uint32Array(1024);
  private nspans = 0;
  private count = 0;
  private seq = 0;
  private queue: Pending[] = [];
  private held = 0;
  /** Batches written by the workers and on this thread. */
  readonly written = { workers: 0, here: 0 };

  /** `sink` is done with each chunk when it returns (the chunk's buffer is then reused). */
  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    opts: JsonPoolOptions = {},
  ) {
    this.indent = opts.indent ?? 2;
    this.batchBytes = opts.batchBytes ?? BATCH_BYTES;
    this.want = opts.workers ?? workerCount();
    this.script = opts.script === undefined ? jsonWorkerScript() : opts.script;
    this.buf = new Uint8Array(this.batchBytes * 2);
    // Answers' buffers go back to the workers by transfer: detached here from the start, before
    // the scan's code is optimised (threads.ts says why).
    detachOnce();
    // Started while the input is opened and read (or already, by the launcher), they are
    // ready when the first batch is.
    if (opts.eager) this.threads = this.start();
  }

  get records(): number {
    return this.count;
  }

  /** The record at `at` of `b`, with `avail` bytes present from there (copied: `b` may be reused). */
  record(b: Uint8Array, at: number, avail: number): void {
    const n = Math.max(0, Math.min(avail, b.length - at));
    if (this.len + n > this.buf.length) {
      const nb = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
      nb.set(this.buf.subarray(0, this.len));
      this.buf = nb;
    }
    this.buf.set(b.subarray(at, at + n), this.len);
    if (this.nspans + 2 > this.spans.length) {
      const ns = new Uint32Array(this.spans.length * 2);
      ns.set(this.spans);
      this.spans = ns;
    }
    this.spans[this.nspans++] = this.len;
    this.spans[this.nspans++] = n;
    this.len += n;
    this.count++;
    // The first batch waits for a second record: one record alone is an object, not an array.
    if (this.len >= this.batchBytes && this.count >= 2) this.dispatch();
  }

  /** Writes what is left and the end of the document; stops the workers. */
  async finish(): Promise<void> {
    try {
      if (this.count === 1) {
        const one = new CperJsonStream(this.sink, this.indent);
        one.record(this.buf, 0, this.len);
        one.finish();
        return;
      }
      if (this.nspans) this.dispatch();
      for (;;) {
        this.collect();
        this.flushReady();
        if (!this.queue.length) break;
        const h = this.queue[0].worker!;
        if (h.dead) this.abandon(h);
        // Lets a worker's exit or error be seen while waiting for its answers.
        else await new Promise((r) => setTimeout(r, 1));
      }
      this.sink(new Uint8Array(this.seq === 0 ? [0x5b, 0x5d, 0x0a] : [0x0a, 0x5d, 0x0a]));
    } finally {
      this.stop();
    }
  }

  /** Stops the workers without writing anything more. */
  stop(): void {
    for (const h of this.threads ?? []) {
      h.dead = true;
      h.port.close();
      void h.worker.terminate();
    }
    this.threads = [];
  }

  private dispatch(): void {
    const seq = this.seq++;
    // Views of the batch being filled; copied only when the batch leaves this thread.
    const req: BatchRequest = {
      seq,
      bytes: this.buf.subarray(0, this.len),
      spans: this.spans.subarray(0, this.nspans),
      count: this.nspans / 2,
      first: seq === 0,
    };
    this.len = 0;
    this.nspans = 0;
    this.collect();
    this.flushReady();
    const h = this.roomyThread();
    if (h) {
      req.bytes = req.bytes.slice();
      req.spans = req.spans.slice();
      h.busy++;
      h.port.postMessage(req);
      this.queue.push({ seq, out: null, req, worker: h, recycle: false });
    } else if (!this.queue.length) {
      // Nothing before it is pending: written out straight from the writer's buffer.
      const w = batchJson(req.bytes, req.spans, req.count, req.first, this.indent);
      this.written.here++;
      this.sink(w.buf.subarray(0, w.pos));
    } else {
      const out = this.write(req);
      this.queue.push({ seq, out, req: null, worker: null, recycle: false });
      this.held += out.length;
    }
    if (this.held > HELD_BYTES && this.queue.length && !this.queue[0].out) this.abandon(this.queue[0].worker!);
    this.flushReady();
  }

  /** A batch written on this thread, as a text of its own (held until its turn). */
  private write(req: BatchRequest): Uint8Array {
    const w = batchJson(req.bytes, req.spans, req.count, req.first, this.indent);
    this.written.here++;
    return w.buf.slice(0, w.pos);
  }

  private roomyThread(): Thread | null {
    if (!this.threads) this.threads = this.start();
    let best: Thread | null = null;
    for (const h of this.threads) if (!h.dead && h.busy < IN_FLIGHT && (!best || h.busy < best.busy)) best = h;
    return best;
  }

  private start(): Thread[] {
    const ready = takePrestarted(this.indent);
    if (!this.script || this.want <= 0) {
      for (const h of ready) void h.worker.terminate();
      return [];
    }
    const threads = ready.slice(0, this.want);
    for (const h of ready.slice(this.want)) void h.worker.terminate();
    while (threads.length < this.want) threads.push(spawnThread(this.script, this.indent));
    return threads;
  }

  /** Takes every answer already posted. */
  private collect(): void {
    for (const h of this.threads ?? []) {
      for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
        h.busy--;
        this.settle(m.message as BatchAnswer);
      }
    }
  }

  private settle(a: BatchAnswer): void {
    const p = this.queue.find((q) => q.seq === a.seq);
    // Gone or already written here: a late answer changes nothing.
    if (!p || p.out) return;
    // A batch the worker could not write is written here (the same writer: the same text or the same failure).
    if ('out' in a) {
      p.out = a.out;
      p.recycle = true;
      this.written.workers++;
    } else p.out = this.write(p.req!);
    p.req = null;
    this.held += p.out.length;
  }

  private flushReady(): void {
    while (this.queue.length && this.queue[0].out) {
      const p = this.queue.shift()!;
      const out = p.out!;
      this.held -= out.length;
      this.sink(out);
      const h = p.worker;
      if (h && p.recycle && !h.dead)
        h.port.postMessage({ recycle: out.buffer as ArrayBuffer } satisfies Recycle, [out.buffer as ArrayBuffer]);
    }
  }

  /** Writes here every batch a worker still holds; it gets no more (its late answers are dropped). */
  private abandon(h: Thread): void {
    h.dead = true;
    for (const q of this.queue) {
      if (q.worker !== h || q.out) continue;
      q.out = this.write(q.req!);
      q.req = null;
      this.held += q.out.length;
    }
  }
}
