/**
 * GUID text (lower case, as bytes/guid.ts's guidAt) interned: section types, creators and
 * platform ids repeat record after record, so bulk decoding keeps one string per GUID.
 */
import { guidAt } from '../bytes/guid';

interface GuidEntry {
  w0: number;
  w1: number;
  w2: number;
  w3: number;
  s: string;
}
const GUIDS = new Map<number, GuidEntry[]>();
let guidCount = 0;

/** The GUID at `o` in text form (lower case, as guidAt), interned. */
export function guidText(b: Uint8Array, o: number): string {
  const w0 = b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24) | 0;
  const w1 = b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24) | 0;
  const w2 = b[o + 8] | (b[o + 9] << 8) | (b[o + 10] << 16) | (b[o + 11] << 24) | 0;
  const w3 = b[o + 12] | (b[o + 13] << 8) | (b[o + 14] << 16) | (b[o + 15] << 24) | 0;
  const h = (Math.imul(w0, 0x9e3779b1) ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ w3) | 0;
  const bucket = GUIDS.get(h);
  if (bucket) {
    for (const e of bucket) if (e.w0 === w0 && e.w1 === w1 && e.w2 === w2 && e.w3 === w3) return e.s;
  }
  const s = flat(guidAt(b, o));
  if (guidCount < 8192) {
    guidCount++;
    if (bucket) bucket.push({ w0, w1, w2, w3, s });
    else GUIDS.set(h, [{ w0, w1, w2, w3, s }]);
  }
  return s;
}

/** A flat copy of a concatenated string (one allocation kept instead of a rope). */
function flat(s: string): string {
  // Number() forces V8 to flatten the rope; the result is discarded.
  void Number(s);
  return s;
}
