/** IA32/X64 Processor Error Section (UEFI N.2.4.2; Linux cper-x86.c; libcper). */
import type { StructSpec } from '../decode/spec';
import { guidBytes } from '../bytes/guid';
import { keyBytes, strBytes } from '../decode/json-text';
import { bitRange } from '../decode/bits';
import { planNum, writeStruct } from '../decode/json-plan';
import { bytesNode, element, jsonArray, refineField, structArray } from './arrays';
import { checkBit, elementsLines, listToRecord, nameIn, num, pair, selfValidatedWord } from './common';
import { structSection } from './define';
import { hexDump } from '../bytes/hexdump';
import { intOf, x16 } from '../decode/linux-plan';
import type { LinuxCtx } from '../decode/spec';
import { bytes, guid, struct, u16, u32, u64 } from '../decode/fields';

const IA_CHECK_GUIDS: Readonly<Record<string, string>> = {
  'a55701f5-e3ef-43de-ac72-249b573fad2c': 'Cache Check Error',
  'fc06b535-5e1f-4562-9f25-0a3b9adb63c3': 'TLB Check Error',
  '1cf3f8b3-c5b1-49a2-aa59-5eef92ffa63c': 'Bus Check Error',
  '48ab7f57-dc34-4f6c-a7d3-b0b5b0a74314': 'MS Check Error',
};
const R = 'Unknown (Reserved)';
const IA_TRANSACTION = listToRecord(['Instruction', 'Data Access', 'Generic']);
const IA_OPERATION = listToRecord([
  'Generic Error',
  'Generic Read',
  'Generic Write',
  'Data Read',
  'Data Write',
  'Instruction Fetch',
  'Prefetch',
  'Eviction',
  'Snoop',
]);
const IA_PARTICIPATION = listToRecord([
  'Local processor originated request',
  'Local processor responded to request',
  'Local processor observed',
  'Generic',
]);
const IA_ADDRESS_SPACE = listToRecord(['Memory Access', 'Reserved', 'I/O', 'Other Transaction']);
const IA_MS_ERROR = listToRecord([
  'No Error',
  'Unclassified',
  'Microcode ROM Parity Error',
  'External Error',
  'FRC Error',
  'Internal Unclassified',
]);
const IA_CONTEXT_TYPES = listToRecord([
  'Unclassified Data',
  'MSR Registers',
  '32-bit Mode Execution Context',
  '64-bit Mode Execution Context',
  'FXSave Context',
  '32-bit Mode Debug Registers',
  '64-bit Mode Debug Registers',
  'Memory Mapper Registers',
]);

/** Cache/TLB/bus check info: bits 15:0 say which of the fields above them are valid. */
const IA_CHECK_INFO = selfValidatedWord('checkInfo', 'Check information', [
  checkBit('transactionType', 16, 0, 2, IA_TRANSACTION),
  checkBit('operation', 18, 1, 4, IA_OPERATION),
  checkBit('level', 22, 2, 3),
  checkBit('processorContextCorrupt', 25, 3),
  checkBit('uncorrected', 26, 4),
  checkBit('preciseIP', 27, 5),
  checkBit('restartableIP', 28, 6),
  checkBit('overflow', 29, 7),
  checkBit('participationType', 30, 8, 2, IA_PARTICIPATION),
  checkBit('timedOut', 32, 9),
  checkBit('addressSpace', 33, 10, 2, IA_ADDRESS_SPACE),
]);

const IA_MS_CHECK_INFO = selfValidatedWord(
  'checkInfo',
  'Check information',
  [
    checkBit('errorType', 16, 0, 3, IA_MS_ERROR),
    checkBit('processorContextCorrupt', 19, 1),
    checkBit('uncorrected', 20, 2),
    checkBit('preciseIP', 21, 3),
    checkBit('restartableIP', 22, 4),
    checkBit('overflow', 23, 5),
  ],
  'MS check information',
);

const IA_ERROR_INFO = struct({
  key: 'errorInfo',
  label: 'Error information',
  size: 64,
  validation: 'validationBits',
  fields: [
    // JSON `type: {guid, name}` is written by the section's json hook (name from IA_CHECK_GUIDS).
    guid('type', 0, { label: 'Error structure type', guids: IA_CHECK_GUIDS, linux: { lines: structureTypeLines } }),
    u64('validationBits', 16, {
      label: 'Validation bits',
      flags: { 0: 'checkInfoValid', 1: 'targetAddressIDValid', 2: 'requestorIDValid', 3: 'responderIDValid', 4: 'instructionPointerValid' },
    }),
    u64('checkInfo', 24, { label: 'Check information', valid: 0, hex: true, linux: { lines: checkInformationLines } }),
    u64('targetId', 32, {
      label: 'Target identifier',
      valid: 1,
      json: 'targetAddressID',
      hex: true,
      linux: { name: 'Target Identifier', fmt: 'hex', digits: 16 },
    }),
    u64('requestorId', 40, {
      label: 'Requestor identifier',
      valid: 2,
      json: 'requestorID',
      hex: true,
      linux: { name: 'Requestor Identifier', fmt: 'hex', digits: 16 },
    }),
    u64('responderId', 48, {
      label: 'Responder identifier',
      valid: 3,
      json: 'responderID',
      hex: true,
      linux: { name: 'Responder Identifier', fmt: 'hex', digits: 16 },
    }),
    u64('ip', 56, {
      label: 'Instruction pointer',
      valid: 4,
      json: 'instructionPointer',
      hex: true,
      linux: { name: 'Instruction Pointer', fmt: 'hex', digits: 16 },
    }),
  ],
});

const IA_CONTEXT = struct({
  key: 'context',
  label: 'Context information',
  size: 16,
  fields: [
    u16('type', 0, { label: 'Register context type', json: pair('registerContextType', IA_CONTEXT_TYPES, R), enum: IA_CONTEXT_TYPES }),
    u16('size', 2, { label: 'Register array size', json: 'registerArraySize' }),
    u32('msrAddress', 4, { label: 'MSR address', json: 'msrAddress', hex: true }),
    u64('mmAddress', 8, { label: 'MM register address', json: 'mmRegisterAddress', hex: true }),
  ],
});

/** A saved register: labelled with its name in capitals; libcper's key is its name. */
const REGISTER = { 2: u16, 4: u32, 8: u64 } as const;
const register = (k: string, at: number, size: 2 | 4 | 8) => REGISTER[size](k, at, { label: k.toUpperCase(), json: k, hex: true });
/** Registers `keys` of `size` bytes each, one after another from `at`. */
const registers = (keys: readonly string[], at: number, size: 2 | 4 | 8) => keys.map((k, i) => register(k, at + i * size, size));
const SEGMENTS = ['cs', 'ds', 'ss', 'es', 'fs', 'gs'];

/** EFI_CONTEXT_IA32_REGISTER_STATE (UEFI N.2.4.2.2, register context type 2), libcper's keys. */
const IA32_REGISTERS = struct({
  key: 'registerArray',
  label: 'IA32 register state',
  size: 92,
  fields: [
    ...registers(['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp'], 0, 4),
    ...registers(SEGMENTS, 32, 2),
    ...registers(['eflags', 'eip', 'cr0', 'cr1', 'cr2', 'cr3', 'cr4'], 44, 4),
    ...registers(['gdtr', 'idtr'], 72, 8),
    ...registers(['ldtr', 'tr'], 88, 2),
  ],
});

/** EFI_CONTEXT_X64_REGISTER_STATE (UEFI N.2.4.2.2, register context type 3), libcper's keys (RIP is its `eip`). */
const X64_REGISTERS = struct({
  key: 'registerArray',
  label: 'x64 register state',
  size: 244,
  fields: [
    ...registers(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'], 0, 8),
    ...registers(SEGMENTS, 128, 2),
    u32('reserved', 140, { label: 'Reserved' }),
    register('rflags', 144, 8),
    u64('rip', 152, { label: 'RIP', json: 'eip', hex: true }),
    ...registers(['cr0', 'cr1', 'cr2', 'cr3', 'cr4', 'cr8', 'gdtr_0', 'gdtr_1', 'idtr_0', 'idtr_1'], 160, 8),
    ...registers(['ldtr', 'tr'], 240, 2),
  ],
});
/** Register states libcper decodes, by context type; it then steps by the state's size, not the array size. */
const REGISTER_STATES: Readonly<Record<number, StructSpec>> = { 2: IA32_REGISTERS, 3: X64_REGISTERS };

/** Linux cper-x86.c: the CPUID block as a hex dump (the four registers and the reserved tail). */
function cpuidLines({ p, bytes }: LinuxCtx): string[] {
  const b = bytes(16, 48);
  return [`${p}CPUID Info:`, ...(b ? hexDump(p, b, 4, false) : [])];
}

export const IA32X64_HEAD = struct({
  key: 'ia32x64',
  label: 'IA32/X64 processor error',
  size: 64,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, {
      label: 'Validation bits',
      hex: true,
      bits: [
        { key: 'localApicIdValid', label: 'Local APIC ID valid', lo: 0 },
        { key: 'cpuIdInfoValid', label: 'CPUID information valid', lo: 1 },
        {
          key: 'errorInfoNum',
          label: 'Error information structures',
          lo: 2,
          width: 6,
          json: { path: 'processorErrorInfoNum', valid: 'always' },
        },
        {
          key: 'contextInfoNum',
          label: 'Context information structures',
          lo: 8,
          width: 6,
          json: { path: 'processorContextInfoNum', valid: 'always' },
        },
      ],
    }),
    u64('localApicId', 8, {
      label: 'Local APIC ID',
      valid: 0,
      json: 'localAPICID',
      hex: true,
      linux: { name: 'Local APIC_ID', fmt: 'hex' },
    }),
    u64('cpuidEax', 16, { label: 'CPUID EAX', valid: 1, json: 'cpuidInfo.eax', hex: true, linux: { lines: cpuidLines } }),
    u64('cpuidEbx', 24, { label: 'CPUID EBX', valid: 1, json: 'cpuidInfo.ebx', hex: true }),
    u64('cpuidEcx', 32, { label: 'CPUID ECX', valid: 1, json: 'cpuidInfo.ecx', hex: true }),
    u64('cpuidEdx', 40, { label: 'CPUID EDX', valid: 1, json: 'cpuidInfo.edx', hex: true }),
    bytes('cpuidReserved', 48, 16, { label: 'CPUID reserved' }),
  ],
});

const K_ERRS = keyBytes('processorErrorInfo');
const K_CTXS = keyBytes('processorContextInfo');
const K_TYPE = keyBytes('type');
const K_GUID = keyBytes('guid');
const K_NAME = keyBytes('name');
const K_CHECK = keyBytes('checkInfo');
const K_REGS = keyBytes('registerArray');
const K_DATA = keyBytes('data');
const UNKNOWN = strBytes('Unknown');
const MS_NAME = strBytes(IA_CHECK_GUIDS['48ab7f57-dc34-4f6c-a7d3-b0b5b0a74314']);
/** The GUID's 16 bytes as a map key (wire order). */
const guidKey = (b: Uint8Array, o: number): string => String.fromCharCode(...b.subarray(o, o + 16));
const IA_NAME_BYTES = new Map(Object.entries(IA_CHECK_GUIDS).map(([g, n]) => [String.fromCharCode(...guidBytes(g)), strBytes(n)]));

/** Linux cper-x86.c's tables (kernel text). */
const LINUX_CHECK_TYPES: Readonly<Record<string, string>> = {
  'a55701f5-e3ef-43de-ac72-249b573fad2c': 'cache error',
  'fc06b535-5e1f-4562-9f25-0a3b9adb63c3': 'TLB error',
  '1cf3f8b3-c5b1-49a2-aa59-5eef92ffa63c': 'bus error',
  '48ab7f57-dc34-4f6c-a7d3-b0b5b0a74314': 'micro-architectural error',
};
const LINUX_TRANSACTIONS = ['Instruction', 'Data Access', 'Generic'];
const LINUX_OPS = [
  'generic error',
  'generic read',
  'generic write',
  'data read',
  'data write',
  'instruction fetch',
  'prefetch',
  'eviction',
  'snoop',
];
const LINUX_PARTICIPATION = [
  'Local Processor originated request',
  'Local Processor responded to request',
  'Local Processor observed',
  'Generic',
];
const LINUX_ADDRESS_SPACES = ['Memory Access', 'Reserved', 'I/O', 'Other Transaction'];
const LINUX_MS_ERRORS = ['No Error', 'Unclassified', 'Microcode ROM Parity Error', 'External Error', 'FRC Error', 'Internal Unclassified'];
const LINUX_CONTEXTS = [
  'Unclassified Data',
  'MSR Registers (Machine Check and other MSRs)',
  '32-bit Mode Execution Context',
  '64-bit Mode Execution Context',
  'FXSAVE Context',
  '32-bit Mode Debug Registers (DR0-DR7)',
  '64-bit Mode Debug Registers (DR0-DR7)',
  'Memory Mapped Registers',
];
const tf = (bit: number): string => (bit ? 'true' : 'false');

/** Linux print_err_info: the check information's fields, per error structure type. */
function checkInfoLines(p: string, type: string, ci: bigint): string[] {
  const o: string[] = [];
  const bit = (i: number) => bitRange(ci, i);
  const fld = (lo: number, w: number) => bitRange(ci, lo, w);
  if (type === 'micro-architectural error') {
    if (bit(0)) o.push(`${p}Error Type: ${fld(16, 3)}, ${nameIn(LINUX_MS_ERRORS, fld(16, 3))}`);
    if (bit(1)) o.push(`${p}Processor Context Corrupt: ${tf(bit(19))}`);
    if (bit(2)) o.push(`${p}Uncorrected: ${tf(bit(20))}`);
    if (bit(3)) o.push(`${p}Precise IP: ${tf(bit(21))}`);
    if (bit(4)) o.push(`${p}Restartable IP: ${tf(bit(22))}`);
    if (bit(5)) o.push(`${p}Overflow: ${tf(bit(23))}`);
    return o;
  }
  if (bit(0)) o.push(`${p}Transaction Type: ${fld(16, 2)}, ${nameIn(LINUX_TRANSACTIONS, fld(16, 2))}`);
  if (bit(1)) {
    const op = fld(18, 4);
    const limit = type === 'cache error' ? 9 : 7;
    o.push(`${p}Operation: ${op}, ${op < limit ? LINUX_OPS[op] : 'unknown'}`);
  }
  if (bit(2)) o.push(`${p}Level: ${fld(22, 3)}`);
  if (bit(3)) o.push(`${p}Processor Context Corrupt: ${tf(bit(25))}`);
  if (bit(4)) o.push(`${p}Uncorrected: ${tf(bit(26))}`);
  if (bit(5)) o.push(`${p}Precise IP: ${tf(bit(27))}`);
  if (bit(6)) o.push(`${p}Restartable IP: ${tf(bit(28))}`);
  if (bit(7)) o.push(`${p}Overflow: ${tf(bit(29))}`);
  if (type === 'bus error') {
    if (bit(8)) o.push(`${p}Participation Type: ${fld(30, 2)}, ${nameIn(LINUX_PARTICIPATION, fld(30, 2))}`);
    if (bit(9)) o.push(`${p}Time Out: ${tf(bit(32))}`);
    if (bit(10)) o.push(`${p}Address Space: ${fld(33, 2)}, ${nameIn(LINUX_ADDRESS_SPACES, fld(33, 2))}`);
  }
  return o;
}

/** Linux print_err_info: the error structure type, named from its GUID (and the GUID when it has no name). */
function structureTypeLines({ p, v }: LinuxCtx): string[] {
  const type = typeof v.type === 'string' ? v.type : '';
  const t = LINUX_CHECK_TYPES[type];
  return t ? [`${p}Error Structure Type: ${t}`] : [`${p}Error Structure Type: unknown`, `${p}Error Structure Type: ${type}`];
}

/** The check information word, then its fields as the error structure type reads them. */
function checkInformationLines({ p, v }: LinuxCtx): string[] {
  const t = LINUX_CHECK_TYPES[typeof v.type === 'string' ? v.type : ''];
  return [`${p}Check Information: ${x16(v.checkInfo)}`, ...(t ? checkInfoLines(p + ' ', t, intOf(v.checkInfo)) : [])];
}

/** Linux cper_print_proc_ia: the error information structures (their declared lines) and the contexts. */
function arraysLines(ctx: LinuxCtx): string[] {
  const { p, contexts } = ctx;
  const o = elementsLines(ctx, IA_ERROR_INFO, 'Error Information Structure');
  const ip = p + ' ';
  contexts.forEach((c, i) => {
    const t = num(c.type);
    o.push(`${p}Context Information Structure ${i}:`);
    o.push(`${ip}Register Context Type: ${t < 8 ? LINUX_CONTEXTS[t] : 'unknown'}`);
    o.push(`${ip}Register Array Size: 0x${num(c.size).toString(16).padStart(4, '0')}`);
    if (t === 1) o.push(`${ip}MSR Address: 0x${num(c.msrAddress).toString(16).padStart(8, '0')}`);
    if (t === 7) o.push(`${ip}MM Register Address: ${x16(c.mmAddress)}`);
    o.push(`${ip}Register Array:`);
    if (c.registerArray instanceof Uint8Array) o.push(...hexDump(ip, c.registerArray, t === 1 ? 8 : 4, false));
  });
  return o;
}

export const IA32X64 = structSection({
  guid: 'dc3ea0b0-a144-4797-b95b-53fa242b6e1d',
  name: 'IA32/X64',
  libcperName: 'IA32/X64',
  jsonKey: 'Ia32x64Processor',
  spec: IA32X64_HEAD,
  message: () => 'An IA32/x64 Processor Error occurred',
  linux: { name: 'IA32/X64 processor error', tail: arraysLines },
  extend(ctx) {
    const { r, at, length, node, v, values } = ctx;
    const vb = typeof v.validationBits === 'bigint' ? Number(v.validationBits & 0xffffn) : 0;
    const end = at + length;
    const errors = structArray(ctx, at + 64, {
      spec: IA_ERROR_INFO,
      count: (vb >> 2) & 0x3f,
      key: 'errorInfo',
      label: 'Error information structures',
      item: 'errorInfo',
      itemLabel: 'Error information',
      truncated: {
        code: 'ia32.error-info-truncated',
        message: (i, rel) => `error information structure ${i} (64 bytes at ${rel}) runs past the section's ${length} bytes`,
      },
      each(e) {
        const type = e.v.type ?? '';
        const ciSpec = type === '48ab7f57-dc34-4f6c-a7d3-b0b5b0a74314' ? IA_MS_CHECK_INFO : IA_CHECK_INFO;
        if (IA_CHECK_GUIDS[type]) e.v.checkInfoBits = refineField(r, e.node, 'checkInfo', e.at + 24, ciSpec, end).checkInfo;
      },
    });
    values.items = errors.values;
    const contexts = structArray(ctx, errors.end, {
      spec: IA_CONTEXT,
      count: (vb >> 8) & 0x3f,
      key: 'contextInfo',
      label: 'Context information structures',
      item: 'context',
      itemLabel: 'Context information',
      truncated: {
        code: 'ia32.context-truncated',
        message: (i, rel) => `context information structure ${i} (at ${rel}) runs past the section's ${length} bytes`,
      },
      tail: {
        sizeKey: 'size',
        code: 'ia32.register-array-truncated',
        message: (i, size, present) => `context ${i} register array of ${size} bytes runs past the section end; ${present} present`,
      },
      each(c, _, avail) {
        const base = c.at + 16;
        const state = REGISTER_STATES[c.v.type ?? -1];
        c.node.children!.push(
          state && avail >= state.size
            ? element(r, base, state, base + avail, 'registerArray', state.label).node
            : bytesNode('registerArray', 'Register array', r, base, avail, 'valid'),
        );
        c.v.registerArray = r.slice(base, avail) ?? new Uint8Array(0);
      },
    });
    values.contexts = contexts.values;
    const off = contexts.end;
    if (off < end) node.children!.push(bytesNode('trailing', 'Trailing bytes', r, off, end - off, 'valid'));
  },
  json(w, { b, at, end, p }) {
    const vb = planNum(p, 'validationBits') ?? 0;
    const nErr = Math.floor(vb / 4) & 0x3f;
    const nCtx = Math.floor(vb / 256) & 0x3f;
    const errorsEnd = jsonArray(w, K_ERRS, nErr, at + 64, end, 64, (o) => {
      writeStruct(w, IA_ERROR_INFO, b, o, end, (w, e) => {
        const name = IA_NAME_BYTES.get(guidKey(b, o));
        w.key(K_TYPE);
        w.open();
        w.key(K_GUID);
        w.guid(b, o);
        w.key(K_NAME);
        w.raw(name ?? UNKNOWN);
        w.close();
        if (name && (planNum(e, 'validationBits') ?? 0) & 1) {
          w.key(K_CHECK);
          writeStruct(w, name === MS_NAME ? IA_MS_CHECK_INFO : IA_CHECK_INFO, b, o + 24, end);
        }
      });
      return 64;
    });
    jsonArray(w, K_CTXS, nCtx, errorsEnd, end, 16, (o) => {
      const room = end - o - 16;
      let length = 0;
      // As libcper: a known register state is written when all of it is present, an opaque array
      // only when all its bytes are; otherwise the context has no registerArray.
      writeStruct(w, IA_CONTEXT, b, o, end, (w, c) => {
        const size = planNum(c, 'size') ?? 0;
        const state = REGISTER_STATES[planNum(c, 'type') ?? -1];
        length = state ? state.size : Math.max(0, Math.min(size, room));
        if (state ? room < state.size : room < size) return;
        w.key(K_REGS);
        if (state) writeStruct(w, state, b, o + 16, end);
        else {
          w.open();
          w.key(K_DATA);
          w.b64(b, o + 16, size);
          w.close();
        }
      });
      return 16 + length;
    });
  },
});
