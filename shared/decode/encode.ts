/**
 * Writing a declaration's fields: `putValue` is the inverse of plan.ts's `readValue`, one put per
 * field type (as token-types pairs get and put), so encoders fill a structure by field name
 * instead of by offset.
 */
import { guidBytes } from '../bytes/guid';
import type { ValuesOf } from './fields';
import { fieldPlan, T, type Value } from './plan';
import type { StructSpec } from './spec';

/** Writes `value` as a field of type `type` and `size` bytes at `off` (the caller has checked the bounds). */
export function putValue(b: Uint8Array, off: number, type: number, size: number, value: Value): void {
  if (value === undefined) return;
  switch (type) {
    case T.U8:
    case T.U16:
    case T.U32:
    case T.U64: {
      let v = BigInt.asUintN(size * 8, typeof value === 'bigint' ? value : BigInt(Number(value)));
      for (let k = 0; k < size; k++, v >>= 8n) b[off + k] = Number(v & 0xffn);
      return;
    }
    case T.GUID:
      b.set(guidBytes(String(value)), off);
      return;
    case T.ASCII:
      b.set(new TextEncoder().encode(String(value)).subarray(0, size), off);
      return;
    case T.BYTES:
      if (value instanceof Uint8Array) b.set(value.subarray(0, size), off);
      return;
    // BCD times are read, never written.
  }
}

/** Writes the given fields of `spec` at `at` of `b`; fields not given keep their bytes. */
export function encodeStruct<S extends StructSpec>(spec: S, values: Partial<ValuesOf<S>>, b: Uint8Array, at: number): void {
  const p = fieldPlan(spec);
  const given = values as Record<string, Value>;
  for (let i = 0; i < p.n; i++) {
    const off = at + p.at[i];
    if (p.keys[i] in given && off >= 0 && off + p.size[i] <= b.length) putValue(b, off, p.type[i], p.size[i], given[p.keys[i]]);
  }
}
