/**
 * Named builders for declarations: `u16('node', 32, { label: 'Node', valid: 3, json: 'node' })`
 * reads as the layout it declares. Each builder fixes the field's type (and its size where the
 * type implies one); everything else is an option of the field.
 */
import type { FieldSpec, StructSpec, Value } from './spec';

/** A field's options: everything but its key, offset and type. */
export type FieldOpts = Omit<FieldSpec, 'key' | 'at' | 'type'>;
type SizedOpts = Omit<FieldOpts, 'size'>;

/** A field whose key and type are known to the type checker, so its value's type can be inferred. */
export type Field<K extends string = string, T extends FieldSpec['type'] = FieldSpec['type']> = FieldSpec & { key: K; type: T };

/** The value a field of type T reads as. */
type ValueOfType<T> = T extends 'u8' | 'u16' | 'u32'
  ? number
  : T extends 'u64'
    ? bigint
    : T extends 'guid' | 'ascii' | 'bcdtime'
      ? string
      : T extends 'bytes'
        ? Uint8Array
        : Value;
type Entries<F> = F extends readonly (infer E extends FieldSpec)[] ? E | (E extends { fields: infer N } ? Entries<N> : never) : never;

/**
 * The values of a declaration built with `struct()`, by field key (nested fields included), each
 * `undefined` when absent; a declaration typed only as StructSpec gives every key as Value.
 */
export type ValuesOf<S> = S extends { fields: infer F }
  ? { [E in Entries<F> as string extends E['key'] ? never : E['key']]: ValueOfType<E['type']> | undefined } & Record<string, Value>
  : Record<string, Value>;

/** A declaration whose field keys and types the type checker keeps (see ValuesOf). */
export function struct<const F extends readonly FieldSpec[]>(spec: Omit<StructSpec, 'fields'> & { fields: F }): StructSpec & { fields: F } {
  return spec;
}

const field =
  <T extends FieldSpec['type']>(type: T) =>
  <K extends string>(key: K, at: number, opts: FieldOpts = {}): Field<K, T> => ({ key, at, type, ...opts });

export const u8 = field('u8');
export const u16 = field('u16');
export const u32 = field('u32');
export const u64 = field('u64');
export const guid = field('guid');

/** `size` bytes shown raw (hex, base64 in JSON). */
export function bytes<K extends string>(key: K, at: number, size: number, opts: SizedOpts = {}): Field<K, 'bytes'> {
  return { key, at, type: 'bytes', size, ...opts };
}

/** `size` bytes of NUL-terminated ASCII. */
export function ascii<K extends string>(key: K, at: number, size: number, opts: SizedOpts = {}): Field<K, 'ascii'> {
  return { key, at, type: 'ascii', size, ...opts };
}
