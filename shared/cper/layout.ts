import type { StructSpec } from '../decode/spec';
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
export const RECORD_HEADER: StructSpec = {
  key: 'header',
  label: 'Record header',
  size: HEADER_SIZE,
  validation: 'validationBits',
  fields: [
    { key: 'signature', label: 'Signature', at: 0, type: 'ascii', size: 4 },
    { key: 'revision', label: 'Revision', at: 4, type: 'u16', hex: true },
    { key: 'signatureEnd', label: 'Signature end', at: 6, type: 'u32', hex: true },
    { key: 'sectionCount', label: 'Section count', at: 10, type: 'u16' },
    { key: 'severity', label: 'Error severity', at: 12, type: 'u32', enum: SEVERITY },
    { key: 'validationBits', label: 'Validation bits', at: 16, type: 'u32', flags: HEADER_VALID },
    { key: 'recordLength', label: 'Record length', at: 20, type: 'u32' },
    { key: 'timestamp', label: 'Timestamp', at: 24, type: 'u64', valid: 1, hex: true },
    { key: 'platformId', label: 'Platform ID', at: 32, type: 'guid', valid: 0 },
    { key: 'partitionId', label: 'Partition ID', at: 48, type: 'guid', valid: 2 },
    { key: 'creatorId', label: 'Creator ID', at: 64, type: 'guid', guids: CREATORS },
    { key: 'notificationType', label: 'Notification type', at: 80, type: 'guid', guids: NOTIFICATION_TYPES },
    { key: 'recordId', label: 'Record ID', at: 96, type: 'u64' },
    { key: 'flags', label: 'Flags', at: 104, type: 'u32', flags: HEADER_FLAGS },
    { key: 'persistenceInfo', label: 'Persistence information', at: 108, type: 'u64', hex: true },
    { key: 'reserved', label: 'Reserved', at: 116, type: 'bytes', size: 12 },
  ],
};

/** UEFI N.2.2 section descriptor (Linux `struct cper_section_descriptor`). */
export const SECTION_DESCRIPTOR: StructSpec = {
  key: 'descriptor',
  label: 'Section descriptor',
  size: DESCRIPTOR_SIZE,
  validation: 'validationBits',
  fields: [
    { key: 'sectionOffset', label: 'Section offset', at: 0, type: 'u32' },
    { key: 'sectionLength', label: 'Section length', at: 4, type: 'u32' },
    { key: 'revision', label: 'Revision', at: 8, type: 'u16', hex: true },
    { key: 'validationBits', label: 'Validation bits', at: 10, type: 'u8', flags: SECTION_VALID },
    { key: 'reserved', label: 'Reserved', at: 11, type: 'u8' },
    { key: 'flags', label: 'Flags', at: 12, type: 'u32', flags: SECTION_FLAGS },
    { key: 'sectionType', label: 'Section type', at: 16, type: 'guid' },
    { key: 'fruId', label: 'FRU ID', at: 32, type: 'guid', valid: 0 },
    { key: 'severity', label: 'Section severity', at: 48, type: 'u32', enum: SEVERITY },
    { key: 'fruText', label: 'FRU text', at: 52, type: 'ascii', size: 20, valid: 1 },
  ],
};
