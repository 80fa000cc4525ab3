import type { StructSpec } from '../decode/spec';

/** "ERSTSTOR" read as a little-endian u64. */
export const STORE_MAGIC = 0x524f545354535245n;
export const STORE_VERSION = 0x0100;
export const STORE_HEADER_SIZE = 24;
/** Byte offsets of the header fields (QEMU `ERSTStorageHeader`). */
export const STORE_HEADER_AT = { magic: 0, recordSize: 8, storageOffset: 12, version: 16, reserved: 18, recordCount: 20 } as const;
/** The map: one u64 record id per absolute slot index, right after the header (0 = free). */
export const MAP_ENTRY_SIZE = 8;
/** The empty-slot marker QEMU never writes but treats as occupied; also the "end" id. */
export const ID_ALL_ONES = 0xffffffffffffffffn;

/** QEMU hw/acpi/erst.c `ERSTStorageHeader` (follow the code, not the prose docs). */
export const STORE_HEADER: StructSpec = {
  key: 'storeHeader',
  label: 'ERST storage header',
  size: STORE_HEADER_SIZE,
  fields: [
    { key: 'magic', label: 'Magic', at: STORE_HEADER_AT.magic, type: 'u64', hex: true },
    { key: 'recordSize', label: 'Record (slot) size', at: STORE_HEADER_AT.recordSize, type: 'u32' },
    { key: 'storageOffset', label: 'Storage offset', at: STORE_HEADER_AT.storageOffset, type: 'u32' },
    { key: 'version', label: 'Version', at: STORE_HEADER_AT.version, type: 'u16', hex: true },
    { key: 'reserved', label: 'Reserved', at: STORE_HEADER_AT.reserved, type: 'u16' },
    { key: 'recordCount', label: 'Record count', at: STORE_HEADER_AT.recordCount, type: 'u32' },
  ],
};

/** Where slot `slot`'s map entry is. */
export function mapEntryOffset(slot: number): number {
  return STORE_HEADER_SIZE + MAP_ENTRY_SIZE * slot;
}

/** QEMU's layout rule: the header and a map entry for every slot, padded up to whole slots. */
export function headerSlotCount(slotCount: number, recordSize: number): number {
  return Math.ceil(mapEntryOffset(slotCount) / recordSize);
}

/** The storage_offset QEMU writes when it formats a store of `storageSize` bytes. */
export function storageOffsetFor(storageSize: number, recordSize: number): number {
  return headerSlotCount(Math.floor(storageSize / recordSize), recordSize) * recordSize;
}

/** A store's slot counts: all slots, header slots, and the record slots left for records. */
export function slotGeometry(storageSize: number, recordSize: number): { slots: number; headerSlots: number; recordSlots: number } {
  const slots = Math.floor(storageSize / recordSize);
  const headerSlots = headerSlotCount(slots, recordSize);
  return { slots, headerSlots, recordSlots: Math.max(0, slots - headerSlots) };
}

/**
 * QEMU 7.0/7.1 after a write (memset's value and length swapped, fixed in 7.2):
 * `SWAPPED_FILL_LENGTH` bytes right after the record get `swappedFillByte(record_size, length)`
 * (they may run into the next slot) and the rest of the slot keeps what it held before.
 * 7.2+ fills 0xFF from the record's end to the slot's end.
 */
export const SWAPPED_FILL_LENGTH = 0xff;

export function swappedFillByte(recordSize: number, recordLength: number): number {
  return (recordSize - recordLength) & 0xff;
}

/** QEMU's record_size rule (check_erst_backend_storage). */
export function recordSizeProblem(rs: number): string | undefined {
  if (rs === 0 || rs < 4096 || (rs & (rs - 1)) !== 0) return `ERST record_size ${rs} is invalid`;
  return undefined;
}
