import { ascii, bytes, guid, struct, u16, u32, u64, u8 } from '../decode/fields';
import type { JsonOut } from '../decode/spec';
import { CREATORS, LIBCPER_NOTIFICATION_TYPES, LIBCPER_SECTION_TYPES, NOTIFICATION_TYPES } from './guids';
import { writeLibcperFruText, writeLibcperTimestamp } from './libcper-json';
import { HEADER_FLAGS, HEADER_VALID, LIBCPER_HEADER_FLAGS, LIBCPER_SEVERITY, SECTION_FLAGS, SECTION_VALID, SEVERITY } from './strings';

export const HEADER_SIZE = 128;
export const DESCRIPTOR_SIZE = 72;
export const CPER_SIGNATURE = 0x52455043; // "CPER" read as u32 LE

/** Does a record's `record_length` hold: at least the header, and within the `avail` bytes present? */
export function recordLengthHolds(claimed: number, avail: number): boolean {
  return claimed >= HEADER_SIZE && claimed <= avail;
}

/**
 * How long a record really is: its `record_length` when that holds (recordLengthHolds), else
 * everything present (a lying or cut length). Walkers step by `claimed` only when it holds.
 */
export function recordExtent(claimed: number, avail: number): number {
  return recordLengthHolds(claimed, avail) ? claimed : avail;
}

/** How many section descriptors fit after the header in a record of `extent` bytes. */
export function descriptorsFit(extent: number): number {
  return Math.max(0, Math.floor((extent - HEADER_SIZE) / DESCRIPTOR_SIZE));
}

/**
 * How much of a section body (`len` bytes at `off` in its record) lies inside the record's
 * `extent`: `len`, or fewer when the body runs past the end, or -1 when its offset is past the
 * end (no body at all). A number, so the bulk walkers allocate nothing per section.
 */
export function sectionPresent(off: number, len: number, extent: number): number {
  return off >= extent ? -1 : Math.min(len, extent - off);
}

/** libcper's `{major, minor}` of a revision (high byte, low byte). */
const REVISION_JSON: JsonOut[] = [
  { path: 'revision.major', lo: 8, width: 8 },
  { path: 'revision.minor', lo: 0, width: 8 },
];
const SEVERITY_JSON: JsonOut = { path: 'severity', shape: 'pair', valueKey: 'code', names: LIBCPER_SEVERITY };

/** UEFI N.2.1 record header (Linux `struct cper_record_header`). */
export const RECORD_HEADER = struct({
  key: 'header',
  label: 'Record header',
  size: HEADER_SIZE,
  validation: 'validationBits',
  fields: [
    ascii('signature', 0, 4, { label: 'Signature' }),
    u16('revision', 4, { label: 'Revision', hex: true, json: REVISION_JSON }),
    u32('signatureEnd', 6, { label: 'Signature end', hex: true }),
    u16('sectionCount', 10, { label: 'Section count', json: 'sectionCount' }),
    u32('severity', 12, { label: 'Error severity', enum: SEVERITY, json: SEVERITY_JSON }),
    u32('validationBits', 16, { label: 'Validation bits', flags: HEADER_VALID }),
    u32('recordLength', 20, { label: 'Record length', json: 'recordLength' }),
    u64('timestamp', 24, { label: 'Timestamp', valid: 1, hex: true, json: { path: 'timestamp', write: writeLibcperTimestamp } }),
    guid('platformId', 32, { label: 'Platform ID', valid: 0, json: { path: 'platformID', shape: 'guid' } }),
    guid('partitionId', 48, { label: 'Partition ID', valid: 2, json: { path: 'partitionID', shape: 'guid' } }),
    guid('creatorId', 64, { label: 'Creator ID', guids: CREATORS, json: { path: 'creatorID', shape: 'guid' } }),
    guid('notificationType', 80, {
      label: 'Notification type',
      guids: NOTIFICATION_TYPES,
      json: [
        { path: 'notificationType.guid', shape: 'guid' },
        { path: 'notificationType.type', shape: 'name', guids: LIBCPER_NOTIFICATION_TYPES },
      ],
    }),
    u64('recordId', 96, { label: 'Record ID', json: 'recordID' }),
    u32('flags', 104, { label: 'Flags', flags: HEADER_FLAGS, json: { path: 'flags', shape: 'pair', names: LIBCPER_HEADER_FLAGS } }),
    u64('persistenceInfo', 108, { label: 'Persistence information', hex: true, json: 'persistenceInfo' }),
    bytes('reserved', 116, 12, { label: 'Reserved' }),
  ],
});

/** UEFI N.2.2 section descriptor (Linux `struct cper_section_descriptor`). */
export const SECTION_DESCRIPTOR = struct({
  key: 'descriptor',
  label: 'Section descriptor',
  size: DESCRIPTOR_SIZE,
  validation: 'validationBits',
  fields: [
    u32('sectionOffset', 0, { label: 'Section offset', json: 'sectionOffset' }),
    u32('sectionLength', 4, { label: 'Section length', json: 'sectionLength' }),
    u16('revision', 8, { label: 'Revision', hex: true, json: REVISION_JSON }),
    u8('validationBits', 10, { label: 'Validation bits', flags: SECTION_VALID }),
    u8('reserved', 11, { label: 'Reserved' }),
    u32('flags', 12, {
      label: 'Flags',
      flags: SECTION_FLAGS,
      json: Object.keys(SECTION_FLAGS).map(
        (bit) => ({ path: `flags.${SECTION_FLAGS[Number(bit)]}`, shape: 'bool', lo: Number(bit) }) as const,
      ),
    }),
    guid('sectionType', 16, {
      label: 'Section type',
      json: [
        { path: 'sectionType.data', shape: 'guid' },
        { path: 'sectionType.type', shape: 'name', guids: LIBCPER_SECTION_TYPES },
      ],
    }),
    guid('fruId', 32, { label: 'FRU ID', valid: 0, json: { path: 'fruID', shape: 'guid' } }),
    u32('severity', 48, { label: 'Section severity', enum: SEVERITY, json: SEVERITY_JSON }),
    ascii('fruText', 52, 20, { label: 'FRU text', valid: 1, json: { path: 'fruText', before: 'severity', write: writeLibcperFruText } }),
  ],
});
