/**
 * Arrays of declared structures whose count comes from an earlier field: each element gets
 * its FieldNode (spans, validity) from its StructSpec; its CPER-JSON comes from the same
 * StructSpec through the section's `json` hook (writeStruct).
 */
import type { ByteReader } from '../bytes/reader';
import type { FieldNode } from '../decode/node';
import type { StructSpec } from '../decode/spec';
import { decodeStruct, type Value } from '../decode/struct';
import type { ValuesOf } from '../decode/fields';

export interface Element<V = Record<string, Value>> {
  at: number;
  node: FieldNode;
  v: V;
}

/** One element at window offset `at`, keyed `${key}${i}` in the tree. */
export function element<S extends StructSpec>(
  r: ByteReader,
  at: number,
  spec: S,
  limit: number,
  key: string,
  label: string,
): Element<ValuesOf<S>> {
  const d = decodeStruct(r, at, spec, limit);
  d.node.key = key;
  d.node.label = label;
  return { at, node: d.node, v: d.v };
}

export function arrayNode(key: string, label: string, r: ByteReader, at: number, length: number, children: FieldNode[]): FieldNode {
  return {
    key,
    label,
    offset: r.abs(at),
    length,
    type: 'array',
    text: `${children.length} entries`,
    validity: children.length || length ? 'valid' : 'absent',
    children,
  };
}

/** A run of bytes shown as such (opaque data, padding, unparsed space). */
export function bytesNode(key: string, label: string, r: ByteReader, at: number, length: number): FieldNode {
  return { key, label, offset: r.abs(at), length, type: 'bytes', text: `${length} bytes`, validity: length > 0 ? 'valid' : 'absent' };
}

/**
 * Orders `nodes` (window offsets via `r.abs`) inside `[at, end)` so that each byte has one owner:
 * a node that starts before the previous one ends is dropped (its bytes already have an owner),
 * one that runs past `end` is dropped, and every gap becomes a bytes node named `gap`.
 */
export function tile(r: ByteReader, at: number, end: number, nodes: FieldNode[], gap: string, gapLabel: string): FieldNode[] {
  const out: FieldNode[] = [];
  let cur = r.abs(at);
  const stop = r.abs(end);
  for (const n of [...nodes].sort((a, b) => a.offset - b.offset)) {
    if (n.length <= 0 || n.offset < cur || n.offset + n.length > stop) continue;
    if (n.offset > cur)
      out.push({
        key: `${gap}${out.length}`,
        label: gapLabel,
        offset: cur,
        length: n.offset - cur,
        type: 'bytes',
        text: `${n.offset - cur} bytes`,
        validity: 'valid',
      });
    out.push(n);
    cur = n.offset + n.length;
  }
  if (cur < stop)
    out.push({
      key: `${gap}${out.length}`,
      label: gapLabel,
      offset: cur,
      length: stop - cur,
      type: 'bytes',
      text: `${stop - cur} bytes`,
      validity: 'valid',
    });
  return out;
}
