/**
 * Little-endian integers straight from a byte array, for hot paths that cannot afford a
 * DataView per window. Callers check bounds first (ByteReader does it for decoders).
 */
export function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

export function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function u64le(b: Uint8Array, o: number): bigint {
  const lo = u32le(b, o);
  const hi = u32le(b, o + 4);
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}
