/**
 * Random access to the bytes being decoded: a whole buffer in the browser or in tests, a
 * read-only file handle in main. Sync by design: decoding is CPU-bound and reads are small.
 */
export interface ByteSource {
  readonly size: number;
  /** Returns up to `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Uint8Array;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.max(0, offset), Math.max(0, Math.min(bytes.length, offset + length))),
  };
}
