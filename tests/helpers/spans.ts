import type { FieldNode } from '../../shared/decode/node';

/** The present leaf fields of a tree (bit fields share their container's span, so they are skipped). */
function leaves(n: FieldNode, out: FieldNode[] = []): FieldNode[] {
  const kids = (n.children ?? []).filter((c) => c.type !== 'bits');
  if (!kids.length) {
    if (n.validity !== 'absent' && n.length > 0) out.push(n);
  } else for (const c of kids) leaves(c, out);
  return out;
}

/** Leaves cover [offset, offset+length) exactly once. */
export function covers(node: FieldNode, offset: number, length: number): boolean {
  let at = offset;
  for (const s of leaves(node).sort((a, b) => a.offset - b.offset)) {
    if (s.offset !== at) return false;
    at += s.length;
  }
  return at === offset + length;
}
