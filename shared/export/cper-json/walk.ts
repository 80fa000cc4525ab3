/**
 * The CPER-JSON walker: reads a StructSpec's fields straight from the bytes and writes each
 * one's `json` outputs into an object. Fields beyond the bytes are left out, as are fields
 * whose validation bit is clear (libcper's convention). Plans are compiled once per spec.
 */
import type { ByteReader } from '../../bytes/reader';
import { guidAt } from '../../bytes/guid';
import type { FieldSpec, JsonOut, StructSpec } from '../../decode/spec';
import { fieldSize } from '../../decode/spec';
import { toBase64 } from './base64';
import type { JObj, Json } from './serialize';

interface BitPlan { lo: number; width: number; outs: JsonOut[] }
interface FieldPlan { f: FieldSpec; size: number; outs: JsonOut[]; bits: BitPlan[]; isValidation: boolean }
interface Plan { fields: FieldPlan[] }

const PLANS = new WeakMap<StructSpec, Plan>();

export function jsonOuts(j: FieldSpec['json']): JsonOut[] {
  if (j === undefined) return [];
  const arr = (Array.isArray(j) ? j : [j]) as (string | JsonOut)[];
  const list: JsonOut[] = arr.map((x) => (typeof x === 'string' ? { path: x } : x));
  for (const o of list) if (!o.keys) o.keys = o.path.split('.');
  return list;
}

function plan(spec: StructSpec): Plan {
  let p = PLANS.get(spec);
  if (p) return p;
  p = {
    fields: spec.fields.map((f) => ({
      f,
      size: fieldSize(f),
      outs: jsonOuts(f.json),
      bits: (f.bits ?? []).filter((b) => b.json !== undefined).map((b) => ({ lo: b.lo, width: b.width ?? 1, outs: jsonOuts(b.json) })),
      isValidation: f.key === spec.validation,
    })),
  };
  PLANS.set(spec, p);
  return p;
}

/** Bits [lo, lo+width) of a value held as two 32-bit halves. */
export function bitsOf(lo32: number, hi32: number, lo: number, width: number): number {
  if (lo >= 32) return width >= 32 ? hi32 >>> (lo - 32) : (hi32 >>> (lo - 32)) & ((2 ** width) - 1);
  const low = lo32 >>> lo;
  const lowWidth = 32 - lo;
  if (width <= lowWidth) return width >= 32 ? low : low & ((2 ** width) - 1);
  const hiPart = (width - lowWidth) >= 32 ? hi32 : hi32 & ((2 ** (width - lowWidth)) - 1);
  return low + hiPart * 2 ** lowWidth;
}

export function put(target: JObj, keys: string[], value: Json): void {
  let o = target;
  const last = keys.length - 1;
  for (let i = 0; i < last; i++) {
    let next = o[keys[i]];
    if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      o[keys[i]] = next;
    }
    o = next as JObj;
  }
  o[keys[last]] = value;
}

export function hexUpper(v: number | bigint, digits: number): string {
  return '0x' + v.toString(16).toUpperCase().padStart(digits, '0');
}

export function shaped(out: JsonOut, raw: number | bigint | string | Uint8Array): Json {
  switch (out.shape) {
    case undefined:
    case 'num':
      return raw as number | bigint;
    case 'pair': {
      const n = Number(raw);
      const name = out.names?.[n] ?? out.unknown ?? 'Unknown';
      const value = raw as number;
      const d = out.desc?.[n];
      // Literal objects (fixed hidden classes) for the common key names: cheaper to build and to write.
      if (out.valueKey === undefined && out.nameKey === undefined) return d === undefined ? { value, name } : { value, description: d, name };
      const o: JObj = { [out.valueKey ?? 'value']: value };
      if (d !== undefined) o.description = d;
      o[out.nameKey ?? 'name'] = name;
      return o;
    }
    case 'name':
      return out.names?.[Number(raw)] ?? out.unknown ?? 'Unknown';
    case 'hex':
      return hexUpper(raw as number | bigint, out.digits ?? 0);
    case 'bool':
      return Number(raw) !== 0;
    case 'bcd': {
      const n = Number(raw);
      return (n >> 4) * 10 + (n & 15);
    }
    default:
      return raw as string;
  }
}

function asciiz(b: Uint8Array, off: number, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) {
    const c = b[off + i];
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Writes `spec`'s JSON outputs for the structure at window offset `at` into `target`.
 * `limit` is the window-relative end of the bytes that belong to the structure.
 */
export function structJson(r: ByteReader, at: number, spec: StructSpec, limit = r.length, target: JObj = {}): JObj {
  const p = plan(spec);
  const end = Math.min(limit, r.length);
  const b = r.bytes;
  let vlo = -1;
  let vhi = 0;
  for (const fp of p.fields) {
    if (fp.outs.length === 0 && fp.bits.length === 0 && !fp.isValidation) continue;
    const off = at + fp.f.at;
    if (off < 0 || off + fp.size > end) continue;
    let raw: number | bigint | string | Uint8Array;
    let lo32 = 0;
    let hi32 = 0;
    switch (fp.f.type) {
      case 'u8': raw = lo32 = b[off]; break;
      case 'u16': raw = lo32 = b[off] | (b[off + 1] << 8); break;
      case 'u32': raw = lo32 = (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0; break;
      case 'u64':
        lo32 = (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
        hi32 = (b[off + 4] | (b[off + 5] << 8) | (b[off + 6] << 16) | (b[off + 7] << 24)) >>> 0;
        // Exact as a number below 2^53; a bigint only above (printed exact either way).
        raw = hi32 < 0x200000 ? hi32 * 4294967296 + lo32 : (BigInt(hi32) << 32n) | BigInt(lo32);
        break;
      case 'guid': raw = guidAt(b, off); break;
      case 'ascii': raw = asciiz(b, off, fp.size); break;
      default: raw = b.subarray(off, off + fp.size);
    }
    if (fp.isValidation) {
      vlo = lo32;
      vhi = hi32;
    }
    const gate = fp.f.valid;
    for (const o of fp.outs) {
      const g = o.valid ?? gate;
      if (g !== undefined && g !== 'always' && vlo >= 0 && bitsOf(vlo, vhi, g, 1) === 0) continue;
      if (o.unless !== undefined && vlo >= 0 && bitsOf(vlo, vhi, o.unless, 1) === 1) continue;
      const v = o.shape === 'b64' ? toBase64(raw as Uint8Array) : shaped(o, raw);
      put(target, o.keys!, v);
    }
    for (const bp of fp.bits) {
      const val = bitsOf(lo32, hi32, bp.lo, bp.width);
      for (const o of bp.outs) {
        const g = o.valid ?? gate;
        if (g !== undefined && g !== 'always' && vlo >= 0 && bitsOf(vlo, vhi, g, 1) === 0) continue;
        if (o.unless !== undefined && vlo >= 0 && bitsOf(vlo, vhi, o.unless, 1) === 1) continue;
        put(target, o.keys!, shaped(o, val));
      }
    }
  }
  return target;
}
