/**
 * JSON text for CPER-JSON values. Unlike JSON.stringify, a bigint is written as a bare
 * integer, so 64-bit values stay exact (libcper writes them the same way).
 *
 * The compact writer (indent 0) is the bulk-export path: one string built by appending,
 * object keys quoted once and cached, plain ASCII strings written without escaping.
 */
export type Json = null | boolean | number | bigint | string | readonly Json[] | { readonly [k: string]: Json | undefined };
export type JObj = { [k: string]: Json };

export function stringifyJson(v: Json | undefined, indent = 2): string {
  if (v === undefined) return 'null';
  return withNativeJson((write) => write(v, indent)) ?? (indent <= 0 ? compact(v) : pretty(v, '\n', ' '.repeat(indent)));
}

/** Writes one value as JSON text; bigints come out as bare exact integers. */
export type JsonWriter = (v: Json, indent: number) => string;

/**
 * Runs `fn` with a writer built on JSON.stringify (the engine's writer, several times faster
 * than one in JS) that writes bigints as bare integers: for the duration of `fn`,
 * BigInt.prototype.toJSON returns a marker string carrying a per-scope nonce, and quoted
 * markers are replaced by their digits in each text written. The prototype is patched once per
 * scope (patching it per value would deoptimise the engine's writer). `undefined` when the
 * global cannot be patched (frozen prototype); callers then use the JS writers.
 */
let scopes = 0;
export function withNativeJson<T>(fn: (write: JsonWriter) => T): T | undefined {
  const proto = BigInt.prototype as unknown as { toJSON?: () => string };
  const had = Object.getOwnPropertyDescriptor(proto, 'toJSON');
  if (had && !had.configurable) return undefined;
  const nonce = `\u0001${(++scopes).toString(36)}x${Math.random().toString(36).slice(2, 10)}:`;
  // In the text the marker's U+0001 is escaped as \u0001; nothing else can carry the nonce.
  const re = new RegExp(`"${JSON.stringify(nonce).slice(1, -1).replace(/\\/g, '\\\\')}(\\d+)"`, 'g');
  let seen = 0;
  try {
    Object.defineProperty(proto, 'toJSON', {
      configurable: true, writable: true,
      value(this: bigint) {
        seen++;
        return nonce + this.toString();
      },
    });
  } catch {
    return undefined;
  }
  const write: JsonWriter = (v, indent) => {
    const before = seen;
    const text = JSON.stringify(v, null, indent > 0 ? indent : undefined) ?? 'null';
    return seen === before ? text : text.replace(re, '$1');
  };
  try {
    return fn(write);
  } finally {
    if (had) Object.defineProperty(proto, 'toJSON', had);
    else delete proto.toJSON;
  }
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
