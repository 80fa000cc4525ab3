import { guidBytes, NULL_GUID } from '../bytes/guid';
import { CREATOR_PSTORE, NOTIFY_MCE, SECTION_DMESG, SECTION_DMESG_Z } from './guids';
import { DESCRIPTOR_SIZE, HEADER_SIZE } from './layout';

export interface SectionInput {
  type: string;
  body: Uint8Array;
  severity?: number;
  flags?: number;
  revision?: number;
  validationBits?: number;
  fruId?: string;
  fruText?: string;
}

export interface RecordInput {
  recordId: bigint;
  severity?: number;
  validationBits?: number;
  /** Raw 8 timestamp bytes' value (Unix seconds for Linux records). */
  timestamp?: bigint;
  creatorId?: string;
  notificationType?: string;
  platformId?: string;
  partitionId?: string;
  flags?: number;
  revision?: number;
  /** Bytes 108..115; Linux's erst_write stamps "ER" into the first two. */
  persistenceInfo?: bigint;
  sections: SectionInput[];
}

/**
 * Encodes a CPER record: header, descriptors, then the bodies in order. Used by the sample
 * store, the test generator and the benchmarks — the inverse of decodeRecord.
 */
export function encodeRecord(input: RecordInput): Uint8Array {
  const n = input.sections.length;
  const bodyStart = HEADER_SIZE + n * DESCRIPTOR_SIZE;
  const total = bodyStart + input.sections.reduce((s, x) => s + x.body.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set([0x43, 0x50, 0x45, 0x52], 0);
  dv.setUint16(4, input.revision ?? 0x0100, true);
  dv.setUint32(6, 0xffffffff, true);
  dv.setUint16(10, n, true);
  dv.setUint32(12, input.severity ?? 1, true);
  dv.setUint32(16, input.validationBits ?? 0x2, true);
  dv.setUint32(20, total, true);
  dv.setBigUint64(24, input.timestamp ?? 0n, true);
  out.set(guidBytes(input.platformId ?? NULL_GUID), 32);
  out.set(guidBytes(input.partitionId ?? NULL_GUID), 48);
  out.set(guidBytes(input.creatorId ?? CREATOR_PSTORE), 64);
  out.set(guidBytes(input.notificationType ?? NOTIFY_MCE), 80);
  dv.setBigUint64(96, input.recordId, true);
  dv.setUint32(104, input.flags ?? 0x2, true);
  dv.setBigUint64(108, input.persistenceInfo ?? 0x5245n, true);
  let off = bodyStart;
  input.sections.forEach((s, i) => {
    const d = HEADER_SIZE + i * DESCRIPTOR_SIZE;
    dv.setUint32(d, off, true);
    dv.setUint32(d + 4, s.body.length, true);
    dv.setUint16(d + 8, s.revision ?? 0x0100, true);
    out[d + 10] = s.validationBits ?? 0;
    dv.setUint32(d + 12, s.flags ?? 1, true);
    out.set(guidBytes(s.type), d + 16);
    out.set(guidBytes(s.fruId ?? NULL_GUID), d + 32);
    dv.setUint32(d + 48, s.severity ?? 1, true);
    const fru = new TextEncoder().encode(s.fruText ?? '').subarray(0, 20);
    out.set(fru, d + 52);
    out.set(s.body, off);
    off += s.body.length;
  });
  return out;
}

/** A record laid out exactly as Linux 6.x `erst_writer()` writes a pstore dmesg chunk. */
export function pstoreDmesgRecord(recordId: bigint, unixSeconds: bigint, payload: Uint8Array, compressed: boolean): Uint8Array {
  return encodeRecord({
    recordId,
    timestamp: unixSeconds,
    sections: [{ type: compressed ? SECTION_DMESG_Z : SECTION_DMESG, body: payload }],
  });
}
