import { STORE_HEADER_AT, STORE_MAGIC, STORE_VERSION, mapEntryOffset, storageOffsetFor } from './layout';

/** A freshly formatted store, as QEMU leaves a zero-filled backing file on first start. */
export function formatStore(size: number, recordSize = 8192): Uint8Array {
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(STORE_HEADER_AT.magic, STORE_MAGIC, true);
  dv.setUint32(STORE_HEADER_AT.recordSize, recordSize, true);
  dv.setUint32(STORE_HEADER_AT.storageOffset, storageOffsetFor(size, recordSize), true);
  dv.setUint16(STORE_HEADER_AT.version, STORE_VERSION, true);
  return out;
}

/**
 * Places a record in a slot the way QEMU's write does: bytes, then 0xFF to the slot end,
 * the map entry, and record_count + 1 when the slot was free.
 */
export function putRecord(store: Uint8Array, slot: number, record: Uint8Array, recordId: bigint): void {
  const dv = new DataView(store.buffer, store.byteOffset, store.byteLength);
  const rs = dv.getUint32(STORE_HEADER_AT.recordSize, true);
  const off = slot * rs;
  store.set(record.subarray(0, rs), off);
  store.fill(0xff, off + Math.min(record.length, rs), off + rs);
  const mapAt = mapEntryOffset(slot);
  if (dv.getBigUint64(mapAt, true) === 0n)
    dv.setUint32(STORE_HEADER_AT.recordCount, dv.getUint32(STORE_HEADER_AT.recordCount, true) + 1, true);
  dv.setBigUint64(mapAt, recordId, true);
}

/** Clears a slot as QEMU does: the map entry goes to 0, the bytes stay. */
export function clearSlot(store: Uint8Array, slot: number): void {
  const dv = new DataView(store.buffer, store.byteOffset, store.byteLength);
  const mapAt = mapEntryOffset(slot);
  if (dv.getBigUint64(mapAt, true) !== 0n) {
    dv.setBigUint64(mapAt, 0n, true);
    dv.setUint32(STORE_HEADER_AT.recordCount, dv.getUint32(STORE_HEADER_AT.recordCount, true) - 1, true);
  }
}
