/**
 * The values-only path of decodeStruct (a lean reader): each StructSpec is compiled once into
 * a plan (sizes and a type code per field), bytes are read straight from the buffer, and GUID
 * text is interned (section types, creators and platform ids repeat record after record), so
 * bulk decoding allocates little more than the value map itself.
 */
import { decodeBcdTime } from '../bytes/time';
import { fieldSize, flatFields, type StructSpec } from './spec';
import type { Value } from './struct';

const enum T { U8, U16, U32, U64, GUID, ASCII, BCD, BYTES }
const CODE: Record<string, T> = { u8: T.U8, u16: T.U16, u32: T.U32, u64: T.U64, guid: T.GUID, ascii: T.ASCII, bcdtime: T.BCD, bytes: T.BYTES };

export interface LeanPlan {
  keys: string[];
  at: Int32Array;
  size: Int32Array;
  type: Uint8Array;
}

const PLANS = new WeakMap<StructSpec, LeanPlan>();

export function leanPlan(spec: StructSpec): LeanPlan {
  let p = PLANS.get(spec);
  if (p) return p;
  const fields = flatFields(spec);
  const n = fields.length;
  p = { keys: fields.map((f) => f.key), at: new Int32Array(n), size: new Int32Array(n), type: new Uint8Array(n) };
  fields.forEach((f, i) => {
    p!.at[i] = f.at;
    p!.size[i] = fieldSize(f);
    p!.type[i] = CODE[f.type];
  });
  PLANS.set(spec, p);
  return p;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

interface GuidEntry { w0: number; w1: number; w2: number; w3: number; s: string }
const GUIDS = new Map<number, GuidEntry[]>();
let guidCount = 0;

/** The GUID at `o` in text form (lower case, as guidAt), interned. */
export function guidText(b: Uint8Array, o: number): string {
  const w0 = (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) | 0;
  const w1 = (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24)) | 0;
  const w2 = (b[o + 8] | (b[o + 9] << 8) | (b[o + 10] << 16) | (b[o + 11] << 24)) | 0;
  const w3 = (b[o + 12] | (b[o + 13] << 8) | (b[o + 14] << 16) | (b[o + 15] << 24)) | 0;
  const h = (Math.imul(w0, 0x9e3779b1) ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ w3) | 0;
  const bucket = GUIDS.get(h);
  if (bucket) {
    for (const e of bucket) if (e.w0 === w0 && e.w1 === w1 && e.w2 === w2 && e.w3 === w3) return e.s;
  }
  let s = '';
  for (const i of ORDER) s += i < 0 ? '-' : HEX[b[o + i]];
  s = flat(s);
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

/** Values of `spec` at window offset `at` of `b` (fields past `end` are undefined). */
export function leanValues(b: Uint8Array, at: number, spec: StructSpec, end: number): { v: Record<string, Value>; complete: boolean } {
  const p = leanPlan(spec);
  const v: Record<string, Value> = {};
  let complete = true;
  const n = p.keys.length;
  for (let i = 0; i < n; i++) {
    const off = at + p.at[i];
    const size = p.size[i];
    if (!(off >= 0 && off + size <= end)) {
      complete = false;
      v[p.keys[i]] = undefined;
      continue;
    }
    let value: Value;
    switch (p.type[i]) {
      case T.U8: value = b[off]; break;
      case T.U16: value = b[off] | (b[off + 1] << 8); break;
      case T.U32: value = (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0; break;
      case T.U64: {
        const lo = (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
        const hi = (b[off + 4] | (b[off + 5] << 8) | (b[off + 6] << 16) | (b[off + 7] << 24)) >>> 0;
        value = hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
        break;
      }
      case T.GUID: value = guidText(b, off); break;
      case T.ASCII: {
        let s = '';
        for (let k = 0; k < size; k++) {
          const c = b[off + k];
          if (c === 0) break;
          s += String.fromCharCode(c);
        }
        value = s;
        break;
      }
      case T.BCD: value = decodeBcdTime(b, off)?.iso; break;
      default: value = b.subarray(off, off + size);
    }
    v[p.keys[i]] = value;
  }
  return { v, complete };
}
