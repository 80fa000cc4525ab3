/**
 * Arrays of declared structures whose count comes from an earlier field: each element gets
 * its FieldNode (spans, validity) from its StructSpec; its CPER-JSON comes from the same
 * StructSpec through the section's `json` hook (writeStruct, inside jsonArray).
 */
import type { ByteReader } from '../bytes/reader';
import type { Diagnostic } from '../decode/diagnostics';
import { expert, type ExpertCode } from '../decode/expert';
import type { JsonText } from '../decode/json-text';
import type { FieldNode } from '../decode/node';
import { fieldSize, type StructSpec } from '../decode/spec';
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

/** A run of bytes shown as such (opaque data, padding, unparsed space); by default absent when empty. */
export function bytesNode(
  key: string,
  label: string,
  r: ByteReader,
  at: number,
  length: number,
  validity: FieldNode['validity'] = length > 0 ? 'valid' : 'absent',
): FieldNode {
  return { key, label, offset: r.abs(at), length, type: 'bytes', text: `${length} bytes`, validity };
}

/**
 * Replaces the node of field `key` of `parent` (a field over bytes at `at`) by the node of the
 * one-field structure `spec` read over the same bytes (a word whose bit fields depend on
 * another field), keeping the field's validity. Returns the structure's values.
 */
export function refineField<S extends StructSpec>(
  r: ByteReader,
  parent: FieldNode,
  key: string,
  at: number,
  spec: S,
  end: number,
): ValuesOf<S> {
  const d = decodeStruct(r, at, spec, end);
  const slot = parent.children!.findIndex((c) => c.key === key);
  const refined = d.node.children?.[0];
  if (slot >= 0 && refined) parent.children![slot] = { ...refined, validity: parent.children![slot].validity };
  return d.v;
}

/** Where a section's arrays are decoded: its reader and bytes, its node, its diagnostics. */
export interface ArraySite {
  r: ByteReader;
  at: number;
  length: number;
  node: FieldNode;
  diagnostics: Diagnostic[];
}

/** `count` declared structures one after another, shown as one array node. */
export interface StructArray<S extends StructSpec> {
  spec: S;
  count: number;
  key: string;
  label: string;
  /** Elements are keyed `${item}${i}` and labelled `${itemLabel} ${i}`. */
  item: string;
  itemLabel: string;
  /** The diagnostic when element `i` (`rel` bytes into the section) does not fit; the walk stops there. */
  truncated: { code: ExpertCode; message: (i: number, rel: number) => string };
  /**
   * Elements followed by bytes of their own (a register array): field `sizeKey` gives how many;
   * the element spans them, as far as they are present, and the next element follows them.
   */
  tail?: { sizeKey: string; code: ExpertCode; message: (i: number, size: number, present: number) => string };
  /** Completes element `i` (children, values); `tail` is how many of its own bytes are present after its fixed part. */
  each?: (e: Element<ValuesOf<S>>, i: number, tail: number) => void;
}

/**
 * Decodes the elements of `def` from window offset `from` inside the section, adds the array's
 * node to the section's node, and returns the elements' values and where the array ends.
 */
export function structArray<S extends StructSpec>(
  site: ArraySite,
  from: number,
  def: StructArray<S>,
): { values: ValuesOf<S>[]; end: number } {
  const { r, at, length, diagnostics } = site;
  const end = at + length;
  const size = def.spec.size;
  const sizeField = def.tail && def.spec.fields.find((f) => f.key === def.tail!.sizeKey);
  const nodes: FieldNode[] = [];
  const values: ValuesOf<S>[] = [];
  let off = from;
  for (let i = 0; i < def.count; i++) {
    if (off + size > end) {
      diagnostics.push(expert(def.truncated.code, def.truncated.message(i, off - at), r.abs(off), Math.max(0, end - off)));
      break;
    }
    const e = element(r, off, def.spec, end, `${def.item}${i}`, `${def.itemLabel} ${i}`);
    let tail = 0;
    if (def.tail && sizeField) {
      const declared = Number(e.v[def.tail.sizeKey] ?? 0);
      tail = Math.min(declared, end - off - size);
      if (tail < declared)
        diagnostics.push(expert(def.tail.code, def.tail.message(i, declared, tail), r.abs(off + sizeField.at), fieldSize(sizeField)));
      e.node.length = size + tail;
    }
    def.each?.(e, i, tail);
    nodes.push(e.node);
    values.push(e.v);
    off += size + tail;
  }
  site.node.children!.push(arrayNode(def.key, def.label, r, from, off - from, nodes));
  return { values, end: off };
}

/**
 * Writes `key: [...]` in CPER-JSON: up to `count` elements from `from`, each while its first
 * `size` bytes fit before `end`, written by `write`, which returns how many bytes the element
 * takes. Returns where the array ends.
 */
export function jsonArray(
  w: JsonText,
  key: Uint8Array,
  count: number,
  from: number,
  end: number,
  size: number,
  write: (off: number, i: number) => number,
): number {
  w.key(key);
  w.openArray();
  let off = from;
  for (let i = 0; i < count && off + size <= end; i++) {
    w.item();
    off += write(off, i);
  }
  w.closeArray();
  return off;
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
    if (n.offset > cur) out.push(bytesNode(`${gap}${out.length}`, gapLabel, r, cur - r.base, n.offset - cur, 'valid'));
    out.push(n);
    cur = n.offset + n.length;
  }
  if (cur < stop) out.push(bytesNode(`${gap}${out.length}`, gapLabel, r, cur - r.base, stop - cur, 'valid'));
  return out;
}
