/**
 * Arrays of declared structures whose count comes from an earlier field: each element gets
 * its FieldNode (spans, validity) from its StructSpec; its CPER-JSON comes from the same
 * StructSpec through the section's `json` hook (writeStruct).
 */
import type { ByteReader } from '../bytes/reader';
import type { FieldNode } from '../decode/node';
import type { StructSpec } from '../decode/spec';
import { decodeStruct, type Value } from '../decode/struct';

export interface Element {
  at: number;
  node: FieldNode;
  v: Record<string, Value>;
}

/** One element at window offset `at`, keyed `${key}${i}` in the tree. */
export function element(r: ByteReader, at: number, spec: StructSpec, limit: number, key: string, label: string): Element {
  const d = decodeStruct(r, at, spec, limit);
  d.node.key = key;
  d.node.label = label;
  return { at, node: d.node, v: d.v };
}

export function arrayNode(key: string, label: string, r: ByteReader, at: number, length: number, children: FieldNode[]): FieldNode {
  return { key, label, offset: r.abs(at), length, type: 'array', text: `${children.length} entries`, validity: children.length || length ? 'valid' : 'absent', children };
}
