/**
 * The values-only path of decodeStruct (a lean reader): the declaration's compiled plan
 * (plan.ts) is run over the buffer, reading each field with `readValue`, so bulk decoding
 * allocates little more than the value map itself.
 */
import { fieldPlan, readValue, type FieldPlan, type Value } from './plan';
import type { StructSpec } from './spec';

export { guidText } from './guid-text';

/** The plan's offsets, sizes and type codes, by field (nested fields after their container). */
export type LeanPlan = Pick<FieldPlan, 'keys' | 'at' | 'size' | 'type'>;

export function leanPlan(spec: StructSpec): LeanPlan {
  return fieldPlan(spec);
}

/** Values of `spec` at window offset `at` of `b` (fields past `end` are undefined). */
export function leanValues(b: Uint8Array, at: number, spec: StructSpec, end: number): { v: Record<string, Value>; complete: boolean } {
  const p = fieldPlan(spec);
  const v: Record<string, Value> = {};
  let complete = true;
  const n = p.n;
  for (let i = 0; i < n; i++) {
    const off = at + p.at[i];
    const size = p.size[i];
    if (!(off >= 0 && off + size <= end)) {
      complete = false;
      v[p.keys[i]] = undefined;
      continue;
    }
    v[p.keys[i]] = readValue(b, off, p.type[i], size);
  }
  return { v, complete };
}
