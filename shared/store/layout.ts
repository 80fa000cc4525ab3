import type { StructSpec } from '../decode/spec';

/** "ERSTSTOR" read as a little-endian u64. */
export const STORE_MAGIC = 0x524f545354535245n;
export const STORE_VERSION = 0x0100;
export const STORE_HEADER_SIZE = 24;
/** The empty-slot marker QEMU never writes but treats as occupied; also the "end" id. */
export const ID_ALL_ONES = 0xffffffffffffffffn;

/** QEMU hw/acpi/erst.c `ERSTStorageHeader` (follow the code, not the prose docs). */
export const STORE_HEADER: StructSpec = {
  key: 'storeHeader',
  label: 'ERST storage header',
  size: STORE_HEADER_SIZE,
  fields: [
    { key: 'magic', label: 'Magic', at: 0, type: 'u64', hex: true },
    { key: 'recordSize', label: 'Record (slot) size', at: 8, type: 'u32' },
    { key: 'storageOffset', label: 'Storage offset', at: 12, type: 'u32' },
    { key: 'version', label: 'Version', at: 16, type: 'u16', hex: true },
    { key: 'reserved', label: 'Reserved', at: 18, type: 'u16' },
    { key: 'recordCount', label: 'Record count', at: 20, type: 'u32' },
  ],
};

/** QEMU's layout rule: the header and map are padded up to a whole number of slots. */
export function storageOffsetFor(storageSize: number, recordSize: number): number {
  const slots = Math.floor(storageSize / recordSize);
  return Math.ceil((STORE_HEADER_SIZE + 8 * slots) / recordSize) * recordSize;
}

/** QEMU's record_size rule (check_erst_backend_storage). */
export function recordSizeProblem(rs: number): string | undefined {
  if (rs === 0 || rs < 4096 || (rs & (rs - 1)) !== 0) return `ERST record_size ${rs} is invalid`;
  return undefined;
}
