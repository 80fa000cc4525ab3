/**
 * The shared memory of an evidence scan: a ring of chunk buffers the reader thread fills
 * (hash-worker.ts, scan-thread.ts) and the index reads, control words, and per slot the part
 * heads the reader inflated (head-worker.ts).
 */

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
 * Where each control word sits. Per buffer b: STATE[b] is 0 when the buffer is free, k + 1 once
 * it holds chunk k; LEN[b] its bytes; CLAIM[b] which of its slots the index (low 16 bits: the
 * next one) and the reader (high 16 bits: how many, from the end) took.
 */
export const ringLayout = (n: number) =>
  ({
    STATE: 0,
    LEN: n,
    CLAIM: 2 * n,
    /** Chunks published so far. */
    PUBLISHED: 3 * n,
    /** Buffers the index gave back so far (the reader waits on it). */
    FREED: 3 * n + 1,
    /** Set by the index: the reader stops. */
    STOP: 3 * n + 2,
    /** The store's record size once the index knows it (0: unknown; no head is inflated ahead). */
    RECORD_SIZE: 3 * n + 3,
    /** Chunks in all + 1, once the reader reached the end of the file. */
    END: 3 * n + 4,
    /** The reader failed (its message says why). */
    FAILED: 3 * n + 5,
    WORDS: 3 * n + 6,
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
}

/** Shared memory for `buffers` chunks of `chunk` bytes. */
export function scanRing(buffers: number, chunk: number): ScanRing {
  const slots = buffers * Math.floor(chunk / 4096);
  return {
    buffers,
    chunk,
    ctl: new SharedArrayBuffer(ringLayout(buffers).WORDS * 4),
    data: new SharedArrayBuffer(buffers * chunk),
    tags: new SharedArrayBuffer(slots * 4),
    results: new SharedArrayBuffer(slots * 4),
    heads: new SharedArrayBuffer(slots * 64),
  };
}
