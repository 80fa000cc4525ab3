/** Processor Generic Error Section (UEFI N.2.4.1; Linux cper_sec_proc_generic). */
import type { StructSpec } from '../decode/spec';
import { f, listToRecord, pair } from './common';
import { flagNames, structSection } from './define';

export const PROC_TYPES = listToRecord(['IA32/X64', 'IA64', 'ARM']);
export const PROC_ISAS = listToRecord(['IA32', 'IA64', 'X64', 'ARM A32/T32', 'ARM A64']);
export const PROC_ERROR_TYPES: Readonly<Record<number, string>> = { 0: 'Unknown', 1: 'Cache Error', 2: 'TLB Error', 4: 'Bus Error', 8: 'Micro-Architectural Error' };
export const PROC_OPERATIONS = listToRecord(['Unknown or Generic', 'Data Read', 'Data Write', 'Instruction Execution']);
const R = 'Unknown (Reserved)';

export const PROC_GENERIC: StructSpec = {
  key: 'processorGeneric', label: 'Processor generic error', size: 192, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['processorTypeValid', 'processorISAValid', 'processorErrorTypeValid', 'operationValid', 'flagsValid', 'levelValid',
        'cpuVersionValid', 'cpuBrandInfoValid', 'cpuIDValid', 'targetAddressValid', 'requestorIDValid', 'responderIDValid', 'instructionIPValid']),
    }),
    f('type', 'Processor type', 8, 'u8', 0, pair('processorType', PROC_TYPES, R), { enum: PROC_TYPES }),
    f('isa', 'Processor ISA', 9, 'u8', 1, pair('processorISA', PROC_ISAS, R), { enum: PROC_ISAS }),
    f('errorType', 'Processor error type', 10, 'u8', 2, pair('errorType', PROC_ERROR_TYPES, R), {
      flags: { 0: 'cacheError', 1: 'tlbError', 2: 'busError', 3: 'microArchitecturalError' },
    }),
    f('operation', 'Operation', 11, 'u8', 3, pair('operation', PROC_OPERATIONS, R), { enum: PROC_OPERATIONS }),
    f('flags', 'Flags', 12, 'u8', 4, undefined, {
      bits: [
        { key: 'restartable', lo: 0, json: { path: 'flags.restartable', shape: 'bool' } },
        { key: 'preciseIP', lo: 1, json: { path: 'flags.preciseIP', shape: 'bool' } },
        { key: 'overflow', lo: 2, json: { path: 'flags.overflow', shape: 'bool' } },
        { key: 'corrected', lo: 3, json: { path: 'flags.corrected', shape: 'bool' } },
      ],
    }),
    f('level', 'Level', 13, 'u8', 5, 'level'),
    f('reserved', 'Reserved', 14, 'u16'),
    f('cpuVersion', 'CPU version info', 16, 'u64', 6, 'cpuVersionInfo', { hex: true }),
    f('cpuBrand', 'CPU brand string', 24, 'ascii', 7, { path: 'cpuBrandString', shape: 'str' }, { size: 128 }),
    f('processorId', 'Processor ID', 152, 'u64', 8, 'processorID', { hex: true }),
    f('targetAddress', 'Target address', 160, 'u64', 9, 'targetAddress', { hex: true }),
    f('requestorId', 'Requestor ID', 168, 'u64', 10, 'requestorID', { hex: true }),
    f('responderId', 'Responder ID', 176, 'u64', 11, 'responderID', { hex: true }),
    f('ip', 'Instruction IP', 184, 'u64', 12, 'instructionIP', { hex: true }),
  ],
};

export const PROCESSOR_GENERIC = structSection({
  guid: '9876ccad-47b4-4bdb-b65e-16f193c4f3db',
  name: 'Processor Generic',
  jsonKey: 'GenericProcessor',
  spec: PROC_GENERIC,
  message: () => 'A Generic Processor Error occurred',
});
