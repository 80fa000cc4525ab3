/** Firmware Error Record Reference (UEFI N.2.10; Linux cper_sec_fw_err_rec_ref). */
import { hexDump } from '../bytes/hexdump';
import { intOf } from '../decode/linux-plan';
import type { LinuxCtx } from '../decode/spec';
import { listToRecord, num, pair } from './common';
import { structSection } from './define';
import { bytes, guid, struct, u64, u8 } from '../decode/fields';

const FW_RECORD_TYPES: Readonly<Record<number, string>> = {
  0: 'IPF SAL Error Record',
  1: 'SOC Firmware Error Record (Type1 - Legacy CrashLog Support)',
  2: 'SOC Firmware Error Record (Type2)',
};

const FIRMWARE_REF = struct({
  key: 'firmware',
  label: 'Firmware error record reference',
  size: 32,
  fields: [
    u8('recordType', 0, { label: 'Error record type', json: pair('errorRecordType', FW_RECORD_TYPES, 'Unknown'), enum: FW_RECORD_TYPES }),
    u8('revision', 1, { label: 'Revision', json: 'revision' }),
    bytes('reserved', 2, 6, { label: 'Reserved' }),
    u64('recordId', 8, { label: 'Record identifier', json: 'recordID', hex: true }),
    guid('recordGuid', 16, { label: 'Record identifier GUID', json: 'recordIDGUID' }),
  ],
});

/** Linux cper.c fw_err_rec_type_strs (kernel text). */
const LINUX_FW_TYPES = listToRecord([
  'IPF SAL Error Record',
  'SOC Firmware Error Record Type1 (Legacy CrashLog Support)',
  'SOC Firmware Error Record Type2',
]);

/** Linux cper_print_fw_err: the record id by revision, then the bytes after the reference. */
function firmwareLines({ p, v, length, bytes }: LinuxCtx): string[] {
  const rev = num(v.revision);
  const o = [`${p}Firmware Error Record Type: ${LINUX_FW_TYPES[num(v.recordType)] ?? 'unknown'}`, `${p}Revision: ${rev}`];
  if (rev === 0) o.push(`${p}Record Identifier: ${intOf(v.recordId).toString(16).padStart(8, '0')}`);
  else if (rev === 2 && v.recordGuid !== undefined) o.push(`${p}Record Identifier: ${v.recordGuid}`);
  const start = rev === 0 ? 16 : rev === 1 ? 8 : 32;
  if (length > start) {
    const b = bytes(start, length - start);
    if (b) o.push(...hexDump(p, b, 4, true));
  }
  return o;
}

export const FIRMWARE = structSection({
  guid: '81212a96-09ed-4996-9471-8d729c8e69ed',
  name: 'Firmware Error Record Reference',
  libcperName: 'Firmware Error Record Reference',
  jsonKey: 'Firmware',
  spec: FIRMWARE_REF,
  minLength: 16,
  message: () => 'A Firmware Error occurred',
  linux: { name: 'Firmware Error Record Reference', minLength: 16, tail: firmwareLines },
});
