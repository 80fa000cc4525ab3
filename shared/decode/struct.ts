import type { ByteReader } from '../bytes/reader';
import { toHex } from '../bytes/hex';
import { bitRange } from './bits';
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

/** A node for bits `lo`..`lo+width-1` of the field at `offset`. */
function bitNode(
  key: string,
  label: string,
  offset: number,
  length: number,
  lo: number,
  width: number,
  raw: number,
  text: string,
  validity: FieldNode['validity'],
): FieldNode {
  return { key, label, offset, length, type: 'bits', bits: { lo, width }, raw, text, validity };
}

function flagChildren(spec: FieldSpec, raw: number | bigint, offset: number, length: number, validity: FieldNode['validity']): FieldNode[] {
  const big = BigInt(raw);
  return Object.entries(spec.flags!).map(([bit, name]) => {
    const set = bitRange(big, Number(bit)) === 1;
    return bitNode(name, name, offset, length, Number(bit), 1, set ? 1 : 0, set ? 'set' : 'clear', validity);
  });
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
    const val = bitRange(big, b.lo, w);
    const text = b.enum ? `${b.enum[val] ?? 'unknown'} (${val})` : w === 1 ? (val ? 'true' : 'false') : String(val);
    return bitNode(b.key, b.label ?? wordsOf(b.key), offset, length, b.lo, w, val, text, validity);
  });
}

/**
 * Decodes `spec` at window offset `at`. Fields beyond `limit` (window-relative, default the
 * window end) are absent; fields whose validation bit is clear are present but invalid.
 * On a lean reader only the values are produced (the node has no children).
 */
export function decodeStruct<S extends StructSpec>(r: ByteReader, at: number, spec: S, limit = r.length): Decoded<ValuesOf<S>> {
  const end = Math.min(limit, r.length);
  if (r.lean) {
    const { v, complete } = leanValues(r.bytes, at, spec, end);
    return { node: structNode(r, at, spec, end, []), v: v as ValuesOf<S>, complete };
  }
  const st: State = { r, at, end, spec, v: {}, validBits: undefined, complete: true };
  const children = decodeFields(st, spec.fields);
  return { node: structNode(r, at, spec, end, children), v: st.v as ValuesOf<S>, complete: st.complete };
}

/** The node of a structure at window offset `at`: as long as what is present of it, absent when none is. */
function structNode(r: ByteReader, at: number, spec: StructSpec, end: number, children: FieldNode[]): FieldNode {
  const size = Math.max(0, Math.min(spec.size, end - at));
  return {
    key: spec.key,
    label: spec.label,
    offset: r.abs(at),
    length: size,
    type: 'struct',
    text: '',
    validity: size > 0 ? 'valid' : 'absent',
    children,
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
      const node = fieldNode(f, r.abs(off), size, 'absent');
      if (f.fields) node.children = decodeFields(st, f.fields);
      children.push(node);
      continue;
    }
    const value = readValue(r.bytes, off, TYPE_CODE[f.type], size);
    v[f.key] = value;
    if (f.key === spec.validation && (typeof value === 'number' || typeof value === 'bigint')) st.validBits = BigInt(value);
    const invalid = f.valid !== undefined && st.validBits !== undefined && bitRange(st.validBits, f.valid) === 0;
    const node = fieldNode(f, r.abs(off), size, invalid ? 'invalid' : 'valid');
    describe(node, f, value, r, off, size);
    if (f.fields) node.children = [...(node.children ?? []), ...decodeFields(st, f.fields)];
    children.push(node);
  }
  return children;
}

/** A field's node before its value is described (an absent field says so as its text). */
function fieldNode(f: FieldSpec, offset: number, length: number, validity: FieldNode['validity']): FieldNode {
  return { key: f.key, label: f.label ?? f.key, offset, length, type: f.type, text: validity === 'absent' ? 'absent' : '', validity };
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
