/** Processor Generic Error Section (UEFI N.2.4.1; Linux cper_sec_proc_generic). */
import { listToRecord, pair } from './common';
import { flagNames, structSection } from './define';
import { ascii, struct, u16, u64, u8 } from '../decode/fields';

const PROC_TYPES = listToRecord(['IA32/X64', 'IA64', 'ARM']);
const PROC_ISAS = listToRecord(['IA32', 'IA64', 'X64', 'ARM A32/T32', 'ARM A64']);
const PROC_ERROR_TYPES: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Cache Error',
  2: 'TLB Error',
  4: 'Bus Error',
  8: 'Micro-Architectural Error',
};
const PROC_OPERATIONS = listToRecord(['Unknown or Generic', 'Data Read', 'Data Write', 'Instruction Execution']);
const R = 'Unknown (Reserved)';

/** Linux's tables (cper.c proc_type_strs, proc_isa_strs, proc_error_type_strs, proc_op_strs, proc_flag_strs). */
const LINUX_PROC_TYPES = listToRecord(['IA32/X64', 'IA64', 'ARM']);
const LINUX_PROC_ISAS = listToRecord(['IA32', 'IA64', 'X64', 'ARM A32/T32', 'ARM A64']);
const LINUX_PROC_ERRORS = listToRecord(['cache error', 'TLB error', 'bus error', 'micro-architectural error']);
const LINUX_PROC_OPS = listToRecord(['unknown or generic', 'data read', 'data write', 'instruction execution']);
const LINUX_PROC_FLAGS = listToRecord(['restartable', 'precise IP', 'overflow', 'corrected']);
const hex16 = (name: string) => ({ name, fmt: 'hex' as const, digits: 16 });

export const PROC_GENERIC = struct({
  key: 'processorGeneric',
  label: 'Processor generic error',
  size: 192,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, {
      label: 'Validation bits',
      flags: flagNames([
        'processorTypeValid',
        'processorISAValid',
        'processorErrorTypeValid',
        'operationValid',
        'flagsValid',
        'levelValid',
        'cpuVersionValid',
        'cpuBrandInfoValid',
        'cpuIDValid',
        'targetAddressValid',
        'requestorIDValid',
        'responderIDValid',
        'instructionIPValid',
      ]),
    }),
    u8('type', 8, {
      label: 'Processor type',
      valid: 0,
      json: pair('processorType', PROC_TYPES, R),
      enum: PROC_TYPES,
      linux: { name: 'processor_type', fmt: 'enum', names: LINUX_PROC_TYPES },
    }),
    u8('isa', 9, {
      label: 'Processor ISA',
      valid: 1,
      json: pair('processorISA', PROC_ISAS, R),
      enum: PROC_ISAS,
      linux: { name: 'processor_isa', fmt: 'enum', names: LINUX_PROC_ISAS },
    }),
    u8('errorType', 10, {
      label: 'Processor error type',
      valid: 2,
      json: pair('errorType', PROC_ERROR_TYPES, R),
      flags: { 0: 'cacheError', 1: 'tlbError', 2: 'busError', 3: 'microArchitecturalError' },
      linux: { name: 'error_type', fmt: 'bits', digits: 2, names: LINUX_PROC_ERRORS },
    }),
    u8('operation', 11, {
      label: 'Operation',
      valid: 3,
      json: pair('operation', PROC_OPERATIONS, R),
      enum: PROC_OPERATIONS,
      linux: { name: 'operation', fmt: 'enum', names: LINUX_PROC_OPS },
    }),
    u8('flags', 12, {
      label: 'Flags',
      valid: 4,
      linux: { name: 'flags', fmt: 'bits', digits: 2, names: LINUX_PROC_FLAGS },
      bits: [
        { key: 'restartable', lo: 0, json: { path: 'flags.restartable', shape: 'bool' } },
        { key: 'preciseIP', lo: 1, json: { path: 'flags.preciseIP', shape: 'bool' } },
        { key: 'overflow', lo: 2, json: { path: 'flags.overflow', shape: 'bool' } },
        { key: 'corrected', lo: 3, json: { path: 'flags.corrected', shape: 'bool' } },
      ],
    }),
    u8('level', 13, { label: 'Level', valid: 5, json: 'level', linux: { name: 'level' } }),
    u16('reserved', 14, { label: 'Reserved' }),
    u64('cpuVersion', 16, { label: 'CPU version info', valid: 6, json: 'cpuVersionInfo', hex: true, linux: hex16('version_info') }),
    ascii('cpuBrand', 24, 128, { label: 'CPU brand string', valid: 7, json: { path: 'cpuBrandString', shape: 'str' } }),
    u64('processorId', 152, { label: 'Processor ID', valid: 8, json: 'processorID', hex: true, linux: hex16('processor_id') }),
    u64('targetAddress', 160, { label: 'Target address', valid: 9, json: 'targetAddress', hex: true, linux: hex16('target_address') }),
    u64('requestorId', 168, { label: 'Requestor ID', valid: 10, json: 'requestorID', hex: true, linux: hex16('requestor_id') }),
    u64('responderId', 176, { label: 'Responder ID', valid: 11, json: 'responderID', hex: true, linux: hex16('responder_id') }),
    u64('ip', 184, { label: 'Instruction IP', valid: 12, json: 'instructionIP', hex: true, linux: hex16('IP') }),
  ],
});

export const PROCESSOR_GENERIC = structSection({
  guid: '9876ccad-47b4-4bdb-b65e-16f193c4f3db',
  name: 'Processor Generic',
  libcperName: 'Processor Generic',
  jsonKey: 'GenericProcessor',
  spec: PROC_GENERIC,
  message: () => 'A Generic Processor Error occurred',
  linux: { name: 'general processor error' },
});
