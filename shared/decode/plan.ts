/**
 * The compiled form of a declaration that every reader shares: its fields flattened (nested
 * ones after their container), each with offset, size and a type code, and the index of the
 * validation field. The field tree (struct.ts), the lean values (lean.ts) and the CPER-JSON
 * plan (json-plan.ts) are all built on it, and `readValue` is the one place a declared field's
 * value is read from bytes.
 */
import { u16le, u32le, u64le } from '../bytes/le';
import { decodeBcdTime } from '../bytes/time';
import { guidText } from './guid-text';
import { fieldSize, flatFields, type FieldSpec, type StructSpec, type Value } from './spec';

/** Type codes of the plan (numbers, so the hot loops switch on small integers). */
export const T = { U8: 0, U16: 1, U32: 2, U64: 3, GUID: 4, ASCII: 5, BCD: 6, BYTES: 7 } as const;
export type TypeCode = (typeof T)[keyof typeof T];
export const TYPE_CODE: Readonly<Record<FieldSpec['type'], TypeCode>> = {
  u8: T.U8,
  u16: T.U16,
  u32: T.U32,
  u64: T.U64,
  guid: T.GUID,
  ascii: T.ASCII,
  bcdtime: T.BCD,
  bytes: T.BYTES,
};

export type { Value };

export interface FieldPlan {
  spec: StructSpec;
  fields: FieldSpec[];
  n: number;
  keys: string[];
  at: Int32Array;
  size: Int32Array;
  type: Uint8Array;
  /** Index of the validation field, -1 when the structure has none. */
  validation: number;
}

const PLANS = new WeakMap<StructSpec, FieldPlan>();

export function fieldPlan(spec: StructSpec): FieldPlan {
  let p = PLANS.get(spec);
  if (p) return p;
  const fields = flatFields(spec);
  const n = fields.length;
  p = {
    spec,
    fields,
    n,
    keys: fields.map((f) => f.key),
    at: new Int32Array(n),
    size: new Int32Array(n),
    type: new Uint8Array(n),
    validation: -1,
  };
  for (let i = 0; i < n; i++) {
    const f = fields[i];
    p.at[i] = f.at;
    p.size[i] = fieldSize(f);
    p.type[i] = TYPE_CODE[f.type];
    if (f.key === spec.validation) p.validation = i;
  }
  PLANS.set(spec, p);
  return p;
}

/** The value of a field of type `type` and `size` bytes at `off` (the caller has checked the bounds). */
export function readValue(b: Uint8Array, off: number, type: number, size: number): Value {
  switch (type) {
    case T.U8:
      return b[off];
    case T.U16:
      return u16le(b, off);
    case T.U32:
      return u32le(b, off);
    case T.U64:
      return u64le(b, off);
    case T.GUID:
      return guidText(b, off);
    case T.ASCII: {
      let s = '';
      for (let k = 0; k < size; k++) {
        const c = b[off + k];
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    }
    case T.BCD:
      return decodeBcdTime(b, off)?.iso;
    default:
      return b.subarray(off, off + size);
  }
}
