import type { ByteReader } from '../bytes/reader';
import { toHex } from '../bytes/hex';
import { decodeBcdTime } from '../bytes/time';
import { leanValues } from './lean';
import { readValue, TYPE_CODE, type Value } from './plan';
import type { ValuesOf } from './fields';
import type { FieldNode } from './node';
import { fieldSize, type FieldSpec, type StructSpec } from './spec';

export type { Value };

export interface Decoded<V = Record<string, Value>> {
  node: FieldNode;
  /** Raw values by key (`undefined` when absent), typed from the declaration when it is built with `struct()`. */
  v: V;
  /** True when every byte of the declared size was present. */
  complete: boolean;
}

function intText(spec: FieldSpec, raw: number | bigint): string {
  if (spec.enum) {
    const name = spec.enum[Number(raw)];
    return name !== undefined ? `${name} (${raw})` : `unknown (${raw})`;
  }
  if (spec.hex || spec.flags || typeof raw === 'bigint') {
    const digits = spec.type === 'u8' ? 2 : spec.type === 'u16' ? 4 : spec.type === 'u32' ? 8 : 16;
    return '0x' + raw.toString(16).padStart(digits, '0');
  }
  return String(raw);
}

function flagChildren(spec: FieldSpec, raw: number | bigint, offset: number, length: number, validity: FieldNode['validity']): FieldNode[] {
  const out: FieldNode[] = [];
  const big = BigInt(raw);
  for (const [bit, name] of Object.entries(spec.flags!)) {
    const set = ((big >> BigInt(bit)) & 1n) === 1n;
    out.push({
      key: name,
      label: name,
      offset,
      length,
      type: 'bits',
      bits: { lo: Number(bit), width: 1 },
      raw: set ? 1 : 0,
      text: set ? 'set' : 'clear',
      validity,
    });
  }
  return out;
}

/** A bit range declared without a label is named from its key: `rowBit16` → "Row bit 16", `preciseIP` → "Precise IP". */
function wordsOf(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(' ');
  return words
    .map((w, i) => (/^[A-Z0-9]{2,}$/.test(w) ? w : i === 0 ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase()))
    .join(' ');
}

function bitChildren(spec: FieldSpec, raw: number | bigint, offset: number, length: number, validity: FieldNode['validity']): FieldNode[] {
  const big = BigInt(raw);
  return spec.bits!.map((b) => {
    const w = b.width ?? 1;
    const val = Number((big >> BigInt(b.lo)) & ((1n << BigInt(w)) - 1n));
    const text = b.enum ? `${b.enum[val] ?? 'unknown'} (${val})` : w === 1 ? (val ? 'true' : 'false') : String(val);
    return {
      key: b.key,
      label: b.label ?? wordsOf(b.key),
      offset,
      length,
      type: 'bits' as const,
      bits: { lo: b.lo, width: w },
      raw: val,
      text,
      validity,
    };
  });
}

/**
 * Decodes `spec` at window offset `at`. Fields beyond `limit` (window-relative, default the
 * window end) are absent; fields whose validation bit is clear are present but invalid.
 * On a lean reader only the values are produced (the node has no children).
 */
export function decodeStruct<S extends StructSpec>(r: ByteReader, at: number, spec: S, limit = r.length): Decoded<ValuesOf<S>> {
  const end = Math.min(limit, r.length);
  const lean = r.lean;
  if (lean) {
    const { v, complete } = leanValues(r.bytes, at, spec, end);
    const size = Math.max(0, Math.min(spec.size, end - at));
    return {
      node: {
        key: spec.key,
        label: spec.label,
        offset: r.abs(at),
        length: size,
        type: 'struct',
        text: '',
        validity: size > 0 ? 'valid' : 'absent',
        children: [],
      },
      v: v as ValuesOf<S>,
      complete,
    };
  }
  const st: State = { r, at, end, spec, v: {}, validBits: undefined, complete: true };
  const children = decodeFields(st, spec.fields);
  const v = st.v;
  const complete = st.complete;
  const size = Math.max(0, Math.min(spec.size, end - at));
  return {
    node: {
      key: spec.key,
      label: spec.label,
      offset: r.abs(at),
      length: size,
      type: 'struct',
      text: '',
      validity: size > 0 ? 'valid' : 'absent',
      children,
    },
    v: v as ValuesOf<S>,
    complete,
  };
}

interface State {
  r: ByteReader;
  at: number;
  end: number;
  spec: StructSpec;
  v: Record<string, Value>;
  validBits: bigint | undefined;
  complete: boolean;
}

/** The nodes of `fields` (nested fields become their container's children). */
function decodeFields(st: State, fields: readonly FieldSpec[]): FieldNode[] {
  const { r, at, end, spec, v } = st;
  const children: FieldNode[] = [];
  for (const f of fields) {
    const size = fieldSize(f);
    const off = at + f.at;
    if (!(off >= 0 && off + size <= end)) {
      st.complete = false;
      v[f.key] = undefined;
      const node: FieldNode = {
        key: f.key,
        label: f.label ?? f.key,
        offset: r.abs(off),
        length: size,
        type: f.type,
        text: 'absent',
        validity: 'absent',
      };
      if (f.fields) node.children = decodeFields(st, f.fields);
      children.push(node);
      continue;
    }
    const value = readValue(r.bytes, off, TYPE_CODE[f.type], size);
    v[f.key] = value;
    if (f.key === spec.validation && (typeof value === 'number' || typeof value === 'bigint')) st.validBits = BigInt(value);
    const node: FieldNode = {
      key: f.key,
      label: f.label ?? f.key,
      offset: r.abs(off),
      length: size,
      type: f.type,
      text: '',
      validity: 'valid',
    };
    if (f.valid !== undefined && st.validBits !== undefined && ((st.validBits >> BigInt(f.valid)) & 1n) === 0n) node.validity = 'invalid';
    describe(node, f, value, r, off, size);
    if (f.fields) node.children = [...(node.children ?? []), ...decodeFields(st, f.fields)];
    children.push(node);
  }
  return children;
}

/** Fills a present field's raw value, display text and bit children. */
function describe(node: FieldNode, f: FieldSpec, value: Value, r: ByteReader, off: number, size: number): void {
  switch (f.type) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 'u64': {
      const raw = value as number | bigint;
      node.raw = typeof raw === 'bigint' ? raw.toString() : raw;
      node.text = intText(f, raw);
      if (f.flags) node.children = flagChildren(f, raw, node.offset, size, node.validity);
      else if (f.bits) node.children = bitChildren(f, raw, node.offset, size, node.validity);
      break;
    }
    case 'guid': {
      const name = f.guids?.[value as string];
      node.raw = value as string;
      node.text = name ? `${name} {${value}}` : (value as string);
      break;
    }
    case 'ascii':
      node.raw = toHex(r.slice(off, size)!);
      node.text = JSON.stringify(value);
      break;
    case 'bcdtime': {
      const t = decodeBcdTime(r.bytes, off);
      node.raw = toHex(r.slice(off, 8)!);
      node.text = t ? `${t.iso}${t.precise ? ' (precise)' : ''}` : 'not a valid BCD time';
      break;
    }
    case 'bytes': {
      const b = value as Uint8Array;
      if (size <= 64) node.raw = toHex(b);
      node.text = size <= 16 ? toHex(b, ' ') : `${size} bytes`;
      break;
    }
  }
}
