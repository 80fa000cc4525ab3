/**
 * What follows a record inside its slot tells which QEMU wrote it. QEMU 7.2+ fills the rest of
 * the slot with 0xFF after every write. QEMU 7.0 and 7.1 had the memset arguments swapped
 * (`memset(nvram + record_length, exchange_length - record_length, 0xFF)`, QEMU issue 1268, fixed
 * in 7.2): 255 bytes past the record hold `(record_size - record_length) & 0xFF` and the rest of
 * the slot keeps whatever an earlier, longer record left there — recoverable remnants.
 */

import { SWAPPED_FILL_LENGTH, swappedFillByte } from './layout';

export type SlotWriter = 'qemu-7.2+' | 'qemu-7.0/7.1' | 'either' | 'unknown';

export interface SlotTail {
  writer: SlotWriter;
  /** Fill value 7.0/7.1 would have written after this record. */
  fill: number;
  /** Bytes after the fill that are not 0xFF: left by an earlier record (slot-relative offsets). */
  remnant?: { offset: number; length: number };
}

function all(b: Uint8Array, from: number, to: number, v: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== v) return false;
  return true;
}

/** Classifies the bytes of `slot` after a record of `recordLength` bytes. */
export function slotTail(slot: Uint8Array, recordLength: number): SlotTail | undefined {
  const rs = slot.length;
  if (recordLength <= 0 || recordLength >= rs) return undefined;
  const fill = swappedFillByte(rs, recordLength);
  const fillEnd = Math.min(rs, recordLength + SWAPPED_FILL_LENGTH);
  if (all(slot, recordLength, rs, 0xff)) return { writer: fill === 0xff ? 'either' : 'qemu-7.2+', fill };
  if (fill === 0xff || !all(slot, recordLength, fillEnd, fill)) return { writer: 'unknown', fill };
  const tail: SlotTail = { writer: 'qemu-7.0/7.1', fill };
  let first = fillEnd;
  while (first < rs && slot[first] === 0xff) first++;
  let last = rs;
  while (last > first && slot[last - 1] === 0xff) last--;
  if (last > first) tail.remnant = { offset: first, length: last - first };
  return tail;
}
