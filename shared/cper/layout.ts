import { ascii, bytes, guid, struct, u16, u32, u64, u8 } from '../decode/fields';
import { CREATORS, NOTIFICATION_TYPES } from './guids';
import { HEADER_FLAGS, HEADER_VALID, SECTION_FLAGS, SECTION_VALID, SEVERITY } from './strings';

export const HEADER_SIZE = 128;
export const DESCRIPTOR_SIZE = 72;
export const CPER_SIGNATURE = 0x52455043; // "CPER" read as u32 LE

/**
 * How long a record really is: its `record_length` when that covers at least the header and
 * fits in the `avail` bytes present, else everything present (a lying or cut length).
 */
export function recordExtent(claimed: number, avail: number): number {
  return claimed >= HEADER_SIZE && claimed <= avail ? claimed : avail;
}

/** UEFI N.2.1 record header (Linux `struct cper_record_header`). */
export const RECORD_HEADER = struct({
  key: 'header',
  label: 'Record header',
  size: HEADER_SIZE,
  validation: 'validationBits',
  fields: [
    ascii('signature', 0, 4, { label: 'Signature' }),
    u16('revision', 4, { label: 'Revision', hex: true }),
    u32('signatureEnd', 6, { label: 'Signature end', hex: true }),
    u16('sectionCount', 10, { label: 'Section count' }),
    u32('severity', 12, { label: 'Error severity', enum: SEVERITY }),
    u32('validationBits', 16, { label: 'Validation bits', flags: HEADER_VALID }),
    u32('recordLength', 20, { label: 'Record length' }),
    u64('timestamp', 24, { label: 'Timestamp', valid: 1, hex: true }),
    guid('platformId', 32, { label: 'Platform ID', valid: 0 }),
    guid('partitionId', 48, { label: 'Partition ID', valid: 2 }),
    guid('creatorId', 64, { label: 'Creator ID', guids: CREATORS }),
    guid('notificationType', 80, { label: 'Notification type', guids: NOTIFICATION_TYPES }),
    u64('recordId', 96, { label: 'Record ID' }),
    u32('flags', 104, { label: 'Flags', flags: HEADER_FLAGS }),
    u64('persistenceInfo', 108, { label: 'Persistence information', hex: true }),
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
    u32('sectionOffset', 0, { label: 'Section offset' }),
    u32('sectionLength', 4, { label: 'Section length' }),
    u16('revision', 8, { label: 'Revision', hex: true }),
    u8('validationBits', 10, { label: 'Validation bits', flags: SECTION_VALID }),
    u8('reserved', 11, { label: 'Reserved' }),
    u32('flags', 12, { label: 'Flags', flags: SECTION_FLAGS }),
    guid('sectionType', 16, { label: 'Section type' }),
    guid('fruId', 32, { label: 'FRU ID', valid: 0 }),
    u32('severity', 48, { label: 'Section severity', enum: SEVERITY }),
    ascii('fruText', 52, 20, { label: 'FRU text', valid: 1 }),
  ],
});
