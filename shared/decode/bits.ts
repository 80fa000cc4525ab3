/** Bit ranges of a declared integer held as a bigint (64-bit fields, validation words). */

/** Bits `lo`..`lo+width-1` of `v`. */
export function bitRange(v: bigint, lo: number, width = 1): number {
  return Number((v >> BigInt(lo)) & ((1n << BigInt(width)) - 1n));
}
