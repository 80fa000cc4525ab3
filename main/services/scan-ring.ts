/**
 * The shared memory of an evidence scan: a ring of chunk buffers, control words, and per slot
 * the part heads the reader thread inflated (head-worker.ts). Chunk k covers bytes
 * [k·chunk, (k+1)·chunk) and lives in buffer k mod buffers. The reader thread reads ahead and
 * hashes every chunk in order; the index reads a chunk itself when the reader has not reached
 * it yet (it is busy hashing), so neither side waits for the other longer than it must.
 */
import type { PaceRule } from './scan-pace';

export interface ScanRing {
  buffers: number;
  chunk: number;
  /** Int32 control words (ringLayout). */
  ctl: SharedArrayBuffer;
  /** `buffers` chunks of `chunk` bytes. */
  data: SharedArrayBuffer;
  /** Per slot of each buffer (chunk / 4096 of them): the chunk its head came from + 1, its result, its head bytes (64). */
  tags: SharedArrayBuffer;
  results: SharedArrayBuffer;
  heads: SharedArrayBuffer;
}

/**
 * Where each control word sits. Per buffer b: STATE[b] is 0 when the buffer is free, k + 1 while
 * the index may use chunk k in it; PUB[b] is k + 1 once chunk k was read into it (kept until the
 * buffer is reused: the hash may come after the index); LEN[b] its bytes; CLAIM[b] which of its
 * slots the index (low 16 bits: the next one) and the reader (high 16 bits: how many, from the
 * end) took.
 */
export const ringLayout = (n: number) =>
  ({
    STATE: 0,
    PUB: n,
    LEN: 2 * n,
    CLAIM: 3 * n,
    /** The next chunk to read (taken by compare-and-swap). */
    NEXT_READ: 4 * n,
    /** Chunks hashed so far. */
    HASHED: 4 * n + 1,
    /** Bumped (and notified) whenever a chunk is read or given back: the reader waits on it. */
    EVENTS: 4 * n + 2,
    /** Set by the index: the reader stops. */
    STOP: 4 * n + 3,
    /** The store's record size once the index knows it (0: unknown; no head is inflated ahead). */
    RECORD_SIZE: 4 * n + 4,
    /** Chunks in the file + 1 (lowered when the file reads short). */
    END: 4 * n + 5,
    /** The reader failed (its message says why). */
    FAILED: 4 * n + 6,
    WORDS: 4 * n + 7,
  }) as const;

export type RingLayout = ReturnType<typeof ringLayout>;

export interface ScanThreadData {
  ring: ScanRing;
  layout: RingLayout;
  /** A read-only descriptor of the file, open until the scan ends. */
  fd: number;
  size: number;
  /** Inflate part heads while waiting. */
  heads: boolean;
  /** Step back for other programs (scan-pace.ts): the bundled reader naps by this rule. */
  pace: PaceRule | null;
}

/** Shared memory for `buffers` chunks of `chunk` bytes of a file of `size` bytes. */
export function scanRing(buffers: number, chunk: number, size: number): ScanRing {
  const slots = buffers * Math.floor(chunk / 4096);
  const L = ringLayout(buffers);
  const ring = {
    buffers,
    chunk,
    ctl: new SharedArrayBuffer(L.WORDS * 4),
    data: new SharedArrayBuffer(buffers * chunk),
    tags: new SharedArrayBuffer(slots * 4),
    results: new SharedArrayBuffer(slots * 4),
    heads: new SharedArrayBuffer(slots * 64),
  };
  new Int32Array(ring.ctl)[L.END] = Math.ceil(size / chunk) + 1;
  return ring;
}

type ReadSync = (fd: number, b: Uint8Array, off: number, len: number, pos: number) => number;

/**
 * Reads the next chunk into its buffer when that buffer is free and its last chunk hashed
 * (only chunk `only` when given); false when it is not this caller's turn. Self-contained (it
 * runs as text in the plain reader thread too): it uses nothing but its arguments.
 */
export function readNext(d: ScanThreadData, ctl: Int32Array, data: Uint8Array, readSync: ReadSync, only = -1): boolean {
  const L = d.layout;
  const N = d.ring.buffers;
  const C = d.ring.chunk;
  const k = Atomics.load(ctl, L.NEXT_READ);
  if ((only >= 0 && k !== only) || k + 1 >= Atomics.load(ctl, L.END)) return false;
  const b = k % N;
  if (Atomics.load(ctl, L.STATE + b) !== 0 || Atomics.load(ctl, L.HASHED) < k - N + 1) return false;
  if (Atomics.compareExchange(ctl, L.NEXT_READ, k, k + 1) !== k) return false;
  const want = Math.min(C, d.size - k * C);
  const n = readSync(d.fd, data.subarray(b * C, b * C + want), 0, want, k * C);
  if (n < want) {
    // The file reads short: it ends with this chunk (or before it).
    for (let end = Atomics.load(ctl, L.END); end > k + (n > 0 ? 2 : 1); end = Atomics.load(ctl, L.END))
      if (Atomics.compareExchange(ctl, L.END, end, k + (n > 0 ? 2 : 1)) === end) break;
  }
  if (n > 0) {
    ctl[L.LEN + b] = n;
    Atomics.store(ctl, L.CLAIM + b, 0);
    Atomics.store(ctl, L.PUB + b, k + 1);
    Atomics.store(ctl, L.STATE + b, k + 1);
  }
  Atomics.notify(ctl, L.STATE + b);
  Atomics.add(ctl, L.EVENTS, 1);
  Atomics.notify(ctl, L.EVENTS);
  return true;
}

interface Hash {
  update(b: Uint8Array): unknown;
  digest(enc: 'hex'): string;
}

/**
 * The reader thread: reads ahead, hashes every chunk in order, and otherwise takes part heads
 * to inflate (`steal`), until told to stop; posts `{ digest }` or `{ error, code }`. After each
 * chunk hashed, `pace` may nap (the index then waits for the hash, so the whole scan steps back).
 * Self-contained like readNext (which it is given).
 */
export function readerLoop(
  d: ScanThreadData,
  read: typeof readNext,
  readSync: ReadSync,
  hash: Hash,
  post: (m: unknown) => void,
  steal: (() => boolean) | null,
  pace: (() => void) | null = null,
): void {
  const L = d.layout;
  const N = d.ring.buffers;
  const C = d.ring.chunk;
  const ctl = new Int32Array(d.ring.ctl);
  const data = new Uint8Array(d.ring.data);
  let hashed = 0;
  let digested = false;
  try {
    while (!Atomics.load(ctl, L.STOP)) {
      const events = Atomics.load(ctl, L.EVENTS);
      // Hashing first (no other thread can), then reading ahead (the index reads a chunk itself
      // when it would wait for it), then heads.
      const b = hashed % N;
      if (hashed + 1 < Atomics.load(ctl, L.END) && Atomics.load(ctl, L.PUB + b) === hashed + 1) {
        hash.update(data.subarray(b * C, b * C + ctl[L.LEN + b]));
        hashed++;
        Atomics.store(ctl, L.HASHED, hashed);
        // The index may be waiting to read the next chunk into this buffer.
        Atomics.notify(ctl, L.STATE + b);
        if (pace) pace();
        continue;
      }
      if (read(d, ctl, data, readSync)) continue;
      if (!digested && hashed + 1 >= Atomics.load(ctl, L.END)) {
        digested = true;
        post({ digest: hash.digest('hex') });
      }
      if (steal && steal()) continue;
      Atomics.wait(ctl, L.EVENTS, events, 20);
    }
  } catch (e) {
    post({ error: String((e as Error)?.message), code: (e as { code?: string })?.code });
    Atomics.store(ctl, L.FAILED, 1);
    for (let i = 0; i < N; i++) Atomics.notify(ctl, L.STATE + i);
  }
}
