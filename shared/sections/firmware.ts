/** Firmware Error Record Reference (UEFI N.2.10; Linux cper_sec_fw_err_rec_ref). */
import type { StructSpec } from '../decode/spec';
import { f, pair } from './common';
import { structSection } from './define';

export const FW_RECORD_TYPES: Readonly<Record<number, string>> = {
  0: 'IPF SAL Error Record', 1: 'SOC Firmware Error Record (Type1 - Legacy CrashLog Support)', 2: 'SOC Firmware Error Record (Type2)',
};

export const FIRMWARE_REF: StructSpec = {
  key: 'firmware', label: 'Firmware error record reference', size: 32,
  fields: [
    f('recordType', 'Error record type', 0, 'u8', undefined, pair('errorRecordType', FW_RECORD_TYPES, 'Unknown'), { enum: FW_RECORD_TYPES }),
    f('revision', 'Revision', 1, 'u8', undefined, 'revision'),
    f('reserved', 'Reserved', 2, 'bytes', undefined, undefined, { size: 6 }),
    f('recordId', 'Record identifier', 8, 'u64', undefined, 'recordID', { hex: true }),
    f('recordGuid', 'Record identifier GUID', 16, 'guid', undefined, 'recordIDGUID'),
  ],
};

export const FIRMWARE = structSection({
  guid: '81212a96-09ed-4996-9471-8d729c8e69ed',
  name: 'Firmware Error Record Reference',
  jsonKey: 'Firmware',
  spec: FIRMWARE_REF,
  minLength: 16,
  message: () => 'A Firmware Error occurred',
});
