/** Platform Memory Error (UEFI N.2.5) and Platform Memory Error 2 (N.2.6). */
import { bitRange } from '../decode/bits';
import { intOf, x16 } from '../decode/linux-plan';
import type { LinuxCtx } from '../decode/spec';
import { errorStatusField, hex16, listToRecord, num, pair } from './common';
import { flagNames, structSection } from './define';
import { struct, u16, u32, u64, u8 } from '../decode/fields';

const MEMORY_ERROR_TYPES = listToRecord([
  'Unknown',
  'No Error',
  'Single-bit ECC',
  'Multi-bit ECC',
  'Single-symbol ChipKill ECC',
  'Multi-symbol ChipKill ECC',
  'Master Abort',
  'Target Abort',
  'Parity Error',
  'Watchdog Timeout',
  'Invalid Address',
  'Mirror Broken',
  'Memory Sparing',
  'Scrub Corrected Error',
  'Scrub Uncorrected Error',
  'Physical Memory Map-out Event',
]);

/** Validation bits 0-9 are the same in both memory error layouts. */
const MEM_VALID_COMMON = [
  'errorStatusValid',
  'physicalAddressValid',
  'physicalAddressMaskValid',
  'nodeValid',
  'cardValid',
  'moduleValid',
  'bankValid',
  'deviceValid',
  'rowValid',
  'columnValid',
];

const MEM_VALID = flagNames([
  ...MEM_VALID_COMMON,
  'bitPositionValid',
  'platformRequestorIDValid',
  'platformResponderIDValid',
  'memoryPlatformTargetValid',
  'memoryErrorTypeValid',
  'rankNumberValid',
  'cardHandleValid',
  'moduleHandleValid',
  'extendedRowBitsValid',
  'bankGroupValid',
  'bankAddressValid',
  'chipIdentificationValid',
]);

const MEM2_VALID = flagNames([
  ...MEM_VALID_COMMON,
  'rankValid',
  'bitPositionValid',
  'chipIDValid',
  'memoryErrorTypeValid',
  'statusValid',
  'requestorIDValid',
  'responderIDValid',
  'targetIDValid',
  'cardHandleValid',
  'moduleHandleValid',
  'bankGroupValid',
  'bankAddressValid',
]);

/** `bank`: `{value}` when the whole-bank bit is set, else `{address, group}` (libcper). */
function bankField(at: number, validBank: number, groupBit: number, addressBit: number) {
  return u16('bank', at, {
    label: 'Bank',
    valid: validBank,
    json: { path: 'bank.value' },
    bits: [
      {
        key: 'bankAddress',
        label: `Bank address (valid bit ${addressBit})`,
        lo: 0,
        width: 8,
        json: { path: 'bank.address', valid: 'always', unless: validBank },
      },
      {
        key: 'bankGroup',
        label: `Bank group (valid bit ${groupBit})`,
        lo: 8,
        width: 8,
        json: { path: 'bank.group', valid: 'always', unless: validBank },
      },
    ],
  });
}

/** Linux cper.c's tables (kernel text): the error status codes and cper_mem_err_type_strs. */
const LINUX_STATUS: Readonly<Record<number, string>> = {
  1: 'Error detected internal to the component',
  4: 'Storage error in DRAM memory',
  5: 'Storage error in TLB',
  6: 'Storage error in cache',
  7: 'Error in one or more functional units',
  8: 'Component failed self test',
  9: 'Overflow or undervalue of internal queue',
  16: 'Error detected in the bus',
  17: 'Virtual address not found on IO-TLB or IO-PDIR',
  18: 'Improper access error',
  19: 'Access to a memory address which is not mapped to any component',
  20: 'Loss of Lockstep',
  21: 'Response not associated with a request',
  22: 'Bus parity error - must also set the A, C, or D Bits',
  23: 'Detection of a protocol error',
  24: 'Detection of a PATH_ERROR',
  25: 'Bus operation timeout',
  26: 'A read was issued to data that has been poisoned',
};
const LINUX_MEMORY_TYPES = listToRecord([
  'unknown',
  'no error',
  'single-bit ECC',
  'multi-bit ECC',
  'single-symbol chipkill ECC',
  'multi-symbol chipkill ECC',
  'master abort',
  'target abort',
  'parity error',
  'watchdog timeout',
  'invalid address',
  'mirror Broken',
  'memory sparing',
  'scrub corrected error',
  'scrub uncorrected error',
  'physical memory map-out event',
]);

function statusLines({ p, v }: LinuxCtx): string[] {
  const s = Number((intOf(v.errorStatus) >> 8n) & 0xffn);
  return [`${p} error_status: ${LINUX_STATUS[s] ?? 'Reserved'} (${x16(v.errorStatus)})`];
}

/** cper_mem_err_location: one line of the location fields that are valid. */
function locationLines({ p, v, valid }: LinuxCtx): string[] {
  let loc = '';
  if (valid(3)) loc += `node:${num(v.node)} `;
  if (valid(4)) loc += `card:${num(v.card)} `;
  if (valid(5)) loc += `module:${num(v.module)} `;
  if (valid(15)) loc += `rank:${num(v.rankNumber)} `;
  if (valid(6)) loc += `bank:${num(v.bank)} `;
  if (valid(19)) loc += `bank_group:${num(v.bank) >> 8} `;
  if (valid(20)) loc += `bank_address:${num(v.bank) & 0xff} `;
  if (valid(7)) loc += `device:${num(v.device)} `;
  if (valid(8)) loc += `row:${num(v.row) | (valid(18) ? (num(v.extended) & 3) << 16 : 0)} `;
  if (valid(9)) loc += `column:${num(v.column)} `;
  if (valid(10)) loc += `bit_position:${num(v.bitPosition)} `;
  if (valid(11)) loc += `requestor_id:${x16(v.requestorId)} `;
  if (valid(12)) loc += `responder_id:${x16(v.responderId)} `;
  if (valid(13)) loc += `target_id:${x16(v.targetId)} `;
  if (valid(21)) loc += `chip_id:${num(v.extended) >> 5} `;
  return loc ? [p + loc] : [];
}

function dimmLines({ p, v }: LinuxCtx): string[] {
  return [`${p}DIMM location: not present. DMI handle: 0x${num(v.moduleHandle).toString(16).padStart(4, '0')} `];
}

const MEMORY_ERROR = struct({
  key: 'memory',
  label: 'Platform memory error',
  size: 80,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, { label: 'Validation bits', flags: MEM_VALID }),
    { ...errorStatusField(8, 0), linux: { lines: statusLines } },
    u64('physicalAddress', 16, {
      label: 'Physical address',
      valid: 1,
      json: [{ path: 'physicalAddress' }, { path: 'physicalAddressHex', shape: 'hex', digits: 16 }],
      hex: true,
      linux: { name: 'physical_address', fmt: 'hex', digits: 16 },
    }),
    u64('physicalAddressMask', 24, {
      label: 'Physical address mask',
      valid: 2,
      json: 'physicalAddressMask',
      hex: true,
      linux: { name: 'physical_address_mask', fmt: 'hex', digits: 16 },
    }),
    u16('node', 32, { label: 'Node', valid: 3, json: 'node', linux: { valid: 'always', lines: locationLines } }),
    u16('card', 34, { label: 'Card', valid: 4, json: 'card' }),
    u16('module', 36, { label: 'Module', valid: 5, json: 'moduleRank' }),
    bankField(38, 6, 19, 20),
    u16('device', 40, { label: 'Device', valid: 7, json: 'device' }),
    u16('row', 42, { label: 'Row', valid: 8, json: 'row' }),
    u16('column', 44, { label: 'Column', valid: 9, json: 'column' }),
    u16('bitPosition', 46, { label: 'Bit position', valid: 10, json: 'bitPosition' }),
    u64('requestorId', 48, { label: 'Requestor ID', valid: 11, json: 'requestorID', hex: true }),
    u64('responderId', 56, { label: 'Responder ID', valid: 12, json: 'responderID', hex: true }),
    u64('targetId', 64, { label: 'Target ID', valid: 13, json: 'targetID', hex: true }),
    u8('errorType', 72, {
      label: 'Memory error type',
      valid: 14,
      json: pair('memoryErrorType', MEMORY_ERROR_TYPES, 'Unknown (Reserved)'),
      enum: MEMORY_ERROR_TYPES,
      linux: { name: 'error_type', fmt: 'enum', names: LINUX_MEMORY_TYPES },
    }),
    u8('extended', 73, {
      label: 'Extended',
      valid: 18,
      hex: true,
      bits: [
        { key: 'rowBit16', lo: 0, json: { path: 'extended.rowBit16', shape: 'bool' } },
        { key: 'rowBit17', lo: 1, json: { path: 'extended.rowBit17', shape: 'bool' } },
        {
          key: 'chipId',
          label: 'Chip identification (valid bit 21)',
          lo: 5,
          width: 3,
          json: { path: 'extended.chipIdentification', valid: 21 },
        },
      ],
    }),
    u16('rankNumber', 74, { label: 'Rank number', valid: 15, json: 'rankNumber' }),
    u16('cardHandle', 76, { label: 'Card SMBIOS handle', valid: 16, json: 'cardSmbiosHandle', hex: true }),
    u16('moduleHandle', 78, {
      label: 'Module SMBIOS handle',
      valid: 17,
      json: 'moduleSmbiosHandle',
      hex: true,
      linux: { lines: dimmLines },
    }),
  ],
});

const MEMORY_ERROR_2 = struct({
  key: 'memory2',
  label: 'Platform memory error 2',
  size: 96,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, { label: 'Validation bits', flags: MEM2_VALID }),
    errorStatusField(8, 0),
    // libcper gates physicalAddress on bit 0 (error status) and always writes the hex form.
    u64('physicalAddress', 16, {
      label: 'Physical address',
      valid: 1,
      json: [
        { path: 'physicalAddress', valid: 0 },
        { path: 'physicalAddressHex', shape: 'hex', digits: 16, valid: 'always' },
      ],
      hex: true,
    }),
    u64('physicalAddressMask', 24, { label: 'Physical address mask', valid: 2, json: 'physicalAddressMask', hex: true }),
    u16('node', 32, { label: 'Node', valid: 3, json: 'node' }),
    u16('card', 34, { label: 'Card', valid: 4, json: 'card' }),
    u16('module', 36, { label: 'Module', valid: 5, json: 'module' }),
    bankField(38, 6, 20, 21),
    u32('device', 40, { label: 'Device', valid: 7, json: 'device' }),
    u32('row', 44, { label: 'Row', valid: 8, json: 'row' }),
    u32('column', 48, { label: 'Column', valid: 9, json: 'column' }),
    u32('rank', 52, { label: 'Rank', valid: 10, json: 'rank' }),
    u32('bitPosition', 56, { label: 'Bit position', valid: 11, json: 'bitPosition' }),
    u8('chipId', 60, { label: 'Chip ID', valid: 12, json: 'chipID' }),
    u8('errorType', 61, {
      label: 'Memory error type',
      valid: 13,
      json: pair('memoryErrorType', MEMORY_ERROR_TYPES, 'Unknown (Reserved)'),
      enum: MEMORY_ERROR_TYPES,
    }),
    u8('status', 62, {
      label: 'Status',
      valid: 14,
      json: 'status.value',
      hex: true,
      bits: [{ key: 'uncorrected', lo: 0, json: { path: 'status.state', shape: 'name', names: { 0: 'Corrected', 1: 'Uncorrected' } } }],
    }),
    u8('reserved', 63, { label: 'Reserved' }),
    u64('requestorId', 64, { label: 'Requestor ID', valid: 15, json: 'requestorID', hex: true }),
    u64('responderId', 72, { label: 'Responder ID', valid: 16, json: 'responderID', hex: true }),
    u64('targetId', 80, { label: 'Target ID', valid: 17, json: 'targetID', hex: true }),
    u32('cardHandle', 88, { label: 'Card SMBIOS handle', valid: 18, json: 'cardSmbiosHandle', hex: true }),
    u32('moduleHandle', 92, { label: 'Module SMBIOS handle', valid: 19, json: 'moduleSmbiosHandle', hex: true }),
  ],
});

function isValid(v: Record<string, unknown>, bit: number): boolean {
  const vb = v.validationBits;
  return typeof vb === 'bigint' && bitRange(vb, bit) === 1;
}

function memoryMessage(v: Record<string, unknown>, typeBit: number, addrBit: number, nodeBit: number, nodeWord: string): string {
  let m = isValid(v, typeBit)
    ? `A ${MEMORY_ERROR_TYPES[v.errorType as number] ?? 'Unknown (Reserved)'} Memory Error occurred`
    : 'An Unknown Memory Error occurred';
  if (isValid(v, addrBit)) m += ` at address ${hex16(v.physicalAddress as bigint)}`;
  if (isValid(v, nodeBit)) m += ` ${nodeWord} ${Number(v.node ?? 0)}`;
  return m;
}

export const MEMORY = structSection({
  guid: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1',
  name: 'Platform Memory Error',
  libcperName: 'Platform Memory',
  jsonKey: 'Memory',
  spec: MEMORY_ERROR,
  linux: { name: 'memory error', minLength: 73 },
  // libcper's message: "A <type>" only when the type is valid (never "An"), then the address and
  // the node each only when valid.
  message: (v) => memoryMessage(v, 14, 1, 3, 'at node'),
});

export const MEMORY2 = structSection({
  guid: '61ec04fc-48e6-d813-25c9-8daa44750b12',
  name: 'Platform Memory Error 2',
  libcperName: 'Platform Memory 2',
  jsonKey: 'Memory2',
  spec: MEMORY_ERROR_2,
  message: (v) => memoryMessage(v, 13, 0, 3, 'on node'),
});
