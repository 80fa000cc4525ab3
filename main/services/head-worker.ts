/**
 * Heads of compressed dmesg parts (their `Reason#N PartM` line) inflated by the reader thread
 * in the time it would otherwise wait for the index to give a buffer back: inflating a part's
 * head costs more than the rest of its slot's indexing.
 *
 * The whole slots of a chunk in the ring are shared out by one word per buffer: the index takes
 * them from the front as it reaches them, the reader from the back, one at a time (compare and
 * swap), so a slot is inflated once and the index waits at most for the slot in progress. A
 * result is tagged with its chunk, so a late one is never taken for another chunk's; a slot
 * whose result does not come in time is inflated by the index itself. Both sides run the same
 * code on the same bytes (compressedDmesgBody, inflateHead), so the index is the same either way.
 */
import { inflateHead } from '../../shared/index/head-inflate';
import { compressedDmesgBody } from '../../shared/index/record-layout';
import type { HeadOf } from '../../shared/index/store-index';
import { ringLayout, type RingLayout, type ScanRing } from './scan-ring';

/** Bytes kept per slot: a head is at most 48 bytes (head-inflate.ts). */
const HEAD = 64;
/** Results: no compressed part in the slot, could not be inflated. */
const NONE = -2,
  FAILED = -1;

export class HeadView {
  readonly ctl: Int32Array;
  readonly data: Uint8Array;
  readonly tags: Int32Array;
  readonly results: Int32Array;
  readonly heads: Uint8Array;
  readonly L: RingLayout;
  /** Slots a buffer holds at the smallest record size. */
  readonly per: number;

  constructor(readonly r: ScanRing) {
    this.ctl = new Int32Array(r.ctl);
    this.data = new Uint8Array(r.data);
    this.tags = new Int32Array(r.tags);
    this.results = new Int32Array(r.results);
    this.heads = new Uint8Array(r.heads);
    this.L = ringLayout(r.buffers);
    this.per = Math.floor(r.chunk / 4096);
  }

  /** Whole slots in buffer b (0 when chunks do not start on slot boundaries). */
  count(b: number, rs: number): number {
    return rs && this.r.chunk % rs === 0 ? Math.min(this.per, Math.floor(this.ctl[this.L.LEN + b] / rs)) : 0;
  }
}

/**
 * Takes one slot from the back of the newest chunk that has any left and inflates its head;
 * false when there was none to take.
 */
export function stealOne(v: HeadView): boolean {
  const { ctl, L } = v;
  const rs = Atomics.load(ctl, L.RECORD_SIZE);
  if (!rs) return false;
  const next = Atomics.load(ctl, L.NEXT_READ);
  for (let k = next - 1; k >= 0 && k >= next - v.r.buffers; k--) {
    const b = k % v.r.buffers;
    if (Atomics.load(ctl, L.STATE + b) !== k + 1) continue;
    const count = v.count(b, rs);
    for (;;) {
      const word = Atomics.load(ctl, L.CLAIM + b);
      const front = word & 0xffff;
      const taken = word >>> 16;
      if (front >= count - taken) break;
      if (Atomics.compareExchange(ctl, L.CLAIM + b, word, front | ((taken + 1) << 16)) !== word) continue;
      const i = count - taken - 1;
      const at = b * v.per + i;
      const from = b * v.r.chunk + i * rs;
      const body = compressedDmesgBody(v.data.subarray(from, from + rs));
      let result = NONE;
      if (body) {
        const head = inflateHead(body).head;
        if (!head) result = FAILED;
        else if (head.length <= HEAD) {
          v.heads.set(head, at * HEAD);
          result = head.length;
        }
      }
      v.results[at] = result;
      Atomics.store(v.tags, at, k + 1);
      Atomics.notify(v.tags, at);
      return true;
    }
  }
  return false;
}

/** How long the index waits for the slot the reader is inflating before doing it itself. */
const WAIT_MS = 2;

/**
 * The index's side, for the chunk `k` in buffer `b` whose first slot is `first`: claims each
 * slot it reaches unless the reader took it, else waits for the reader's result.
 */
export function chunkHeads(v: HeadView, k: number, b: number, first: number): HeadOf {
  const { ctl, L } = v;
  const count = v.count(b, Atomics.load(ctl, L.RECORD_SIZE));
  return (slot) => {
    const i = slot - first;
    if (i < 0 || i >= count) return undefined;
    for (;;) {
      const word = Atomics.load(ctl, L.CLAIM + b);
      const taken = word >>> 16;
      if (i >= count - taken) break;
      if (Atomics.compareExchange(ctl, L.CLAIM + b, word, (i + 1) | (taken << 16)) === word) return undefined;
    }
    const at = b * v.per + i;
    let tag = Atomics.load(v.tags, at);
    if (tag !== k + 1) {
      const deadline = performance.now() + WAIT_MS;
      for (;;) {
        const left = deadline - performance.now();
        if (left <= 0) return undefined;
        Atomics.wait(v.tags, at, tag, left);
        tag = Atomics.load(v.tags, at);
        if (tag === k + 1) break;
      }
    }
    const res = v.results[at];
    if (res === FAILED) return null;
    if (res < 0) return undefined;
    return v.heads.subarray(at * HEAD, at * HEAD + res);
  };
}
