/** ARM Processor Error Section (UEFI N.2.4.4; Linux cper-arm.c; libcper). */
import type { StructSpec } from '../decode/spec';
import { bitRange } from '../decode/bits';
import { expert } from '../decode/expert';
import { keyBytes } from '../decode/json-text';
import { bitsOf, planNum, readPlan, structPlan, writeStruct } from '../decode/json-plan';
import { bytesNode, jsonArray, refineField, structArray } from './arrays';
import { checkBit, elementsLines, hex16, listToRecord, nameIn, num, pair, selfValidatedWord } from './common';
import { structSection } from './define';
import { hexDump } from '../bytes/hexdump';
import { u32le } from '../bytes/le';
import { intOf, x16 } from '../decode/linux-plan';
import type { LinuxCtx } from '../decode/spec';
import { bytes, struct, u16, u32, u64, u8 } from '../decode/fields';

const R = 'Unknown (Reserved)';
/** libcper reads `type` as the UEFI 2.9A+ bitmap (bit0 cache … bit3 micro-arch). */
const ARM_ERROR_TYPES: Readonly<Record<number, string>> = {
  1: 'Cache Error',
  2: 'TLB Error',
  4: 'Bus Error',
  8: 'Micro-Architectural Error',
};
const ARM_TRANSACTION = listToRecord(['Instruction', 'Data Access', 'Generic']);
/** Operation types 0-6 are the same for cache, TLB and bus errors. */
const ARM_OPS = ['Generic Error', 'Generic Read', 'Generic Write', 'Data Read', 'Data Write', 'Instruction Fetch', 'Prefetch'];
const ARM_CACHE_BUS_OPS = listToRecord([...ARM_OPS, 'Eviction', 'Snooping', 'Snooped', 'Management']);
const ARM_TLB_OPS = listToRecord([...ARM_OPS, 'Local Management Operation', 'External Management Operation']);
const ARM_PARTICIPATION = listToRecord([
  'Local Processor Originated Request',
  'Local Processor Responded to Request',
  'Local Processor Observed',
  'Generic',
]);
const ARM_ADDRESS_SPACE: Readonly<Record<number, string>> = {
  0: 'External Memory Access',
  1: 'Internal Memory Access',
  3: 'Device Memory Access',
};
const ADDRESS_SPACE_UNKNOWN = 'Unknown';
const ARM_CONTEXT_TYPES = listToRecord([
  'AArch32 General Purpose Registers',
  'AArch32 EL1 Context Registers',
  'AArch32 EL2 Context Registers',
  'AArch32 Secure Context Registers',
  'AArch64 General Purpose Registers',
  'AArch64 EL1 Context Registers',
  'AArch64 EL2 Context Registers',
  'AArch64 EL3 Context Registers',
  'Miscellaneous System Register Structure',
]);

const ARM_REGISTER_NAMES: readonly (readonly string[])[] = [
  ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13_sp', 'r14_lr', 'r15_pc'],
  [
    'dfar',
    'dfsr',
    'ifar',
    'isr',
    'mair0',
    'mair1',
    'midr',
    'mpidr',
    'nmrr',
    'prrr',
    'sctlr_ns',
    'spsr',
    'spsr_abt',
    'spsr_fiq',
    'spsr_irq',
    'spsr_svc',
    'spsr_und',
    'tpidrprw',
    'tpidruro',
    'tpidrurw',
    'ttbcr',
    'ttbr0',
    'ttbr1',
    'dacr',
  ],
  [
    'elr_hyp',
    'hamair0',
    'hamair1',
    'hcr',
    'hcr2',
    'hdfar',
    'hifar',
    'hpfar',
    'hsr',
    'htcr',
    'htpidr',
    'httbr',
    'spsr_hyp',
    'vtcr',
    'vttbr',
    'dacr32_el2',
  ],
  ['sctlr_s', 'spsr_mon'],
  [
    'x0',
    'x1',
    'x2',
    'x3',
    'x4',
    'x5',
    'x6',
    'x7',
    'x8',
    'x9',
    'x10',
    'x11',
    'x12',
    'x13',
    'x14',
    'x15',
    'x16',
    'x17',
    'x18',
    'x19',
    'x20',
    'x21',
    'x22',
    'x23',
    'x24',
    'x25',
    'x26',
    'x27',
    'x28',
    'x29',
    'x30',
    'sp',
  ],
  [
    'elr_el1',
    'esr_el1',
    'far_el1',
    'isr_el1',
    'mair_el1',
    'midr_el1',
    'mpidr_el1',
    'sctlr_el1',
    'sp_el0',
    'sp_el1',
    'spsr_el1',
    'tcr_el1',
    'tpidr_el0',
    'tpidr_el1',
    'tpidrro_el0',
    'ttbr0_el1',
    'ttbr1_el1',
  ],
  [
    'elr_el2',
    'esr_el2',
    'far_el2',
    'hacr_el2',
    'hcr_el2',
    'hpfar_el2',
    'mair_el2',
    'sctlr_el2',
    'sp_el2',
    'spsr_el2',
    'tcr_el2',
    'tpidr_el2',
    'ttbr0_el2',
    'vtcr_el2',
    'vttbr_el2',
  ],
  ['elr_el3', 'esr_el3', 'far_el3', 'mair_el3', 'sctlr_el3', 'sp_el3', 'spsr_el3', 'tcr_el3', 'tpidr_el3', 'ttbr0_el3'],
];

function errorInfoSpec(ops: Readonly<Record<number, string>>, bus: boolean): StructSpec {
  const bits = [
    checkBit('transactionType', 16, 0, 2, ARM_TRANSACTION),
    checkBit('operation', 18, 1, 4, ops),
    checkBit('level', 22, 2, 3),
    checkBit('processorContextCorrupt', 25, 3),
    checkBit('corrected', 26, 4),
    checkBit('precisePC', 27, 5),
    checkBit('restartablePC', 28, 6),
  ];
  if (bus)
    bits.push(
      checkBit('participationType', 29, 7, 2, ARM_PARTICIPATION),
      checkBit('timedOut', 31, 8),
      {
        ...checkBit('addressSpace', 32, 9, 2, ARM_ADDRESS_SPACE),
        json: { path: 'addressSpace', shape: 'pair', names: ARM_ADDRESS_SPACE, unknown: ADDRESS_SPACE_UNKNOWN, valid: 9 },
      },
      checkBit('memoryAttributes', 34, 11, 9),
      { key: 'accessMode', lo: 43, json: { path: 'accessMode', shape: 'pair', names: { 0: 'Secure' }, unknown: 'Normal', valid: 8 } },
    );
  return selfValidatedWord('errorInformation', 'Error information', bits);
}
const ARM_CACHE_INFO = errorInfoSpec(ARM_CACHE_BUS_OPS, false);
const ARM_TLB_INFO = errorInfoSpec(ARM_TLB_OPS, false);
const ARM_BUS_INFO = errorInfoSpec(ARM_CACHE_BUS_OPS, true);

const ARM_ERROR_INFO = struct({
  key: 'errorInfo',
  label: 'Error information',
  size: 32,
  validation: 'validationBits',
  fields: [
    u8('version', 0, { label: 'Version', json: 'version' }),
    u8('length', 1, { label: 'Length', json: 'length' }),
    u16('validationBits', 2, {
      label: 'Validation bits',
      flags: {
        0: 'multipleErrorValid',
        1: 'flagsValid',
        2: 'errorInformationValid',
        3: 'virtualFaultAddressValid',
        4: 'physicalFaultAddressValid',
      },
    }),
    u8('type', 4, {
      label: 'Error type',
      json: pair('errorType', ARM_ERROR_TYPES, R),
      flags: { 1: 'cache', 2: 'tlb', 3: 'bus', 4: 'microArchitectural' },
      linux: { lines: errorTypeLines, order: 2 },
    }),
    u16('multipleError', 5, {
      label: 'Multiple error count',
      valid: 0,
      linux: { lines: multipleErrorLines, order: 0 },
      json: [
        'multipleError.value',
        { path: 'multipleError.type', shape: 'name', names: { 0: 'Single Error' }, unknown: 'Multiple Errors' },
      ],
    }),
    u8('flags', 7, {
      label: 'Flags',
      valid: 1,
      linux: { lines: flagLines, order: 1 },
      bits: [
        { key: 'firstErrorCaptured', lo: 0, json: { path: 'flags.firstErrorCaptured', shape: 'bool' } },
        { key: 'lastErrorCaptured', lo: 1, json: { path: 'flags.lastErrorCaptured', shape: 'bool' } },
        { key: 'propagated', lo: 2, json: { path: 'flags.propagated', shape: 'bool' } },
        { key: 'overflow', lo: 3, json: { path: 'flags.overflow', shape: 'bool' } },
      ],
    }),
    u64('errorInformation', 8, { label: 'Error information', valid: 2, hex: true, linux: { lines: errorInformationLines, order: 3 } }),
    u64('virtualFaultAddress', 16, {
      label: 'Virtual fault address',
      valid: 3,
      json: 'virtualFaultAddress',
      hex: true,
      linux: { name: 'virtual fault address', fmt: 'hex', digits: 16, order: 4 },
    }),
    u64('physicalFaultAddress', 24, {
      label: 'Physical fault address',
      valid: 4,
      json: 'physicalFaultAddress',
      hex: true,
      linux: { name: 'physical fault address', fmt: 'hex', digits: 16, order: 5 },
    }),
  ],
});

const ARM_CONTEXT = struct({
  key: 'context',
  label: 'Context information',
  size: 8,
  fields: [
    u16('version', 0, { label: 'Version', json: 'version' }),
    u16('type', 2, { label: 'Register context type', json: pair('registerContextType', ARM_CONTEXT_TYPES, R), enum: ARM_CONTEXT_TYPES }),
    u32('size', 4, { label: 'Register array size', json: 'registerArraySize' }),
  ],
});

const K_PSCI = keyBytes('psciState');

export const ARM_HEAD = struct({
  key: 'arm',
  label: 'ARM processor error',
  size: 40,
  validation: 'validationBits',
  fields: [
    u32('validationBits', 0, {
      label: 'Validation bits',
      flags: { 0: 'mpidrValid', 1: 'errorAffinityLevelValid', 2: 'runningStateValid', 3: 'vendorSpecificInfoValid' },
    }),
    u16('errorInfoNum', 4, { label: 'Error information structures', json: 'errorInfoNum' }),
    u16('contextInfoNum', 6, { label: 'Context information structures', json: 'contextInfoNum' }),
    u32('sectionLength', 8, { label: 'Section length', json: 'sectionLength' }),
    u8('errorAffinityLevel', 12, {
      label: 'Error affinity level',
      valid: 1,
      json: [{ path: 'errorAffinity.value' }, { path: 'errorAffinity.type', shape: 'name', names: {}, unknown: 'Vendor Defined' }],
      linux: { name: 'error affinity level', order: 2 },
    }),
    bytes('reserved', 13, 3, { label: 'Reserved' }),
    u64('mpidr', 16, {
      label: 'MPIDR_EL1',
      valid: 0,
      json: 'mpidrEl1',
      hex: true,
      bits: [{ key: 'affinity3', lo: 32, width: 8, json: 'affinity3' }],
      linux: { name: 'Multiprocessor Affinity Register (MPIDR)', fmt: 'hex', digits: 16, order: 1 },
    }),
    u64('midr', 24, { label: 'MIDR_EL1', json: 'midrEl1', hex: true, linux: { name: 'MIDR', fmt: 'hex', digits: 16, order: 0 } }),
    u32('runningState', 32, {
      label: 'Running state',
      valid: 2,
      bits: [{ key: 'running', lo: 0, json: { path: 'running', shape: 'bool' } }],
      linux: { name: 'running state', fmt: 'hex', order: 3 },
    }),
    u32('psciState', 36, {
      label: 'PSCI state',
      valid: 2,
      hex: true,
      // In libcper's JSON whenever running-state bit 31 (the byte before) is clear, whatever the validation bit.
      json: {
        path: 'psciState',
        valid: 'always',
        write: (w, b, off) => {
          if (b[off - 1] & 0x80) return;
          w.key(K_PSCI);
          w.int(u32le(b, off));
        },
      },
      linux: { name: 'Power State Coordination Interface state', order: 4 },
    }),
  ],
});

/** A 64-bit register: a number when exact (< 2^53), else a bigint. */
function u64exact(b: Uint8Array, o: number): number | bigint {
  const hi = u32le(b, o + 4);
  return hi < 0x200000 ? hi * 4294967296 + u32le(b, o) : (BigInt(hi) << 32n) | BigInt(u32le(b, o));
}

const K_ERRS = keyBytes('errorInfo');
const K_CTXS = keyBytes('contextInfo');
const K_INFO = keyBytes('errorInformation');
const K_CACHE = keyBytes('cacheError');
const K_TLB = keyBytes('tlbError');
const K_BUS = keyBytes('busError');
const K_REGS = keyBytes('registerArray');
const K_DATA = keyBytes('data');
const K_VENDOR = keyBytes('vendorSpecificInfo');
const K_VALUE = keyBytes('value');
const K_OP2 = keyBytes('mrsOp2');
const K_CRM = keyBytes('mrsCrm');
const K_CRN = keyBytes('mrsCrn');
const K_OP1 = keyBytes('mrsOp1');
const K_O0 = keyBytes('mrsO0');
const REGISTER_KEYS = ARM_REGISTER_NAMES.map((names) => names.map(keyBytes));

/** Linux cper-arm.c's tables (kernel text). */
const LINUX_TRANSACTIONS = ['Instruction', 'Data Access', 'Generic'];
const LINUX_CACHE_OPS = [
  'Generic error (type cannot be determined)',
  'Generic read (type of instruction or data request cannot be determined)',
  'Generic write (type of instruction of data request cannot be determined)',
  'Data read',
  'Data write',
  'Instruction fetch',
  'Prefetch',
  'Eviction',
  'Snooping (processor initiated a cache snoop that resulted in an error)',
  'Snooped (processor raised a cache error caused by another processor or device snooping its cache)',
  'Management',
];
const LINUX_TLB_OPS = [
  ...LINUX_CACHE_OPS.slice(0, 7),
  'Local management operation (processor initiated a TLB management operation that resulted in an error)',
  'External management operation (processor raised a TLB error caused by another processor or device broadcasting TLB operations)',
];
const LINUX_BUS_OPS = LINUX_CACHE_OPS.slice(0, 7);
const LINUX_PARTICIPATION = [
  'Local processor originated request',
  'Local processor responded to request',
  'Local processor observed',
  'Generic',
];
const LINUX_ADDRESS_SPACES = ['External Memory Access', 'Internal Memory Access', 'Unknown', 'Device Memory Access'];
const LINUX_CONTEXTS = [
  'AArch32 general purpose registers',
  'AArch32 EL1 context registers',
  'AArch32 EL2 context registers',
  'AArch32 secure context registers',
  'AArch64 general purpose registers',
  'AArch64 EL1 context registers',
  'AArch64 EL2 context registers',
  'AArch64 EL3 context registers',
  'Misc. system register structure',
];

/** Linux cper_print_arm_err_info: the error information word, by error type. */
function errorInfoLines(p: string, type: number, info: bigint): string[] {
  const o: string[] = [];
  const bit = (i: number) => bitRange(info, i);
  const fld = (lo: number, w: number) => bitRange(info, lo, w);
  const kind = type & 2 ? 'cache' : type & 4 ? 'TLB' : type & 8 ? 'bus' : '';
  if (!kind) return o;
  if (bit(0)) o.push(`${p}transaction type: ${nameIn(LINUX_TRANSACTIONS, fld(16, 2))}`);
  if (bit(1)) {
    const ops = kind === 'cache' ? LINUX_CACHE_OPS : kind === 'TLB' ? LINUX_TLB_OPS : LINUX_BUS_OPS;
    o.push(`${p}${kind} error, operation type: ${nameIn(ops, fld(18, 4))}`);
  }
  if (bit(2))
    o.push(kind === 'bus' ? `${p}affinity level at which the bus error occurred: ${fld(22, 3)}` : `${p}${kind} level: ${fld(22, 3)}`);
  if (bit(3)) o.push(`${p}${bit(25) ? 'processor context corrupted' : 'processor context not corrupted'}`);
  if (bit(4)) o.push(`${p}${bit(26) ? 'the error has been corrected' : 'the error has not been corrected'}`);
  if (bit(5)) o.push(`${p}${bit(27) ? 'PC is precise' : 'PC is imprecise'}`);
  if (bit(6) && bit(28)) o.push(`${p}Program execution can be restarted reliably at the PC associated with the error.`);
  if (kind === 'bus') {
    if (bit(7)) o.push(`${p}participation type: ${nameIn(LINUX_PARTICIPATION, fld(29, 2))}`);
    if (bit(8) && bit(31)) o.push(`${p}request timed out`);
    if (bit(9)) o.push(`${p}address space: ${nameIn(LINUX_ADDRESS_SPACES, fld(32, 2))}`);
    if (bit(10)) o.push(`${p}memory access attributes:0x${fld(34, 9).toString(16)}`);
    if (bit(11)) o.push(`${p}access mode: ${bit(43) ? 'secure' : 'normal'}`);
  }
  return o;
}

function multipleErrorLines({ p, v }: LinuxCtx): string[] {
  return [`${p}num errors: ${num(v.multipleError) + 1}`];
}

function flagLines({ p, v }: LinuxCtx): string[] {
  const fl = num(v.flags);
  const o: string[] = [];
  if (fl & 1) o.push(`${p}first error captured`);
  if (fl & 2) o.push(`${p}last error captured`);
  if (fl & 4) o.push(`${p}propagated error captured`);
  if (fl & 8) o.push(`${p}overflow occurred, error info is incomplete`);
  return o;
}

/** The type byte as UEFI 2.9A's bitmap, which Linux prints whatever the validation bits. */
function errorTypeLines({ p, v }: LinuxCtx): string[] {
  const t = num(v.type);
  const names = UEFI_TYPE_BITS.filter((_, k) => (t >> (k + 1)) & 1).join('|');
  return [`${p}error_type: 0x${t.toString(16).padStart(2, '0')}: ${names}${t & ~0x1e ? ' with reserved bit(s)' : ''}`];
}

/** The error information word, then its fields as the error type reads them. */
function errorInformationLines({ p, v }: LinuxCtx): string[] {
  return [`${p}error_info: ${x16(v.errorInformation)}`, ...errorInfoLines(p + ' ', num(v.type), intOf(v.errorInformation))];
}

/** Linux cper_print_proc_arm: the error information structures (their declared lines) and the contexts. */
function armArrayLines(ctx: LinuxCtx): string[] {
  const { p, contexts } = ctx;
  const o = elementsLines(ctx, ARM_ERROR_INFO, 'Error info structure');
  const ip = p + ' ';
  contexts.forEach((c, i) => {
    const t = num(c.type);
    o.push(`${p}Context info structure ${i}:`);
    if (t > 8) {
      o.push(`${ip}Invalid context type: ${t} (max: 8)`);
      return;
    }
    o.push(`${ip}register context type: ${LINUX_CONTEXTS[t]}`);
    if (c.registerArray instanceof Uint8Array) o.push(...hexDump(ip, c.registerArray, 4, false));
  });
  return o;
}

/** UEFI 2.9A error-type bits, as Linux's cper-arm.c reads them (bit 1 cache … bit 4 micro-architectural). */
const UEFI_TYPE_BITS = ['cache error', 'TLB error', 'bus error', 'micro-architectural error'];

/**
 * One error information `type` byte as UEFI 2.9A and Linux read it (a bitmap, bits 1-4), with
 * libcper's reading (a value: 1 cache, 2 TLB, 4 bus, 8 micro-architectural) named where it differs.
 * The tree, the summary and the kernel text use the UEFI reading; the CPER-JSON keeps libcper's.
 */
export function errorTypeReading(type: number): string {
  const bits = UEFI_TYPE_BITS.filter((_, k) => (type >> (k + 1)) & 1);
  const uefi = bits.length ? bits.join(' + ') : 'no error type';
  const reserved = type & ~0x1e ? ' with reserved bit(s)' : '';
  const lib = (ARM_ERROR_TYPES[type] ?? 'Unknown (Reserved)').toLowerCase().replace('tlb', 'TLB');
  const same = bits.length === 1 && !reserved && lib === bits[0];
  return same ? `${uefi}${reserved}` : `${uefi}${reserved} (libcper reads ${type} as ${ARM_ERROR_TYPES[type] ?? 'Unknown (Reserved)'})`;
}

export const ARM = structSection({
  guid: 'e19e3d16-bc11-11e4-9caa-c2051d5d46b0',
  name: 'ARM',
  libcperName: 'ARM',
  jsonKey: 'ArmProcessor',
  spec: ARM_HEAD,
  minLength: 40,
  linux: { name: 'ARM processor error', tail: armArrayLines },
  summary: (v) => {
    const vb = v.validationBits ?? 0;
    const cpu = vb & 1 && typeof v.mpidr === 'bigint' ? ` on CPU ${Number((v.mpidr >> 32n) & 0xffn)}` : '';
    const types = typeof v.errorTypeReadings === 'string' && v.errorTypeReadings ? v.errorTypeReadings : 'none';
    return `ARM processor error${cpu}; error types (UEFI 2.9A): ${types}`;
  },
  message: (v, { b, at, length }) => {
    const vb = v.validationBits ?? 0;
    const cpu = vb & 1 && typeof v.mpidr === 'bigint' ? ` on CPU ${Number((v.mpidr >> 32n) & 0xffn)}` : '';
    const end = at + length;
    const parts: string[] = [];
    for (let i = 0, o = at + 40; i < (v.errorInfoNum ?? 0) && o + 32 <= end; i++, o += 32) {
      const e = readPlan(structPlan(ARM_ERROR_INFO), b, o, end);
      const evb = planNum(e, 'validationBits') ?? 0;
      const type = planNum(e, 'type');
      const t = evb & 4 && (type === 1 || type === 2 || type === 4) ? type : 0;
      let s = t === 1 ? 'Cache Error' : t === 2 ? 'TLB Error' : t === 4 ? 'Bus Error' : 'Unknown Error';
      if (evb & 8) s += ` at Virtual Addr=${hex16(intOf(e.view.virtualFaultAddress))}`;
      if (evb & 16) s += ` Physical Addr=${hex16(intOf(e.view.physicalFaultAddress))}`;
      parts.push(s);
    }
    return `An ARM Processor Error occurred${cpu}; Error Type(s): {${parts.join(', ')}}`;
  },
  extend(ctx) {
    const { r, at, length, node, v, values, diagnostics } = ctx;
    const end = at + length;
    const declared = v.sectionLength;
    if (declared !== undefined && declared !== length)
      diagnostics.push(
        expert(
          'arm.section-length',
          `ARM section length field says ${declared}; the descriptor gives ${length}`,
          r.abs(at + 8),
          4,
          declared > length ? 'error' : 'warning',
        ),
      );
    const readings: string[] = [];
    const errors = structArray(ctx, at + 40, {
      spec: ARM_ERROR_INFO,
      count: v.errorInfoNum ?? 0,
      key: 'errorInfo',
      label: 'Error information structures',
      item: 'errorInfo',
      itemLabel: 'Error information',
      truncated: {
        code: 'arm.error-info-truncated',
        message: (i, rel) => `error information ${i} of ${v.errorInfoNum} (32 bytes at ${rel}) runs past the section's ${length} bytes`,
      },
      each(e) {
        const t = e.v.type ?? 0;
        const spec = t === 1 ? ARM_CACHE_INFO : t === 2 ? ARM_TLB_INFO : t === 4 ? ARM_BUS_INFO : undefined;
        if (spec) refineField(r, e.node, 'errorInformation', e.at + 8, spec, end);
        const reading = errorTypeReading(t);
        const typeNode = e.node.children?.find((c) => c.key === 'type');
        if (typeNode) typeNode.text = `${typeNode.text} — ${reading}`;
        readings.push(reading);
      },
    });
    values.items = errors.values;
    v.errorTypeReadings = readings.join('; ');
    const contexts = structArray(ctx, errors.end, {
      spec: ARM_CONTEXT,
      count: v.contextInfoNum ?? 0,
      key: 'contextInfo',
      label: 'Context information structures',
      item: 'context',
      itemLabel: 'Context information',
      truncated: {
        code: 'arm.context-truncated',
        message: (i, rel) => `context information ${i} of ${v.contextInfoNum} (at ${rel}) runs past the section's ${length} bytes`,
      },
      tail: {
        sizeKey: 'size',
        code: 'arm.register-array-truncated',
        message: (i, size, present) => `context ${i} register array of ${size} bytes runs past the section end; ${present} present`,
      },
      each(c, _, avail) {
        const type = c.v.type ?? 0;
        const names = ARM_REGISTER_NAMES[type];
        const rb = r.bytes;
        const base = c.at + 8;
        if (names) {
          const w = type >= 4 ? 8 : 4;
          names.forEach((n, k) => {
            const o = base + k * w;
            if ((k + 1) * w > avail) return;
            const val = w === 8 ? u64exact(rb, o) : u32le(rb, o);
            if (!r.lean)
              c.node.children!.push({
                key: n,
                label: n,
                offset: r.abs(o),
                length: w,
                type: w === 8 ? 'u64' : 'u32',
                raw: String(val),
                text: '0x' + val.toString(16),
                validity: 'valid',
              });
          });
        } else
          c.node.children!.push(
            bytesNode('registerArray', type === 8 && avail >= 10 ? 'Misc. system register' : 'Register array', r, base, avail, 'valid'),
          );
        c.v.registerArray = r.slice(base, avail);
      },
    });
    values.contexts = contexts.values;
    const off = contexts.end;
    if (off < end) node.children!.push(bytesNode('vendorSpecificInfo', 'Vendor-specific information', r, off, end - off, 'valid'));
  },
  json(w, { b, at, end, p }) {
    const nErr = planNum(p, 'errorInfoNum') ?? 0;
    const nCtx = planNum(p, 'contextInfoNum') ?? 0;
    const errorsEnd = jsonArray(w, K_ERRS, nErr, at + 40, end, 32, (o) => {
      writeStruct(w, ARM_ERROR_INFO, b, o, end, (w, e) => {
        const t = planNum(e, 'type');
        const spec = t === 1 ? ARM_CACHE_INFO : t === 2 ? ARM_TLB_INFO : t === 4 ? ARM_BUS_INFO : undefined;
        if (spec && (planNum(e, 'validationBits') ?? 0) & 4) {
          w.key(K_INFO);
          w.open();
          w.key(t === 1 ? K_CACHE : t === 2 ? K_TLB : K_BUS);
          writeStruct(w, spec, b, o + 8, end);
          w.close();
        }
      });
      return 32;
    });
    const off = jsonArray(w, K_CTXS, nCtx, errorsEnd, end, 8, (o) => {
      const base = o + 8;
      let avail = 0;
      writeStruct(w, ARM_CONTEXT, b, o, end, (w, c) => {
        avail = Math.max(0, Math.min(planNum(c, 'size') ?? 0, end - base));
        const type = planNum(c, 'type') ?? 0;
        w.key(K_REGS);
        w.open();
        const names = REGISTER_KEYS[type];
        if (names) {
          const rw = type >= 4 ? 8 : 4;
          for (let k = 0; k < names.length && (k + 1) * rw <= avail; k++) {
            const o = base + k * rw;
            w.key(names[k]);
            if (rw === 8) w.u64(u32le(b, o), u32le(b, o + 4));
            else w.u64(u32le(b, o), 0);
          }
        } else if (type === 8 && avail >= 10) {
          const enc = b[base] | (b[base + 1] << 8);
          w.key(K_OP2);
          w.int(bitsOf(enc, 0, 0, 3));
          w.key(K_CRM);
          w.int(bitsOf(enc, 0, 3, 4));
          w.key(K_CRN);
          w.int(bitsOf(enc, 0, 7, 4));
          w.key(K_OP1);
          w.int(bitsOf(enc, 0, 11, 3));
          w.key(K_O0);
          w.int(bitsOf(enc, 0, 14, 1));
          w.key(K_VALUE);
          w.u64(u32le(b, base + 2), u32le(b, base + 6));
        } else {
          w.key(K_DATA);
          w.b64(b, base, avail);
        }
        w.close();
      });
      return 8 + avail;
    });
    // libcper: only with validation bit 3, up to the section's own length field.
    const declaredEnd = at + (planNum(p, 'sectionLength') ?? 0);
    if ((planNum(p, 'validationBits') ?? 0) & 8 && off < declaredEnd && declaredEnd <= end) {
      w.key(K_VENDOR);
      w.open();
      w.key(K_DATA);
      w.b64(b, off, declaredEnd - off);
      w.close();
    }
  },
});
