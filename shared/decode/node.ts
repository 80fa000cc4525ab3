/**
 * The one description every view is drawn from: a tree of fields, each with the span of
 * bytes it came from. Plain data only, so it crosses IPC and JSON unchanged.
 */
export type Validity = 'valid' | 'invalid' | 'absent';

export type FieldType = 'u8' | 'u16' | 'u32' | 'u64' | 'guid' | 'bytes' | 'ascii' | 'bcdtime' | 'timestamp' | 'bits' | 'struct' | 'array';

export interface FieldNode {
  /** Key in JSON output (camelCase). */
  key: string;
  /** Human label for the tree. */
  label: string;
  /** Absolute byte offset in the source and length; a bit field has its container's span. */
  offset: number;
  length: number;
  type: FieldType;
  /** Raw value: number for ≤32-bit integers, decimal string for 64-bit, hex string for short byte runs. */
  raw?: number | string;
  /** Decoded value as shown to a person (enum name, hex, GUID name, …). */
  text: string;
  /** valid; present but marked invalid by a validation bit; or absent (beyond the bytes). */
  validity: Validity;
  /** For bit fields: the bit range within the container. */
  bits?: { lo: number; width: number };
  children?: FieldNode[];
}

/** Depth-first walk; returns the deepest node whose span covers `offset` (for click → field). */
export function fieldAt(root: FieldNode, offset: number): FieldNode[] {
  const path: FieldNode[] = [];
  let cur: FieldNode | undefined = root;
  while (cur) {
    path.push(cur);
    cur = cur.children?.find((c) => c.type !== 'bits' && c.validity !== 'absent' && offset >= c.offset && offset < c.offset + c.length);
  }
  return path;
}

export function findField(root: FieldNode, key: string): FieldNode | undefined {
  if (root.key === key) return root;
  for (const c of root.children ?? []) {
    const f = findField(c, key);
    if (f) return f;
  }
  return undefined;
}
