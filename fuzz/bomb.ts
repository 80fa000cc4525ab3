import { encodeRecord } from '../shared/cper/encode';
import { CREATOR_PSTORE, SECTION_DMESG_Z } from '../shared/cper/guids';
import { DESCRIPTOR_SIZE, HEADER_SIZE } from '../shared/cper/layout';

/** LSB-first bit writer, as deflate packs its streams. */
class Bits {
  private out: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
  }
  /** Huffman codes go most significant bit first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.bit((value >> i) & 1);
  }
  private bit(b: number): void {
    this.acc |= b << this.n;
    if (++this.n === 8) {
      this.out.push(this.acc);
      this.acc = 0;
      this.n = 0;
    }
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.n ? [...this.out, this.acc] : this.out);
  }
}

/**
 * A raw deflate stream that inflates to `size` bytes of `fill` (at least 1): one literal, then
 * copies of 258 bytes at distance 1 in one fixed-Huffman block. About 1 input byte per 160
 * output bytes, built directly so even gigabyte bombs cost nothing to make.
 */
export function deflateBomb(size: number, fill = 0x41): Uint8Array {
  const w = new Bits();
  w.put(1, 1); // BFINAL
  w.put(1, 2); // BTYPE = fixed Huffman
  const lit = (v: number) => (v < 144 ? w.code(0x30 + v, 8) : w.code(0x190 + v - 144, 9));
  lit(fill);
  let left = size - 1;
  while (left >= 258) {
    w.code(0xc5, 8); // length symbol 285 = 258 bytes
    w.code(0, 5); // distance symbol 0 = 1 byte back
    left -= 258;
  }
  while (left-- > 0) lit(fill);
  w.code(0, 7); // end of block (256)
  return w.bytes();
}

/**
 * A pstore DMESG_Z record whose `descriptors` section descriptors all name the same payload:
 * before per-file budgets, each descriptor inflated it again.
 */
export function sharedBombRecord(descriptors: number, payload: Uint8Array, recordId = 0x5f00000001n): Uint8Array {
  const base = encodeRecord({
    recordId,
    creatorId: CREATOR_PSTORE,
    timestamp: 0x5f000000n,
    sections: Array.from({ length: descriptors }, () => ({ type: SECTION_DMESG_Z, body: new Uint8Array(0) })),
  });
  const bodyAt = HEADER_SIZE + descriptors * DESCRIPTOR_SIZE;
  const rec = new Uint8Array(bodyAt + payload.length);
  rec.set(base.subarray(0, bodyAt));
  rec.set(payload, bodyAt);
  const dv = new DataView(rec.buffer);
  dv.setUint32(20, rec.length, true);
  for (let i = 0; i < descriptors; i++) {
    dv.setUint32(HEADER_SIZE + i * DESCRIPTOR_SIZE, bodyAt, true);
    dv.setUint32(HEADER_SIZE + i * DESCRIPTOR_SIZE + 4, payload.length, true);
  }
  return rec;
}

/** `count` different bombs, each inflating to `size`, one per section of one record. */
export function distinctBombsRecord(count: number, size: number, recordId = 0x5f00000002n): Uint8Array {
  return encodeRecord({
    recordId,
    creatorId: CREATOR_PSTORE,
    timestamp: 0x5f000000n,
    sections: Array.from({ length: count }, (_, i) => ({ type: SECTION_DMESG_Z, body: deflateBomb(size, 0x41 + (i % 26)) })),
  });
}
