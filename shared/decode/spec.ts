/**
 * Declarations of binary structures: each field once, with its offset, size, type, how to
 * show it and which validation bit governs it. `decodeStruct` turns a declaration plus bytes
 * into a FieldNode tree and a value map; the tree, hex highlighting, JSON and text all come
 * from that.
 */
export type Scalar = 'u8' | 'u16' | 'u32' | 'u64';

export interface BitSpec {
  key: string;
  label?: string;
  /** Lowest bit and width within the container value. */
  lo: number;
  width?: number;
  enum?: Readonly<Record<number, string>>;
}

export interface FieldSpec {
  key: string;
  label?: string;
  at: number;
  type: Scalar | 'guid' | 'bytes' | 'ascii' | 'bcdtime';
  /** Byte size for bytes/ascii; implied for the others. */
  size?: number;
  /** Index of the bit in the structure's validation field that says this field is valid. */
  valid?: number;
  /** Name table for enumerations. */
  enum?: Readonly<Record<number, string>>;
  /** Names of single-bit flags, by bit index (bitmask fields). */
  flags?: Readonly<Record<number, string>>;
  /** Sub-fields of an integer (bit ranges), expanded as children. */
  bits?: readonly BitSpec[];
  /** Show integers as hex (default for u64 and flags). */
  hex?: boolean;
  /** Map of known GUIDs to names, for guid fields. */
  guids?: Readonly<Record<string, string>>;
}

export interface StructSpec {
  key: string;
  label: string;
  /** Fixed size of the structure in bytes. */
  size: number;
  /** Key of the field holding validation bits, if the structure has one. */
  validation?: string;
  fields: readonly FieldSpec[];
}

export const SCALAR_SIZE: Record<Scalar | 'guid' | 'bcdtime', number> = { u8: 1, u16: 2, u32: 4, u64: 8, guid: 16, bcdtime: 8 };

export function fieldSize(f: FieldSpec): number {
  return f.size ?? SCALAR_SIZE[f.type as Scalar | 'guid' | 'bcdtime'] ?? 0;
}
