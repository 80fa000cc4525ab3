/**
 * A bounds-checked little-endian view over a byte window. Offsets given to the read methods
 * are relative to the window; `abs()` turns them into offsets in the underlying source so
 * every span a decoder records can be highlighted in the raw file.
 *
 * Reads never throw: a read that does not fit returns `undefined`, and decoders turn that
 * into an "absent" field plus a diagnostic.
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  /** Absolute offset (in the source file) of `bytes[0]`. */
  readonly base: number;
  /**
   * Values only: decoders skip building field trees (a large store indexes 100k+ records;
   * the tree of one record is rebuilt when it is opened).
   */
  readonly lean: boolean;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, base = 0, lean = false) {
    this.bytes = bytes;
    this.base = base;
    this.lean = lean;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  abs(off: number): number {
    return this.base + off;
  }

  /** True when `[off, off+len)` lies inside the window (safe for any numbers, incl. NaN). */
  has(off: number, len: number): boolean {
    return Number.isInteger(off) && Number.isInteger(len) && off >= 0 && len >= 0 && off + len <= this.bytes.length;
  }

  u8(off: number): number | undefined {
    return this.has(off, 1) ? this.bytes[off] : undefined;
  }
  u16(off: number): number | undefined {
    return this.has(off, 2) ? this.view.getUint16(off, true) : undefined;
  }
  u32(off: number): number | undefined {
    return this.has(off, 4) ? this.view.getUint32(off, true) : undefined;
  }
  u64(off: number): bigint | undefined {
    return this.has(off, 8) ? this.view.getBigUint64(off, true) : undefined;
  }
  /** A sub-window sharing memory; `undefined` when it does not fit. */
  slice(off: number, len: number): Uint8Array | undefined {
    return this.has(off, len) ? this.bytes.subarray(off, off + len) : undefined;
  }
  /** A reader over `[off, off+len)` clamped to what is present, keeping absolute offsets. */
  sub(off: number, len: number): ByteReader {
    const start = Math.min(Math.max(0, off), this.bytes.length);
    const end = Math.min(this.bytes.length, start + Math.max(0, len));
    return new ByteReader(this.bytes.subarray(start, end), this.base + start, this.lean);
  }
}
