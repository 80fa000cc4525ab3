/** Platform Memory Error (UEFI N.2.5) and Platform Memory Error 2 (N.2.6). */
import { intOf } from '../decode/linux-plan';
import type { LinuxCtx, StructSpec, Value } from '../decode/spec';
import { errorStatusField, f, hex16, listToRecord, pair } from './common';
import { flagNames, structSection } from './define';

export const MEMORY_ERROR_TYPES = listToRecord([
  'Unknown', 'No Error', 'Single-bit ECC', 'Multi-bit ECC', 'Single-symbol ChipKill ECC', 'Multi-symbol ChipKill ECC',
  'Master Abort', 'Target Abort', 'Parity Error', 'Watchdog Timeout', 'Invalid Address', 'Mirror Broken', 'Memory Sparing',
  'Scrub Corrected Error', 'Scrub Uncorrected Error', 'Physical Memory Map-out Event',
]);

const MEM_VALID = flagNames([
  'errorStatusValid', 'physicalAddressValid', 'physicalAddressMaskValid', 'nodeValid', 'cardValid', 'moduleValid', 'bankValid',
  'deviceValid', 'rowValid', 'columnValid', 'bitPositionValid', 'platformRequestorIDValid', 'platformResponderIDValid',
  'memoryPlatformTargetValid', 'memoryErrorTypeValid', 'rankNumberValid', 'cardHandleValid', 'moduleHandleValid',
  'extendedRowBitsValid', 'bankGroupValid', 'bankAddressValid', 'chipIdentificationValid',
]);

const MEM2_VALID = flagNames([
  'errorStatusValid', 'physicalAddressValid', 'physicalAddressMaskValid', 'nodeValid', 'cardValid', 'moduleValid', 'bankValid',
  'deviceValid', 'rowValid', 'columnValid', 'rankValid', 'bitPositionValid', 'chipIDValid', 'memoryErrorTypeValid', 'statusValid',
  'requestorIDValid', 'responderIDValid', 'targetIDValid', 'cardHandleValid', 'moduleHandleValid', 'bankGroupValid', 'bankAddressValid',
]);

/** `bank`: `{value}` when the whole-bank bit is set, else `{address, group}` (libcper). */
function bankField(at: number, validBank: number, groupBit: number, addressBit: number) {
  return f('bank', 'Bank', at, 'u16', validBank, { path: 'bank.value' }, {
    bits: [
      { key: 'bankAddress', label: `Bank address (valid bit ${addressBit})`, lo: 0, width: 8, json: { path: 'bank.address', valid: 'always', unless: validBank } },
      { key: 'bankGroup', label: `Bank group (valid bit ${groupBit})`, lo: 8, width: 8, json: { path: 'bank.group', valid: 'always', unless: validBank } },
    ],
  });
}

/** Linux cper.c's tables (kernel text): the error status codes and cper_mem_err_type_strs. */
const LINUX_STATUS: Readonly<Record<number, string>> = {
  1: 'Error detected internal to the component', 4: 'Storage error in DRAM memory', 5: 'Storage error in TLB', 6: 'Storage error in cache',
  7: 'Error in one or more functional units', 8: 'Component failed self test', 9: 'Overflow or undervalue of internal queue', 16: 'Error detected in the bus',
  17: 'Virtual address not found on IO-TLB or IO-PDIR', 18: 'Improper access error', 19: 'Access to a memory address which is not mapped to any component',
  20: 'Loss of Lockstep', 21: 'Response not associated with a request', 22: 'Bus parity error - must also set the A, C, or D Bits',
  23: 'Detection of a protocol error', 24: 'Detection of a PATH_ERROR', 25: 'Bus operation timeout', 26: 'A read was issued to data that has been poisoned',
};
const LINUX_MEMORY_TYPES = listToRecord(['unknown', 'no error', 'single-bit ECC', 'multi-bit ECC', 'single-symbol chipkill ECC', 'multi-symbol chipkill ECC',
  'master abort', 'target abort', 'parity error', 'watchdog timeout', 'invalid address', 'mirror Broken', 'memory sparing', 'scrub corrected error',
  'scrub uncorrected error', 'physical memory map-out event']);
const num = (v: Value): number => Number(intOf(v));
const x16 = (v: Value): string => '0x' + intOf(v).toString(16).padStart(16, '0');

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

export const MEMORY_ERROR: StructSpec = {
  key: 'memory', label: 'Platform memory error', size: 80, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, { flags: MEM_VALID }),
    { ...errorStatusField(8, 0), linux: { lines: statusLines } },
    f('physicalAddress', 'Physical address', 16, 'u64', 1, [{ path: 'physicalAddress' }, { path: 'physicalAddressHex', shape: 'hex', digits: 16 }], {
      hex: true, linux: { name: 'physical_address', fmt: 'hex', digits: 16 },
    }),
    f('physicalAddressMask', 'Physical address mask', 24, 'u64', 2, 'physicalAddressMask', { hex: true, linux: { name: 'physical_address_mask', fmt: 'hex', digits: 16 } }),
    f('node', 'Node', 32, 'u16', 3, 'node', { linux: { valid: 'always', lines: locationLines } }),
    f('card', 'Card', 34, 'u16', 4, 'card'),
    f('module', 'Module', 36, 'u16', 5, 'moduleRank'),
    bankField(38, 6, 19, 20),
    f('device', 'Device', 40, 'u16', 7, 'device'),
    f('row', 'Row', 42, 'u16', 8, 'row'),
    f('column', 'Column', 44, 'u16', 9, 'column'),
    f('bitPosition', 'Bit position', 46, 'u16', 10, 'bitPosition'),
    f('requestorId', 'Requestor ID', 48, 'u64', 11, 'requestorID', { hex: true }),
    f('responderId', 'Responder ID', 56, 'u64', 12, 'responderID', { hex: true }),
    f('targetId', 'Target ID', 64, 'u64', 13, 'targetID', { hex: true }),
    f('errorType', 'Memory error type', 72, 'u8', 14, pair('memoryErrorType', MEMORY_ERROR_TYPES, 'Unknown (Reserved)'), {
      enum: MEMORY_ERROR_TYPES, linux: { name: 'error_type', fmt: 'enum', names: LINUX_MEMORY_TYPES },
    }),
    f('extended', 'Extended', 73, 'u8', 18, undefined, {
      hex: true,
      bits: [
        { key: 'rowBit16', lo: 0, json: { path: 'extended.rowBit16', shape: 'bool' } },
        { key: 'rowBit17', lo: 1, json: { path: 'extended.rowBit17', shape: 'bool' } },
        { key: 'chipId', label: 'Chip identification (valid bit 21)', lo: 5, width: 3, json: { path: 'extended.chipIdentification', valid: 21 } },
      ],
    }),
    f('rankNumber', 'Rank number', 74, 'u16', 15, 'rankNumber'),
    f('cardHandle', 'Card SMBIOS handle', 76, 'u16', 16, 'cardSmbiosHandle', { hex: true }),
    f('moduleHandle', 'Module SMBIOS handle', 78, 'u16', 17, 'moduleSmbiosHandle', { hex: true, linux: { lines: dimmLines } }),
  ],
};

export const MEMORY_ERROR_2: StructSpec = {
  key: 'memory2', label: 'Platform memory error 2', size: 96, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, { flags: MEM2_VALID }),
    errorStatusField(8, 0),
    // libcper gates physicalAddress on bit 0 (error status) and always writes the hex form.
    f('physicalAddress', 'Physical address', 16, 'u64', 1, [{ path: 'physicalAddress', valid: 0 }, { path: 'physicalAddressHex', shape: 'hex', digits: 16, valid: 'always' }], { hex: true }),
    f('physicalAddressMask', 'Physical address mask', 24, 'u64', 2, 'physicalAddressMask', { hex: true }),
    f('node', 'Node', 32, 'u16', 3, 'node'),
    f('card', 'Card', 34, 'u16', 4, 'card'),
    f('module', 'Module', 36, 'u16', 5, 'module'),
    bankField(38, 6, 20, 21),
    f('device', 'Device', 40, 'u32', 7, 'device'),
    f('row', 'Row', 44, 'u32', 8, 'row'),
    f('column', 'Column', 48, 'u32', 9, 'column'),
    f('rank', 'Rank', 52, 'u32', 10, 'rank'),
    f('bitPosition', 'Bit position', 56, 'u32', 11, 'bitPosition'),
    f('chipId', 'Chip ID', 60, 'u8', 12, 'chipID'),
    f('errorType', 'Memory error type', 61, 'u8', 13, pair('memoryErrorType', MEMORY_ERROR_TYPES, 'Unknown (Reserved)'), { enum: MEMORY_ERROR_TYPES }),
    f('status', 'Status', 62, 'u8', 14, 'status.value', {
      hex: true,
      bits: [{ key: 'uncorrected', lo: 0, json: { path: 'status.state', shape: 'name', names: { 0: 'Corrected', 1: 'Uncorrected' } } }],
    }),
    f('reserved', 'Reserved', 63, 'u8'),
    f('requestorId', 'Requestor ID', 64, 'u64', 15, 'requestorID', { hex: true }),
    f('responderId', 'Responder ID', 72, 'u64', 16, 'responderID', { hex: true }),
    f('targetId', 'Target ID', 80, 'u64', 17, 'targetID', { hex: true }),
    f('cardHandle', 'Card SMBIOS handle', 88, 'u32', 18, 'cardSmbiosHandle', { hex: true }),
    f('moduleHandle', 'Module SMBIOS handle', 92, 'u32', 19, 'moduleSmbiosHandle', { hex: true }),
  ],
};

function isValid(v: Record<string, unknown>, bit: number): boolean {
  const vb = v.validationBits;
  return typeof vb === 'bigint' && ((vb >> BigInt(bit)) & 1n) === 1n;
}

function memoryMessage(v: Record<string, unknown>, typeBit: number, addrBit: number, nodeBit: number, nodeWord: string): string {
  let m = isValid(v, typeBit) ? `A ${MEMORY_ERROR_TYPES[v.errorType as number] ?? 'Unknown (Reserved)'} Memory Error occurred` : 'An Unknown Memory Error occurred';
  if (isValid(v, addrBit)) m += ` at address ${hex16(v.physicalAddress as bigint)}`;
  if (isValid(v, nodeBit)) m += ` ${nodeWord} ${Number(v.node ?? 0)}`;
  return m;
}

export const MEMORY = structSection({
  guid: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1',
  name: 'Platform Memory Error',
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
  jsonKey: 'Memory2',
  spec: MEMORY_ERROR_2,
  message: (v) => memoryMessage(v, 13, 0, 3, 'on node'),
});
