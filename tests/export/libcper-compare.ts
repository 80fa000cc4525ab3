/**
 * Walks libcper's JSON and looks every leaf up in ours. Both sides are parsed with
 * lossless-json so 64-bit integers compare exactly.
 */
import { isLosslessNumber, parse } from 'lossless-json';

export interface Mismatch {
  path: string;
  theirs: string;
  ours: string;
}

export function parseLossless(text: string): unknown {
  return parse(text);
}

function leaf(v: unknown): string {
  if (v === undefined) return '<missing>';
  if (isLosslessNumber(v)) return (v as { value: string }).value;
  return JSON.stringify(v);
}

export function compareJson(
  theirs: unknown,
  ours: unknown,
  path = '',
  out: { matched: number; mismatches: Mismatch[] } = { matched: 0, mismatches: [] },
) {
  if (theirs !== null && typeof theirs === 'object' && !isLosslessNumber(theirs)) {
    const entries = Array.isArray(theirs) ? theirs.map((v, i) => [String(i), v] as const) : Object.entries(theirs as object);
    for (const [k, v] of entries) {
      const o = ours !== null && typeof ours === 'object' ? (ours as Record<string, unknown>)[k] : undefined;
      compareJson(v, o, path ? `${path}${Array.isArray(theirs) ? `[${k}]` : `.${k}`}` : k, out);
    }
    return out;
  }
  const a = leaf(theirs);
  const b = leaf(ours);
  if (a === b) out.matched++;
  else out.mismatches.push({ path, theirs: a, ours: b });
  return out;
}
