/** Processor Generic Error Section (UEFI N.2.4.1; Linux cper_sec_proc_generic). */
import type { StructSpec } from '../decode/spec';
import { f, listToRecord, pair } from './common';
import { flagNames, structSection } from './define';

export const PROC_TYPES = listToRecord(['IA32/X64', 'IA64', 'ARM']);
export const PROC_ISAS = listToRecord(['IA32', 'IA64', 'X64', 'ARM A32/T32', 'ARM A64']);
export const PROC_ERROR_TYPES: Readonly<Record<number, string>> = { 0: 'Unknown', 1: 'Cache Error', 2: 'TLB Error', 4: 'Bus Error', 8: 'Micro-Architectural Error' };
export const PROC_OPERATIONS = listToRecord(['Unknown or Generic', 'Data Read', 'Data Write', 'Instruction Execution']);
const R = 'Unknown (Reserved)';

/** Linux's tables (cper.c proc_type_strs, proc_isa_strs, proc_error_type_strs, proc_op_strs, proc_flag_strs). */
const LINUX_PROC_TYPES = listToRecord(['IA32/X64', 'IA64', 'ARM']);
const LINUX_PROC_ISAS = listToRecord(['IA32', 'IA64', 'X64', 'ARM A32/T32', 'ARM A64']);
const LINUX_PROC_ERRORS = listToRecord(['cache error', 'TLB error', 'bus error', 'micro-architectural error']);
const LINUX_PROC_OPS = listToRecord(['unknown or generic', 'data read', 'data write', 'instruction execution']);
const LINUX_PROC_FLAGS = listToRecord(['restartable', 'precise IP', 'overflow', 'corrected']);
const hex16 = (name: string) => ({ name, fmt: 'hex' as const, digits: 16 });

export const PROC_GENERIC: StructSpec = {
  key: 'processorGeneric', label: 'Processor generic error', size: 192, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['processorTypeValid', 'processorISAValid', 'processorErrorTypeValid', 'operationValid', 'flagsValid', 'levelValid',
        'cpuVersionValid', 'cpuBrandInfoValid', 'cpuIDValid', 'targetAddressValid', 'requestorIDValid', 'responderIDValid', 'instructionIPValid']),
    }),
    f('type', 'Processor type', 8, 'u8', 0, pair('processorType', PROC_TYPES, R), { enum: PROC_TYPES, linux: { name: 'processor_type', fmt: 'enum', names: LINUX_PROC_TYPES } }),
    f('isa', 'Processor ISA', 9, 'u8', 1, pair('processorISA', PROC_ISAS, R), { enum: PROC_ISAS, linux: { name: 'processor_isa', fmt: 'enum', names: LINUX_PROC_ISAS } }),
    f('errorType', 'Processor error type', 10, 'u8', 2, pair('errorType', PROC_ERROR_TYPES, R), {
      flags: { 0: 'cacheError', 1: 'tlbError', 2: 'busError', 3: 'microArchitecturalError' },
      linux: { name: 'error_type', fmt: 'bits', digits: 2, names: LINUX_PROC_ERRORS },
    }),
    f('operation', 'Operation', 11, 'u8', 3, pair('operation', PROC_OPERATIONS, R), { enum: PROC_OPERATIONS, linux: { name: 'operation', fmt: 'enum', names: LINUX_PROC_OPS } }),
    f('flags', 'Flags', 12, 'u8', 4, undefined, {
      linux: { name: 'flags', fmt: 'bits', digits: 2, names: LINUX_PROC_FLAGS },
      bits: [
        { key: 'restartable', lo: 0, json: { path: 'flags.restartable', shape: 'bool' } },
        { key: 'preciseIP', lo: 1, json: { path: 'flags.preciseIP', shape: 'bool' } },
        { key: 'overflow', lo: 2, json: { path: 'flags.overflow', shape: 'bool' } },
        { key: 'corrected', lo: 3, json: { path: 'flags.corrected', shape: 'bool' } },
      ],
    }),
    f('level', 'Level', 13, 'u8', 5, 'level', { linux: { name: 'level' } }),
    f('reserved', 'Reserved', 14, 'u16'),
    f('cpuVersion', 'CPU version info', 16, 'u64', 6, 'cpuVersionInfo', { hex: true, linux: hex16('version_info') }),
    f('cpuBrand', 'CPU brand string', 24, 'ascii', 7, { path: 'cpuBrandString', shape: 'str' }, { size: 128 }),
    f('processorId', 'Processor ID', 152, 'u64', 8, 'processorID', { hex: true, linux: hex16('processor_id') }),
    f('targetAddress', 'Target address', 160, 'u64', 9, 'targetAddress', { hex: true, linux: hex16('target_address') }),
    f('requestorId', 'Requestor ID', 168, 'u64', 10, 'requestorID', { hex: true, linux: hex16('requestor_id') }),
    f('responderId', 'Responder ID', 176, 'u64', 11, 'responderID', { hex: true, linux: hex16('responder_id') }),
    f('ip', 'Instruction IP', 184, 'u64', 12, 'instructionIP', { hex: true, linux: hex16('IP') }),
  ],
};

export const PROCESSOR_GENERIC = structSection({
  guid: '9876ccad-47b4-4bdb-b65e-16f193c4f3db',
  name: 'Processor Generic',
  jsonKey: 'GenericProcessor',
  spec: PROC_GENERIC,
  message: () => 'A Generic Processor Error occurred',
  linux: { name: 'general processor error' },
});
