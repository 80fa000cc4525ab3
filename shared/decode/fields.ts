/**
 * Named builders for declarations: `u16('node', 32, { label: 'Node', valid: 3, json: 'node' })`
 * reads as the layout it declares. Each builder fixes the field's type (and its size where the
 * type implies one); everything else is an option of the field.
 */
import type { FieldSpec } from './spec';

/** A field's options: everything but its key, offset and type. */
export type FieldOpts = Omit<FieldSpec, 'key' | 'at' | 'type'>;
type SizedOpts = Omit<FieldOpts, 'size'>;

const field = (type: FieldSpec['type']) => (key: string, at: number, opts: FieldOpts = {}): FieldSpec => ({ key, at, type, ...opts });

export const u8 = field('u8');
export const u16 = field('u16');
export const u32 = field('u32');
export const u64 = field('u64');
export const guid = field('guid');

/** `size` bytes shown raw (hex, base64 in JSON). */
export function bytes(key: string, at: number, size: number, opts: SizedOpts = {}): FieldSpec {
  return { key, at, type: 'bytes', size, ...opts };
}

/** `size` bytes of NUL-terminated ASCII. */
export function ascii(key: string, at: number, size: number, opts: SizedOpts = {}): FieldSpec {
  return { key, at, type: 'ascii', size, ...opts };
}
