/**
 * Declarations of binary structures: each field once, with its offset, size, type, how to
 * show it and which validation bit governs it. `decodeStruct` turns a declaration plus bytes
 * into a FieldNode tree and a value map; the tree, hex highlighting, JSON and text all come
 * from that.
 */
import type { JsonText } from './json-text';

export type Scalar = 'u8' | 'u16' | 'u32' | 'u64';

/** A declared field's value: integers as number (≤ 32 bits) or bigint (64), text, or bytes. */
export type Value = number | bigint | string | Uint8Array | undefined;

/** What a kernel-text line hook sees: the prefix, the values, and the section's bytes. */
export interface LinuxCtx {
  /** Line prefix (`[Hardware Error]:` and the indentation). */
  p: string;
  v: Readonly<Record<string, Value>>;
  /** Is bit `bit` of the structure's validation field set? */
  valid(bit: number): boolean;
  /** Arrays decoded beyond the fixed layout (error information, contexts), per section type. */
  items: readonly Record<string, Value>[];
  contexts: readonly Record<string, Value>[];
  /** Declared length of the section body. */
  length: number;
  /** Bytes of the section body at `off` (relative to the body), as far as they are present. */
  bytes(off: number, len: number): Uint8Array | undefined;
}

/**
 * How a field (or bit range) appears in Linux's kernel text (drivers/firmware/efi/cper*.c):
 * `<p><name>: <value>` when its validation bit is set. Formats: 'dec'; 'hex' (`0x`, lower case,
 * `digits` wide); 'enum' (`N, <name>` from `names`, `unknown` when not listed); 'bits' (hex, then
 * the names of the set bits on lines of at most 80 columns, as cper_print_bits). `lines` replaces
 * the format for a line that combines fields. `order` places the line when Linux prints in
 * another order than the layout (default: the field's position).
 */
export interface LinuxOut {
  name?: string;
  fmt?: 'dec' | 'hex' | 'enum' | 'bits';
  digits?: number;
  names?: Readonly<Record<number, string>>;
  valid?: number | 'always';
  lines?: (ctx: LinuxCtx) => string[];
  order?: number;
}

/**
 * How a field (or bit range) appears in CPER-JSON (libcper's conventions). `path` is a
 * dot-separated key path inside the enclosing JSON object; shapes:
 * - 'num' (default): the integer (bigint for 64-bit, printed exact);
 * - 'pair': `{value, name}` from `names` (`unknown` when not listed), plus `description`
 *   from `desc` when given; `valueKey`/`nameKey` rename the two keys;
 * - 'hex': "0x…" upper-case, `digits` wide; 'bool'; 'b64' (bytes); 'guid'; 'str' (ASCII).
 * `valid` overrides which validation bit gates the JSON ('always' = never omitted).
 */
export type JsonShape = 'num' | 'pair' | 'name' | 'hex' | 'bool' | 'b64' | 'guid' | 'str' | 'bcd';

export interface JsonOut {
  path: string;
  shape?: JsonShape;
  names?: Readonly<Record<number, string>>;
  desc?: Readonly<Record<number, string>>;
  unknown?: string;
  valueKey?: string;
  nameKey?: string;
  digits?: number;
  valid?: number | 'always';
  /** Emit only when this validation bit is clear (libcper's memory `bank` fallback). */
  unless?: number;
  /** A bit range of the field instead of the whole field (`width` default 1). */
  lo?: number;
  width?: number;
  /** Names of GUID values (shape 'name' on a guid field); read when written, so a table filled later counts. */
  guids?: Readonly<Record<string, string>>;
  /** Place this output before the outputs of field `before` (libcper's key order differs from the layout). */
  before?: string;
  /**
   * A line that combines or tests bytes the shapes cannot: writes its own members (keys
   * included, none when it has nothing to say) from the field at `off` of `b`, bytes up to `end`.
   */
  write?: (w: JsonText, b: Uint8Array, off: number, end: number) => void;
  /** Internal: `path` split on dots, filled on first use. */
  keys?: string[];
}

export type JsonSpec = string | JsonOut | readonly (string | JsonOut)[];

export interface BitSpec {
  key: string;
  json?: JsonSpec;
  label?: string;
  /** Lowest bit and width within the container value. */
  lo: number;
  width?: number;
  enum?: Readonly<Record<number, string>>;
  /** Kernel-text line of this bit range (gated by the container's validation bit). */
  linux?: LinuxOut;
}

export interface FieldSpec {
  key: string;
  label?: string;
  /** Where a specification defines the field (e.g. "UEFI 2.10 N.2.5"), for the docs and the tree's tooltips. */
  doc?: string;
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
  /** CPER-JSON output of this field (omitted from the JSON when not given). */
  json?: JsonSpec;
  /** Kernel-text line of this field. */
  linux?: LinuxOut;
  /**
   * Fields inside this one's bytes (offsets relative to the structure, like every field):
   * the registers of a capability block, the halves of a 64-bit value. They are the node's
   * children in the tree (so each byte has one owner) and ordinary fields for values and JSON.
   */
  fields?: readonly FieldSpec[];
}

export interface StructSpec {
  key: string;
  label: string;
  /** Where a specification defines the structure (e.g. "UEFI 2.10 N.2.5, Table N-29"). */
  doc?: string;
  /** Fixed size of the structure in bytes. */
  size: number;
  /** Key of the field holding validation bits, if the structure has one. */
  validation?: string;
  fields: readonly FieldSpec[];
}

const SCALAR_SIZE: Record<Scalar | 'guid' | 'bcdtime', number> = { u8: 1, u16: 2, u32: 4, u64: 8, guid: 16, bcdtime: 8 };

/** Every field of `spec`, nested ones after their container, in declaration order. */
export function flatFields(spec: StructSpec): FieldSpec[] {
  const out: FieldSpec[] = [];
  const add = (list: readonly FieldSpec[]) => {
    for (const f of list) {
      out.push(f);
      if (f.fields) add(f.fields);
    }
  };
  add(spec.fields);
  return out;
}

export function fieldSize(f: FieldSpec): number {
  return f.size ?? SCALAR_SIZE[f.type as Scalar | 'guid' | 'bcdtime'] ?? 0;
}
