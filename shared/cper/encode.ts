import { NULL_GUID } from '../bytes/guid';
import { encodeStruct } from '../decode/encode';
import { CREATOR_PSTORE, NOTIFY_MCE, SECTION_DMESG, SECTION_DMESG_Z } from './guids';
import { DESCRIPTOR_SIZE, HEADER_SIZE, RECORD_HEADER, SECTION_DESCRIPTOR } from './layout';

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
 * Encodes a CPER record through its declarations (header, descriptors), then the bodies in order. Used by the sample
 * store, the test generator and the benchmarks — the inverse of decodeRecord.
 */
export function encodeRecord(input: RecordInput): Uint8Array {
  const n = input.sections.length;
  const bodyStart = HEADER_SIZE + n * DESCRIPTOR_SIZE;
  const total = bodyStart + input.sections.reduce((s, x) => s + x.body.length, 0);
  const out = new Uint8Array(total);
  encodeStruct(
    RECORD_HEADER,
    {
      signature: 'CPER',
      revision: input.revision ?? 0x0100,
      signatureEnd: 0xffffffff,
      sectionCount: n,
      severity: input.severity ?? 1,
      validationBits: input.validationBits ?? 0x2,
      recordLength: total,
      timestamp: input.timestamp ?? 0n,
      platformId: input.platformId ?? NULL_GUID,
      partitionId: input.partitionId ?? NULL_GUID,
      creatorId: input.creatorId ?? CREATOR_PSTORE,
      notificationType: input.notificationType ?? NOTIFY_MCE,
      recordId: input.recordId,
      flags: input.flags ?? 0x2,
      persistenceInfo: input.persistenceInfo ?? 0x5245n,
    },
    out,
    0,
  );
  let off = bodyStart;
  input.sections.forEach((s, i) => {
    encodeStruct(
      SECTION_DESCRIPTOR,
      {
        sectionOffset: off,
        sectionLength: s.body.length,
        revision: s.revision ?? 0x0100,
        validationBits: s.validationBits ?? 0,
        flags: s.flags ?? 1,
        sectionType: s.type,
        fruId: s.fruId ?? NULL_GUID,
        severity: s.severity ?? 1,
        fruText: s.fruText ?? '',
      },
      out,
      HEADER_SIZE + i * DESCRIPTOR_SIZE,
    );
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
