/** Per-section kernel text, after Linux cper.c / cper-x86.c / cper-arm.c / cper_cxl.c (L6.1/6.12). */
import type { DecodedSection } from '../../cper/record';
import type { Value } from '../../decode/struct';
import type { ReadBytes } from '../cper-json/record';
import { hexDump } from './hexdump';
import type { SectionVals } from './index';

type V = Record<string, Value>;
const x = (v: Value, d: number): string => '0x' + (typeof v === 'bigint' || typeof v === 'number' ? v.toString(16) : '0').padStart(d, '0');
const n = (v: Value): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);
const valid = (v: V, bit: number): boolean => {
  const b = v.validationBits;
  return typeof b === 'bigint' ? ((b >> BigInt(bit)) & 1n) === 1n : typeof b === 'number' ? ((b >>> bit) & 1) === 1 : false;
};
const name = (list: readonly string[], i: number): string => list[i] ?? 'unknown';

function bitNames(pfx: string, bits: number, names: readonly string[]): string[] {
  const set = names.filter((_, i) => (bits >> i) & 1);
  if (!set.length) return [];
  const lines: string[] = [];
  let line = '';
  for (const s of set) {
    const piece = line ? `, ${s}` : s;
    if (pfx.length + line.length + piece.length > 80 && line) {
      lines.push(pfx + line);
      line = s;
    } else line += piece;
  }
  if (line) lines.push(pfx + line);
  return lines;
}

const PROC_TYPE = ['IA32/X64', 'IA64', 'ARM'];
const PROC_ISA = ['IA32', 'IA64', 'X64', 'ARM A32/T32', 'ARM A64'];
const PROC_ERR = ['cache error', 'TLB error', 'bus error', 'micro-architectural error'];
const PROC_OP = ['unknown or generic', 'data read', 'data write', 'instruction execution'];
const PROC_FLAG = ['restartable', 'precise IP', 'overflow', 'corrected'];

function procGeneric(p: string, { v }: SectionVals): string[] {
  const o: string[] = [];
  if (valid(v, 0)) o.push(`${p}processor_type: ${n(v.type)}, ${name(PROC_TYPE, n(v.type))}`);
  if (valid(v, 1)) o.push(`${p}processor_isa: ${n(v.isa)}, ${name(PROC_ISA, n(v.isa))}`);
  if (valid(v, 2)) { o.push(`${p}error_type: 0x${n(v.errorType).toString(16).padStart(2, '0')}`); o.push(...bitNames(p, n(v.errorType), PROC_ERR)); }
  if (valid(v, 3)) o.push(`${p}operation: ${n(v.operation)}, ${name(PROC_OP, n(v.operation))}`);
  if (valid(v, 4)) { o.push(`${p}flags: 0x${n(v.flags).toString(16).padStart(2, '0')}`); o.push(...bitNames(p, n(v.flags), PROC_FLAG)); }
  if (valid(v, 5)) o.push(`${p}level: ${n(v.level)}`);
  if (valid(v, 6)) o.push(`${p}version_info: ${x(v.cpuVersion, 16)}`);
  if (valid(v, 8)) o.push(`${p}processor_id: ${x(v.processorId, 16)}`);
  if (valid(v, 9)) o.push(`${p}target_address: ${x(v.targetAddress, 16)}`);
  if (valid(v, 10)) o.push(`${p}requestor_id: ${x(v.requestorId, 16)}`);
  if (valid(v, 11)) o.push(`${p}responder_id: ${x(v.responderId, 16)}`);
  if (valid(v, 12)) o.push(`${p}IP: ${x(v.ip, 16)}`);
  return o;
}

const MEM_STATUS: Record<number, string> = {
  1: 'Error detected internal to the component', 4: 'Storage error in DRAM memory', 5: 'Storage error in TLB', 6: 'Storage error in cache',
  7: 'Error in one or more functional units', 8: 'Component failed self test', 9: 'Overflow or undervalue of internal queue', 16: 'Error detected in the bus',
  17: 'Virtual address not found on IO-TLB or IO-PDIR', 18: 'Improper access error', 19: 'Access to a memory address which is not mapped to any component',
  20: 'Loss of Lockstep', 21: 'Response not associated with a request', 22: 'Bus parity error - must also set the A, C, or D Bits',
  23: 'Detection of a protocol error', 24: 'Detection of a PATH_ERROR', 25: 'Bus operation timeout', 26: 'A read was issued to data that has been poisoned',
};
const MEM_TYPE = ['unknown', 'no error', 'single-bit ECC', 'multi-bit ECC', 'single-symbol chipkill ECC', 'multi-symbol chipkill ECC', 'master abort', 'target abort',
  'parity error', 'watchdog timeout', 'invalid address', 'mirror Broken', 'memory sparing', 'scrub corrected error', 'scrub uncorrected error', 'physical memory map-out event'];

function memory(p: string, { v }: SectionVals, sec: DecodedSection): string[] | undefined {
  if (sec.length < 73) return undefined;
  const o: string[] = [];
  if (valid(v, 0)) { const s = n((v.errorStatus as bigint) >> 8n) & 0xff; o.push(`${p} error_status: ${MEM_STATUS[s] ?? 'Reserved'} (${x(v.errorStatus, 16)})`); }
  if (valid(v, 1)) o.push(`${p}physical_address: ${x(v.physicalAddress, 16)}`);
  if (valid(v, 2)) o.push(`${p}physical_address_mask: ${x(v.physicalAddressMask, 16)}`);
  let loc = '';
  if (valid(v, 3)) loc += `node:${n(v.node)} `;
  if (valid(v, 4)) loc += `card:${n(v.card)} `;
  if (valid(v, 5)) loc += `module:${n(v.module)} `;
  if (valid(v, 15)) loc += `rank:${n(v.rankNumber)} `;
  if (valid(v, 6)) loc += `bank:${n(v.bank)} `;
  if (valid(v, 19)) loc += `bank_group:${n(v.bank) >> 8} `;
  if (valid(v, 20)) loc += `bank_address:${n(v.bank) & 0xff} `;
  if (valid(v, 7)) loc += `device:${n(v.device)} `;
  if (valid(v, 8)) loc += `row:${n(v.row) | (valid(v, 18) ? (n(v.extended) & 3) << 16 : 0)} `;
  if (valid(v, 9)) loc += `column:${n(v.column)} `;
  if (valid(v, 10)) loc += `bit_position:${n(v.bitPosition)} `;
  if (valid(v, 11)) loc += `requestor_id:${x(v.requestorId, 16)} `;
  if (valid(v, 12)) loc += `responder_id:${x(v.responderId, 16)} `;
  if (valid(v, 13)) loc += `target_id:${x(v.targetId, 16)} `;
  if (valid(v, 21)) loc += `chip_id:${n(v.extended) >> 5} `;
  if (loc) o.push(p + loc);
  if (valid(v, 14)) o.push(`${p}error_type: ${n(v.errorType)}, ${name(MEM_TYPE, n(v.errorType))}`);
  if (valid(v, 17)) o.push(`${p}DIMM location: not present. DMI handle: 0x${n(v.moduleHandle).toString(16).padStart(4, '0')} `);
  return o;
}

const PORT = ['PCIe end point', 'legacy PCI end point', 'unknown', 'unknown', 'root port', 'upstream switch port', 'downstream switch port',
  'PCIe to PCI/PCI-X bridge', 'PCI/PCI-X to PCIe bridge', 'root complex integrated endpoint device', 'root complex event collector'];
const bcd = (b: number): number => (b >> 4) * 10 + (b & 15);
const h = (v: Value, d: number): string => n(v).toString(16).padStart(d, '0');

function pcie(p: string, { v }: SectionVals, sec: DecodedSection, read?: ReadBytes): string[] {
  const o: string[] = [];
  if (valid(v, 0)) o.push(`${p}port_type: ${n(v.portType)}, ${name(PORT, n(v.portType))}`);
  if (valid(v, 1)) o.push(`${p}version: ${bcd(n(v.versionMajor))}.${bcd(n(v.versionMinor))}`);
  if (valid(v, 2)) o.push(`${p}command: 0x${h(v.command, 4)}, status: 0x${h(v.status, 4)}`);
  if (valid(v, 3)) {
    const cf = n(v.classFunction);
    o.push(`${p}device_id: ${h(v.segment, 4)}:${h(v.bus, 2)}:${h(v.device, 2)}.${(cf >>> 24).toString(16)}`);
    o.push(`${p}slot: ${n(v.slot) >> 3}`);
    o.push(`${p}secondary_bus: 0x${h(v.secondaryBus, 2)}`);
    o.push(`${p}vendor_id: 0x${h(v.vendorId, 4)}, device_id: 0x${h(v.deviceId, 4)}`);
    o.push(`${p}class_code: ${h((cf >> 16) & 0xff, 2)}${h((cf >> 8) & 0xff, 2)}${h(cf & 0xff, 2)}`);
  }
  if (valid(v, 4)) o.push(`${p}serial number: 0x${h(v.serialLower, 4)}, 0x${h(v.serialUpper, 4)}`);
  if (valid(v, 5)) o.push(`${p}bridge: secondary_status: 0x${h(v.bridgeSecondaryStatus, 4)}, control: 0x${h(v.bridgeControl, 4)}`);
  // L6.12 form: AER lines whenever the AER block is valid.
  const aer = v.aer as Uint8Array | undefined;
  if (valid(v, 7) && aer && aer.length >= 56) {
    const dv = new DataView(aer.buffer, aer.byteOffset, aer.byteLength);
    const u = (o2: number) => dv.getUint32(o2, true).toString(16).padStart(8, '0');
    o.push(`${p}aer_cor_status: 0x${u(16)}, aer_cor_mask: 0x${u(20)}`);
    o.push(`${p}aer_uncor_status: 0x${u(4)}, aer_uncor_mask: 0x${u(8)}`);
    o.push(`${p}aer_uncor_severity: 0x${u(12)}`);
    o.push(`${p}TLP Header: ${u(28)} ${u(32)} ${u(36)} ${u(40)}`);
  }
  void sec; void read;
  return o;
}

const IA_TYPES: Record<string, string> = {
  'a55701f5-e3ef-43de-ac72-249b573fad2c': 'cache error', 'fc06b535-5e1f-4562-9f25-0a3b9adb63c3': 'TLB error',
  '1cf3f8b3-c5b1-49a2-aa59-5eef92ffa63c': 'bus error', '48ab7f57-dc34-4f6c-a7d3-b0b5b0a74314': 'micro-architectural error',
};
const IA_TRANS = ['Instruction', 'Data Access', 'Generic'];
const IA_OP = ['generic error', 'generic read', 'generic write', 'data read', 'data write', 'instruction fetch', 'prefetch', 'eviction', 'snoop'];
const IA_PART = ['Local Processor originated request', 'Local Processor responded to request', 'Local Processor observed', 'Generic'];
const IA_ADDR = ['Memory Access', 'Reserved', 'I/O', 'Other Transaction'];
const IA_MS = ['No Error', 'Unclassified', 'Microcode ROM Parity Error', 'External Error', 'FRC Error', 'Internal Unclassified'];
const IA_CTX = ['Unclassified Data', 'MSR Registers (Machine Check and other MSRs)', '32-bit Mode Execution Context', '64-bit Mode Execution Context', 'FXSAVE Context',
  '32-bit Mode Debug Registers (DR0-DR7)', '64-bit Mode Debug Registers (DR0-DR7)', 'Memory Mapped Registers'];
const tf = (b: number): string => (b ? 'true' : 'false');

function checkInfo(p: string, type: string, ci: bigint): string[] {
  const o: string[] = [];
  const bit = (i: number) => Number((ci >> BigInt(i)) & 1n);
  const fld = (lo: number, w: number) => Number((ci >> BigInt(lo)) & ((1n << BigInt(w)) - 1n));
  if (type === 'micro-architectural error') {
    if (bit(0)) o.push(`${p}Error Type: ${fld(16, 3)}, ${name(IA_MS, fld(16, 3))}`);
    if (bit(1)) o.push(`${p}Processor Context Corrupt: ${tf(bit(19))}`);
    if (bit(2)) o.push(`${p}Uncorrected: ${tf(bit(20))}`);
    if (bit(3)) o.push(`${p}Precise IP: ${tf(bit(21))}`);
    if (bit(4)) o.push(`${p}Restartable IP: ${tf(bit(22))}`);
    if (bit(5)) o.push(`${p}Overflow: ${tf(bit(23))}`);
    return o;
  }
  if (bit(0)) o.push(`${p}Transaction Type: ${fld(16, 2)}, ${name(IA_TRANS, fld(16, 2))}`);
  if (bit(1)) {
    const op = fld(18, 4);
    const limit = type === 'cache error' ? 9 : 7;
    o.push(`${p}Operation: ${op}, ${op < limit ? IA_OP[op] : 'unknown'}`);
  }
  if (bit(2)) o.push(`${p}Level: ${fld(22, 3)}`);
  if (bit(3)) o.push(`${p}Processor Context Corrupt: ${tf(bit(25))}`);
  if (bit(4)) o.push(`${p}Uncorrected: ${tf(bit(26))}`);
  if (bit(5)) o.push(`${p}Precise IP: ${tf(bit(27))}`);
  if (bit(6)) o.push(`${p}Restartable IP: ${tf(bit(28))}`);
  if (bit(7)) o.push(`${p}Overflow: ${tf(bit(29))}`);
  if (type === 'bus error') {
    if (bit(8)) o.push(`${p}Participation Type: ${fld(30, 2)}, ${name(IA_PART, fld(30, 2))}`);
    if (bit(9)) o.push(`${p}Time Out: ${tf(bit(32))}`);
    if (bit(10)) o.push(`${p}Address Space: ${fld(33, 2)}, ${name(IA_ADDR, fld(33, 2))}`);
  }
  return o;
}

function ia32(p: string, { v, items = [], contexts = [] }: SectionVals, sec: DecodedSection, read?: ReadBytes): string[] {
  const o: string[] = [];
  if (valid(v, 0)) o.push(`${p}Local APIC_ID: 0x${n(v.localApicId) ? (v.localApicId as bigint).toString(16) : '0'}`);
  if (valid(v, 1)) {
    o.push(`${p}CPUID Info:`);
    const b = read?.(sec.offset + 16, 48);
    if (b) o.push(...hexDump(p, b, 4, false));
  }
  const ip = p + ' ';
  items.forEach((e, i) => {
    o.push(`${p}Error Information Structure ${i}:`);
    const t = IA_TYPES[e.type as string];
    o.push(`${ip}Error Structure Type: ${t ?? 'unknown'}`);
    if (!t) o.push(`${ip}Error Structure Type: ${e.type as string}`);
    const evb = n(e.validationBits);
    if (evb & 1) {
      o.push(`${ip}Check Information: ${x(e.checkInfo, 16)}`);
      if (t) o.push(...checkInfo(ip + ' ', t, e.checkInfo as bigint));
    }
    if (evb & 2) o.push(`${ip}Target Identifier: ${x(e.targetId, 16)}`);
    if (evb & 4) o.push(`${ip}Requestor Identifier: ${x(e.requestorId, 16)}`);
    if (evb & 8) o.push(`${ip}Responder Identifier: ${x(e.responderId, 16)}`);
    if (evb & 16) o.push(`${ip}Instruction Pointer: ${x(e.ip, 16)}`);
  });
  contexts.forEach((c, i) => {
    const t = n(c.type);
    o.push(`${p}Context Information Structure ${i}:`);
    o.push(`${ip}Register Context Type: ${t < 8 ? IA_CTX[t] : 'unknown'}`);
    o.push(`${ip}Register Array Size: 0x${h(c.size, 4)}`);
    if (t === 1) o.push(`${ip}MSR Address: 0x${h(c.msrAddress, 8)}`);
    if (t === 7) o.push(`${ip}MM Register Address: ${x(c.mmAddress, 16)}`);
    o.push(`${ip}Register Array:`);
    const arr = c.registerArray as Uint8Array | undefined;
    if (arr) o.push(...hexDump(ip, arr, t === 1 ? 8 : 4, false));
  });
  return o;
}

const ARM_TRANS = ['Instruction', 'Data Access', 'Generic'];
const ARM_CACHE_OPS = ['Generic error (type cannot be determined)', 'Generic read (type of instruction or data request cannot be determined)',
  'Generic write (type of instruction of data request cannot be determined)', 'Data read', 'Data write', 'Instruction fetch', 'Prefetch', 'Eviction',
  'Snooping (processor initiated a cache snoop that resulted in an error)', 'Snooped (processor raised a cache error caused by another processor or device snooping its cache)', 'Management'];
const ARM_TLB_OPS = [...ARM_CACHE_OPS.slice(0, 7), 'Local management operation (processor initiated a TLB management operation that resulted in an error)',
  'External management operation (processor raised a TLB error caused by another processor or device broadcasting TLB operations)'];
const ARM_BUS_OPS = ARM_CACHE_OPS.slice(0, 7);
const ARM_PART = ['Local processor originated request', 'Local processor responded to request', 'Local processor observed', 'Generic'];
const ARM_ADDR = ['External Memory Access', 'Internal Memory Access', 'Unknown', 'Device Memory Access'];
const ARM_CTX = ['AArch32 general purpose registers', 'AArch32 EL1 context registers', 'AArch32 EL2 context registers', 'AArch32 secure context registers',
  'AArch64 general purpose registers', 'AArch64 EL1 context registers', 'AArch64 EL2 context registers', 'AArch64 EL3 context registers', 'Misc. system register structure'];
const ARM_TYPE_BITS = ['cache error', 'TLB error', 'bus error', 'micro-architectural error'];

function armErrorInfo(p: string, type: number, info: bigint): string[] {
  const o: string[] = [];
  const bit = (i: number) => Number((info >> BigInt(i)) & 1n);
  const fld = (lo: number, w: number) => Number((info >> BigInt(lo)) & ((1n << BigInt(w)) - 1n));
  const kind = type & 2 ? 'cache' : type & 4 ? 'TLB' : type & 8 ? 'bus' : '';
  if (!kind) return o;
  if (bit(0)) o.push(`${p}transaction type: ${name(ARM_TRANS, fld(16, 2))}`);
  if (bit(1)) {
    const op = fld(18, 4);
    const tab = kind === 'cache' ? ARM_CACHE_OPS : kind === 'TLB' ? ARM_TLB_OPS : ARM_BUS_OPS;
    o.push(`${p}${kind} error, operation type: ${name(tab, op)}`);
  }
  if (bit(2)) o.push(kind === 'bus' ? `${p}affinity level at which the bus error occurred: ${fld(22, 3)}` : `${p}${kind} level: ${fld(22, 3)}`);
  if (bit(3)) o.push(`${p}${bit(25) ? 'processor context corrupted' : 'processor context not corrupted'}`);
  if (bit(4)) o.push(`${p}${bit(26) ? 'the error has been corrected' : 'the error has not been corrected'}`);
  if (bit(5)) o.push(`${p}${bit(27) ? 'PC is precise' : 'PC is imprecise'}`);
  if (bit(6) && bit(28)) o.push(`${p}Program execution can be restarted reliably at the PC associated with the error.`);
  if (kind === 'bus') {
    if (bit(7)) o.push(`${p}participation type: ${name(ARM_PART, fld(29, 2))}`);
    if (bit(8) && bit(31)) o.push(`${p}request timed out`);
    if (bit(9)) o.push(`${p}address space: ${name(ARM_ADDR, fld(32, 2))}`);
    if (bit(10)) o.push(`${p}memory access attributes:0x${fld(34, 9).toString(16)}`);
    if (bit(11)) o.push(`${p}access mode: ${bit(43) ? 'secure' : 'normal'}`);
  }
  return o;
}

function arm(p: string, { v, items = [], contexts = [] }: SectionVals, sec: DecodedSection, read?: ReadBytes): string[] {
  const o: string[] = [];
  o.push(`${p}MIDR: ${x(v.midr, 16)}`);
  const vb = n(v.validationBits);
  if (vb & 1) o.push(`${p}Multiprocessor Affinity Register (MPIDR): ${x(v.mpidr, 16)}`);
  if (vb & 2) o.push(`${p}error affinity level: ${n(v.errorAffinityLevel)}`);
  if (vb & 4) {
    o.push(`${p}running state: 0x${n(v.runningState).toString(16)}`);
    o.push(`${p}Power State Coordination Interface state: ${n(v.psciState)}`);
  }
  const ip = p + ' ';
  items.forEach((e, i) => {
    o.push(`${p}Error info structure ${i}:`);
    const evb = n(e.validationBits);
    if (evb & 1) o.push(`${ip}num errors: ${n(e.multipleError) + 1}`);
    if (evb & 2) {
      const fl = n(e.flags);
      if (fl & 1) o.push(`${ip}first error captured`);
      if (fl & 2) o.push(`${ip}last error captured`);
      if (fl & 4) o.push(`${ip}propagated error captured`);
      if (fl & 8) o.push(`${ip}overflow occurred, error info is incomplete`);
    }
    const t = n(e.type);
    const names = ARM_TYPE_BITS.filter((_, k) => (t >> (k + 1)) & 1).join('|');
    o.push(`${ip}error_type: 0x${t.toString(16).padStart(2, '0')}: ${names}${t & ~0x1e ? ' with reserved bit(s)' : ''}`);
    if (evb & 4) {
      o.push(`${ip}error_info: ${x(e.errorInformation, 16)}`);
      o.push(...armErrorInfo(ip + ' ', t, e.errorInformation as bigint));
    }
    if (evb & 8) o.push(`${ip}virtual fault address: ${x(e.virtualFaultAddress, 16)}`);
    if (evb & 16) o.push(`${ip}physical fault address: ${x(e.physicalFaultAddress, 16)}`);
  });
  contexts.forEach((c, i) => {
    const t = n(c.type);
    o.push(`${p}Context info structure ${i}:`);
    if (t > 8) { o.push(`${ip}Invalid context type: ${t} (max: 8)`); return; }
    o.push(`${ip}register context type: ${ARM_CTX[t]}`);
    const arr = c.registerArray as Uint8Array | undefined;
    if (arr) o.push(...hexDump(ip, arr, 4, false));
  });
  void sec; void read;
  return o;
}

const FW_TYPES = ['IPF SAL Error Record', 'SOC Firmware Error Record Type1 (Legacy CrashLog Support)', 'SOC Firmware Error Record Type2'];
function firmware(p: string, { v }: SectionVals, sec: DecodedSection, read?: ReadBytes): string[] | undefined {
  if (sec.length < 16) return undefined;
  const o: string[] = [];
  const rev = n(v.revision);
  o.push(`${p}Firmware Error Record Type: ${name(FW_TYPES, n(v.recordType))}`);
  o.push(`${p}Revision: ${rev}`);
  if (rev === 0) o.push(`${p}Record Identifier: ${n(v.recordId) ? (v.recordId as bigint).toString(16).padStart(8, '0') : '00000000'}`);
  else if (rev === 2) o.push(`${p}Record Identifier: ${v.recordGuid as string}`);
  const start = rev === 0 ? 16 : rev === 1 ? 8 : 32;
  if (sec.length > start) {
    const b = read?.(sec.offset + start, sec.length - start);
    if (b) o.push(...hexDump(p, b, 4, true));
  }
  return o;
}

const CXL_AGENT = ['Restricted CXL Device', 'Restricted CXL Host Downstream Port', 'CXL Device', 'CXL Logical Device', 'CXL Fabric Manager managed Logical Device',
  'CXL Root Port', 'CXL Downstream Switch Port', 'CXL Upstream Switch Port'];
function cxlProtocol(p: string, { v }: SectionVals, sec: DecodedSection, read?: ReadBytes): string[] {
  const o: string[] = [];
  const at = n(v.agentType);
  if (valid(v, 0)) o.push(`${p}agent_type: ${at}, ${name(CXL_AGENT, at)}`);
  if (valid(v, 1)) {
    if (at === 1) o.push(`${p}rcrb_base_address: ${x(v.agentAddress, 16)}`);
    else {
      const a = v.agentAddress as bigint;
      const f = Number(a & 0xffn), d = Number((a >> 8n) & 0xffn), b = Number((a >> 16n) & 0xffn), s = Number((a >> 24n) & 0xffffn);
      o.push(`${p}agent_address: ${h(s, 4)}:${h(b, 2)}:${h(d, 2)}.${f.toString(16)}`);
    }
  }
  if (valid(v, 2)) {
    o.push(`${p}slot: ${n(v.slot) >> 3}`);
    o.push(`${p}vendor_id: 0x${h(v.vendorId, 4)}, device_id: 0x${h(v.deviceId, 4)}`);
    o.push(`${p}sub_vendor_id: 0x${h(v.subsystemVendorId, 4)}, sub_device_id: 0x${h(v.subsystemDeviceId, 4)}`);
    o.push(`${p}class_code: ${h(n(v.classCode) >> 8, 2)}${h(n(v.classCode) & 0xff, 2)}`);
  }
  if (valid(v, 3)) {
    const s = v.serial as bigint;
    o.push(`${p}lower_dw: 0x${h(Number(s & 0xffffffffn), 8)}, upper_dw: 0x${h(Number(s >> 32n), 8)}`);
  }
  if (valid(v, 4)) {
    o.push(`${p}Capability structure:`);
    const b = read?.(sec.offset + 48, 60);
    if (b) o.push(...hexDump(p, b, 4, false));
  }
  const dv = n(v.dvsecLength);
  if (valid(v, 5)) {
    o.push(`${p}DVSEC length: 0x${h(dv, 4)}`);
    o.push(`${p}CXL DVSEC:`);
    const b = read?.(sec.offset + 116, dv);
    if (b) o.push(...hexDump(p, b, 4, false));
  }
  if (valid(v, 6)) {
    const el = n(v.errorLogLength);
    o.push(`${p}Error log length: 0x${h(el, 4)}`);
    o.push(`${p}CXL Error Log:`);
    const b = read?.(sec.offset + 116 + dv, el);
    if (b && b.length >= 24) {
      const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const u = (k: number) => d.getUint32(k, true).toString(16).padStart(8, '0');
      o.push(`${p}cxl_ras_uncor_status: 0x${u(0)}`, `${p}cxl_ras_uncor_mask: 0x${u(4)}`, `${p}cxl_ras_uncor_severity: 0x${u(8)}`,
        `${p}cxl_ras_cor_status: 0x${u(12)}`, `${p}cxl_ras_cor_mask: 0x${u(16)}`, `${p}cap_control: 0x${u(20)}`);
      o.push(`${p}Header Log Registers:`);
      o.push(...hexDump(p, b.subarray(24), 4, false));
    } else if (b) o.push(...hexDump(p, b, 4, false));
  }
  return o;
}

export interface SectionText {
  name: string;
  lines(pfx: string, vals: SectionVals, sec: DecodedSection, read?: ReadBytes): string[] | undefined;
}

export const SECTION_TEXT: Readonly<Record<string, SectionText>> = {
  '9876ccad-47b4-4bdb-b65e-16f193c4f3db': { name: 'general processor error', lines: procGeneric },
  'a5bc1114-6f64-4ede-b863-3e83ed7c83b1': { name: 'memory error', lines: memory },
  'd995e954-bbc1-430f-ad91-b44dcb3c6f35': { name: 'PCIe error', lines: pcie },
  'dc3ea0b0-a144-4797-b95b-53fa242b6e1d': { name: 'IA32/X64 processor error', lines: ia32 },
  'e19e3d16-bc11-11e4-9caa-c2051d5d46b0': { name: 'ARM processor error', lines: arm },
  '81212a96-09ed-4996-9471-8d729c8e69ed': { name: 'Firmware Error Record Reference', lines: firmware },
  '80b9efb4-52b5-4de3-a777-68784b771048': { name: 'CXL Protocol Error', lines: cxlProtocol },
  'fbcd0a77-c260-417f-85a9-088b1621eba6': { name: 'CXL General Media Event', lines: () => [] },
  '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624': { name: 'CXL DRAM Event', lines: () => [] },
  'fe927475-dd59-4339-a586-79bab113b774': { name: 'CXL Memory Module Event', lines: () => [] },
};
