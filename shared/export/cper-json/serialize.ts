/**
 * JSON text for CPER-JSON values. Unlike JSON.stringify, a bigint is written as a bare
 * integer, so 64-bit values stay exact (libcper writes them the same way).
 * (The CPER-JSON export itself writes text straight from bytes: see text.ts and record.ts.)
 */
export type Json = null | boolean | number | bigint | string | readonly Json[] | { readonly [k: string]: Json | undefined };
export type JObj = { [k: string]: Json };

export function stringifyJson(v: Json | undefined, indent = 2): string {
  if (v === undefined) return 'null';
  return indent <= 0 ? compact(v) : pretty(v, '\n', ' '.repeat(indent));
}

const KEYS = new Map<string, string>();
function quotedKey(k: string): string {
  let q = KEYS.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (KEYS.size < 65536) KEYS.set(k, q);
  }
  return q;
}

/** A string needing no escapes (printable ASCII without `"` or `\`) is written as is. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

function compact(v: Json | undefined): string {
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return Number.isFinite(v) ? '' + v : 'null';
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    let s = '[' + compact(v[0]);
    for (let i = 1; i < v.length; i++) s += ',' + compact(v[i]);
    return s + ']';
  }
  const o = v as { [k: string]: Json | undefined };
  let s = '{';
  let first = true;
  for (const k in o) {
    const x = o[k];
    if (x === undefined) continue;
    if (first) first = false;
    else s += ',';
    s += quotedKey(k) + ':' + compact(x);
  }
  return s + '}';
}

function pretty(v: Json | undefined, nl: string, step: string): string {
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return Number.isFinite(v) ? '' + v : 'null';
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
  }
  if (v === null) return 'null';
  const inner = nl + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + inner + pretty(v[i], inner, step);
    return s + nl + ']';
  }
  const o = v as { [k: string]: Json | undefined };
  let s = '{';
  let first = true;
  for (const k in o) {
    const x = o[k];
    if (x === undefined) continue;
    s += (first ? '' : ',') + inner + quotedKey(k) + ': ' + pretty(x, inner, step);
    first = false;
  }
  return first ? '{}' : s + nl + '}';
}
