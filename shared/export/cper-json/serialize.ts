/**
 * JSON text for CPER-JSON values. Unlike JSON.stringify, a bigint is written as a bare
 * integer, so 64-bit values stay exact (libcper writes them the same way).
 */
export type Json = null | boolean | number | bigint | string | readonly Json[] | { readonly [k: string]: Json | undefined };
export type JObj = { [k: string]: Json };

export function stringifyJson(v: Json | undefined, indent = 2): string {
  const parts: string[] = [];
  write(v, indent > 0 ? '\n' : '', indent > 0 ? ' '.repeat(indent) : '', parts);
  return parts.join('');
}

function write(v: Json | undefined, nl: string, step: string, out: string[]): void {
  switch (typeof v) {
    case 'bigint':
      out.push(v.toString());
      return;
    case 'number':
      out.push(Number.isFinite(v) ? String(v) : 'null');
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'undefined':
      out.push('null');
      return;
  }
  if (v === null) {
    out.push('null');
    return;
  }
  const inner = nl ? nl + step : '';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i) out.push(',');
      out.push(inner);
      write(v[i], inner, step, out);
    }
    out.push(nl, ']');
    return;
  }
  const o = v as { [k: string]: Json | undefined };
  let first = true;
  out.push('{');
  for (const k in o) {
    const x = o[k];
    if (x === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(inner, JSON.stringify(k), nl ? ': ' : ':');
    write(x, inner, step, out);
  }
  out.push(first ? '}' : nl + '}');
}
