import {
  MAP_ENTRY_SIZE,
  STORE_HEADER_AT,
  STORE_HEADER_SIZE,
  STORE_MAGIC,
  STORE_VERSION,
  recordSizeProblem,
} from '../../shared/store/layout';

/**
 * Start-up of the device over a backing store, as QEMU's check_erst_backend_storage() does
 * it: format a store whose magic is 0, then validate. The store is changed in place (QEMU
 * writes the header into the file before it validates, so a failed start leaves it behind).
 */

/** QEMU refused to start the device (or died doing so); `message` is QEMU's own text. */
export class ErstStartError extends Error {
  constructor(
    message: string,
    readonly crashed = false,
  ) {
    super(message);
  }
}

export interface Geometry {
  /** Backend size (QEMU truncates it to u32). */
  storageSize: number;
  /** BAR1 size: the header's record_size at start-up. */
  exchangeSize: number;
  firstIndex: number;
  /** Exclusive. */
  lastIndex: number;
}

export const DEFAULT_RECORD_SIZE = 8192;
/** A model over more than this is refused before allocating (QEMU's u32 size limit is far above what anyone tests). */
export const MAX_STORE_SIZE = 1 << 30;

export function startDevice(store: Uint8Array, recordSizeProperty = DEFAULT_RECORD_SIZE): Geometry {
  if (store.length < STORE_HEADER_SIZE)
    throw new ErstStartError(`backing store of ${store.length} bytes is smaller than the ${STORE_HEADER_SIZE}-byte header`);
  const dv = new DataView(store.buffer, store.byteOffset, store.byteLength);
  const storageSize = store.length >>> 0;
  const H = STORE_HEADER_AT;
  if (dv.getBigUint64(H.magic, true) === 0n) {
    dv.setBigUint64(H.magic, STORE_MAGIC, true);
    dv.setUint32(H.recordSize, recordSizeProperty >>> 0, true);
    dv.setUint16(H.version, STORE_VERSION, true);
    dv.setUint16(H.reserved, 0, true);
    if (recordSizeProperty === 0) {
      // mapsz = storage_size / default_record_size: QEMU dies with SIGFPE right here.
      throw new ErstStartError('record_size 0: QEMU divides by zero formatting the header and dies with SIGFPE', true);
    }
    // QEMU's own arithmetic, kept for its u32 truncation: mapsz = slots * 8, header_size
    // = sizeof(header) + mapsz, storage_offset = ROUND_UP(header_size, record_size).
    const mapSize = Math.floor(storageSize / recordSizeProperty) * MAP_ENTRY_SIZE;
    const headerSize = (STORE_HEADER_SIZE + mapSize) >>> 0;
    dv.setUint32(H.storageOffset, (Math.ceil(headerSize / recordSizeProperty) * recordSizeProperty) >>> 0, true);
  }
  const rs = dv.getUint32(H.recordSize, true);
  const rsProblem = recordSizeProblem(rs);
  if (rsProblem) throw new ErstStartError(rsProblem);
  const ok =
    dv.getBigUint64(H.magic, true) === STORE_MAGIC &&
    dv.getUint32(H.storageOffset, true) % rs === 0 &&
    dv.getUint16(H.version, true) === STORE_VERSION &&
    dv.getUint16(H.reserved, true) === 0;
  if (!ok) throw new ErstStartError('ERST backend storage header is invalid');
  if (storageSize % rs !== 0 || rs > storageSize)
    throw new ErstStartError(`ACPI ERST requires storage size be multiple of record size (${rs}KiB)`);
  return {
    storageSize,
    exchangeSize: rs,
    firstIndex: Math.floor(dv.getUint32(H.storageOffset, true) / rs),
    lastIndex: Math.floor(storageSize / rs),
  };
}
