/**
 * The kernel's own `[Hardware Error]:` report (Linux drivers/firmware/efi/cper.c,
 * cper_estatus_print and cper_estatus_print_section), read back into CPER records from dmesg,
 * `journalctl -k` or syslog text: whatever precedes `[Hardware Error]:` on a line (timestamps,
 * host names, `kernel:`, the GHES `{n}` tag) is ignored.
 *
 *   event severity: <sev>                          a record
 *    Error <i>, type: <sev>                        a section, its severity
 *    fru_id: <guid> / fru_text: <text>             the section's FRU
 *     section_type: <name>                         a section the kernel decoded; its lines follow
 *     section type: unknown, <guid>                a section it did not: its length, then
 *     section length: 0x<n>                        print_hex_dump(DUMP_PREFIX_OFFSET, 16, 4, ascii)
 *     00000000: 4c4c4548 ...                       of the body only
 *
 * The text holds no record header (id, timestamp, creator, notification type): those are left
 * zero and said so. A hex-dumped body is recovered byte for byte. A decoded section is rebuilt
 * from the lines its declaration prints (each field's `linux` output read backwards: the value
 * and the validation bit that let it print); a memory error from cper_print_mem's lines; any
 * other keeps its type, severity and FRU with an empty body, and its lines are reported.
 */
import { concatBytes } from '../bytes/concat';
import { NULL_GUID } from '../bytes/guid';
import { CREATOR_PSTORE, NOTIFY_MCE, SECTION_MCE } from '../cper/guids';
import { encodeRecord, type SectionInput } from '../cper/encode';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import { fieldSize, flatFields, type FieldSpec, type LinuxOut, type StructSpec } from '../decode/spec';
import { ARM_HEAD } from '../sections/arm';
import { CXL_PROTOCOL_SPEC } from '../sections/cxl-protocol';
import { IA32X64_HEAD } from '../sections/ia32x64';
import { STRUCT_MCE } from '../pstore/mce';
import { PCIE_SPEC } from '../sections/pcie';
import { PROC_GENERIC } from '../sections/processor-generic';
import { parseHardwareErrorDumps } from './text';

const MARK = '[Hardware Error]:';
const SEVERITIES: Readonly<Record<string, number>> = { recoverable: 0, fatal: 1, corrected: 2, info: 3 };

/** Linux's section_type names (cper.c, cper-x86.c, cper-arm.c, cper_cxl.c) → section GUID. */
const LINUX_SECTION_NAMES: Readonly<Record<string, string>> = {
  'general processor error': '9876ccad-47b4-4bdb-b65e-16f193c4f3db',
  'IA32/X64 processor error': 'dc3ea0b0-a144-4797-b95b-53fa242b6e1d',
  'ARM processor error': 'e19e3d16-bc11-11e4-9caa-c2051d5d46b0',
  'memory error': 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1',
  'PCIe error': 'd995e954-bbc1-430f-ad91-b44dcb3c6f35',
  'Firmware Error Record Reference': '81212a96-09ed-4996-9471-8d729c8e69ed',
  'CXL Protocol Error': '80b9efb4-52b5-4de3-a777-68784b771048',
  'CXL General Media Event': 'fbcd0a77-c260-417f-85a9-088b1621eba6',
  'CXL DRAM Event': '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624',
  'CXL Memory Module Event': 'fe927475-dd59-4339-a586-79bab113b774',
};
const MEMORY_GUID = LINUX_SECTION_NAMES['memory error'];

/** Sections whose printed lines come from their declarations' `linux` outputs. */
const DECLARED: Readonly<Record<string, StructSpec>> = {
  [LINUX_SECTION_NAMES['general processor error']]: PROC_GENERIC,
  [LINUX_SECTION_NAMES['IA32/X64 processor error']]: IA32X64_HEAD,
  [LINUX_SECTION_NAMES['ARM processor error']]: ARM_HEAD,
  [LINUX_SECTION_NAMES['CXL Protocol Error']]: CXL_PROTOCOL_SPEC,
};

interface Printed {
  field: FieldSpec;
  lo: number;
  width: number;
  gate: number;
  out: LinuxOut;
}

/** The declaration's one-value lines (hooks that combine fields are not read back). */
function printedLines(spec: StructSpec): Printed[] {
  const out: Printed[] = [];
  const gate = (o: LinuxOut, f: FieldSpec) => {
    const g = o.valid ?? f.valid;
    return g === undefined || g === 'always' ? -1 : g;
  };
  for (const f of flatFields(spec)) {
    if (f.linux?.name && !f.linux.lines) out.push({ field: f, lo: 0, width: -1, gate: gate(f.linux, f), out: f.linux });
    for (const b of f.bits ?? [])
      if (b.linux?.name && !b.linux.lines) out.push({ field: f, lo: b.lo, width: b.width ?? 1, gate: gate(b.linux, f), out: b.linux });
  }
  return out;
}

function putInt(dv: DataView, f: FieldSpec, v: bigint): void {
  const size = fieldSize(f);
  if (size === 1) dv.setUint8(f.at, Number(v & 0xffn));
  else if (size === 2) dv.setUint16(f.at, Number(v & 0xffffn), true);
  else if (size === 4) dv.setUint32(f.at, Number(v & 0xffffffffn), true);
  else if (size === 8) dv.setBigUint64(f.at, v & 0xffffffffffffffffn, true);
}

function getInt(dv: DataView, f: FieldSpec): bigint {
  const size = fieldSize(f);
  return size === 1
    ? BigInt(dv.getUint8(f.at))
    : size === 2
      ? BigInt(dv.getUint16(f.at, true))
      : size === 4
        ? BigInt(dv.getUint32(f.at, true))
        : size === 8
          ? dv.getBigUint64(f.at, true)
          : 0n;
}

/** A declared section's body from its printed lines: each value back in its field, its validation bit set. */
function declaredBody(spec: StructSpec, lines: readonly string[]): { body: Uint8Array; fields: number } {
  const body = new Uint8Array(spec.size);
  const dv = new DataView(body.buffer);
  const printed = printedLines(spec);
  const vf = spec.validation ? flatFields(spec).find((f) => f.key === spec.validation) : undefined;
  let fields = 0;
  for (const l of lines) {
    const m = /^([^:]+): (.*)$/.exec(l);
    if (!m) continue;
    for (const p of printed) {
      if (p.out.name !== m[1]) continue;
      const fmt = p.out.fmt ?? 'dec';
      const vm = fmt === 'hex' || fmt === 'bits' ? /^0x([0-9a-f]+)/i.exec(m[2]) : /^(\d+)/.exec(m[2]);
      if (!vm) continue;
      if (p.field.type === 'bytes' || p.field.type === 'ascii' || p.field.type === 'guid' || p.field.type === 'bcdtime') continue;
      const v = BigInt(fmt === 'hex' || fmt === 'bits' ? `0x${vm[1]}` : vm[1]);
      if (p.width < 0) putInt(dv, p.field, v);
      else {
        const mask = ((1n << BigInt(p.width)) - 1n) << BigInt(p.lo);
        putInt(dv, p.field, (getInt(dv, p.field) & ~mask) | ((v << BigInt(p.lo)) & mask));
      }
      if (vf && p.gate >= 0) putInt(dv, vf, getInt(dv, vf) | (1n << BigInt(p.gate)));
      fields++;
      break;
    }
  }
  return { body, fields };
}
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ReportSection {
  line: number;
  severity?: number;
  fruId?: string;
  fruText?: string;
  type?: string;
  kernelName?: string;
  length?: number;
  hex: string[];
  decoded: string[];
}

interface ReportRecord {
  line: number;
  severity: number;
  sections: ReportSection[];
}

/** Does the text hold a kernel report (not only hex dumps)? */
export function looksLikeKernelReport(text: string): boolean {
  return /\[Hardware Error\]:\s*(?:event severity:|section type: unknown,|CPU \d+: Machine Check)/.test(text);
}

/** `journalctl -o json` gives one JSON object per line: the kernel's text is its MESSAGE. */
function journalMessage(line: string): string {
  if (!line.startsWith('{') || !line.includes('"MESSAGE"')) return line;
  try {
    const m = (JSON.parse(line) as { MESSAGE?: unknown }).MESSAGE;
    return typeof m === 'string' ? m : line;
  } catch {
    return line;
  }
}

function contentOf(line: string): string | undefined {
  const i = line.indexOf(MARK);
  return i < 0 ? undefined : line.slice(i + MARK.length).trim();
}

function readReport(text: string): ReportRecord[] {
  const records: ReportRecord[] = [];
  let rec: ReportRecord | undefined;
  let sec: ReportSection | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const c = contentOf(journalMessage(lines[i]));
    if (c === undefined) continue;
    let m: RegExpExecArray | null;
    if ((m = /^event severity: (\w+)/.exec(c))) {
      rec = { line: i + 1, severity: SEVERITIES[m[1]] ?? 1, sections: [] };
      records.push(rec);
      sec = undefined;
    } else if ((m = /^Error (\d+), type: (\w+)/.exec(c))) {
      if (!rec) records.push((rec = { line: i + 1, severity: SEVERITIES[m[2]] ?? 1, sections: [] }));
      sec = { line: i + 1, severity: SEVERITIES[m[2]], hex: [], decoded: [] };
      rec.sections.push(sec);
    } else if ((m = /^section type: unknown, (\S+)/.exec(c))) {
      sec = openSection(sec, rec, records, i);
      if (GUID.test(m[1])) sec.type = m[1].toLowerCase();
      rec = records[records.length - 1];
    } else if ((m = /^section_type: (.+)$/.exec(c))) {
      sec = openSection(sec, rec, records, i);
      rec = records[records.length - 1];
      sec.kernelName = m[1].trim();
      sec.type = LINUX_SECTION_NAMES[sec.kernelName];
    } else if (/^CPU \d+: Machine Check/.test(c)) {
      // print_mce (arch/x86/kernel/cpu/mce/core.c): after an "Error N" line of a record the
      // project printed, or alone in dmesg ("mce: [Hardware Error]: CPU 0: Machine Check …").
      if (!(sec && !sec.type && !sec.kernelName && !sec.hex.length)) {
        rec = { line: i + 1, severity: 1, sections: [] };
        records.push(rec);
        sec = { line: i + 1, severity: 1, hex: [], decoded: [] };
        rec.sections.push(sec);
      }
      sec.type = SECTION_MCE;
      sec.kernelName = 'machine check';
      sec.decoded.push(c);
    } else if (sec && (m = /^fru_id: (\S+)/.exec(c)) && GUID.test(m[1])) {
      sec.fruId = m[1].toLowerCase();
    } else if (sec && (m = /^fru_text: (.*)$/.exec(c))) {
      sec.fruText = m[1];
    } else if (sec && (m = /^section length: 0x([0-9a-f]+)/i.exec(c))) {
      sec.length = parseInt(m[1], 16);
    } else if (sec && !sec.kernelName && /^[0-9a-f]{8}: /i.test(c)) {
      sec.hex.push(c);
    } else if (sec?.kernelName) {
      sec.decoded.push(c);
    }
  }
  return records;
}

/** A section line without an `Error N` line before it: a section of its own (a record if none). */
function openSection(sec: ReportSection | undefined, rec: ReportRecord | undefined, records: ReportRecord[], i: number): ReportSection {
  if (sec && !sec.type && !sec.kernelName) return sec;
  const s: ReportSection = { line: i + 1, hex: [], decoded: [] };
  if (!rec) records.push((rec = { line: i + 1, severity: 1, sections: [] }));
  rec.sections.push(s);
  return s;
}

/** cper_print_mem's lines back into the 80-byte memory error section (UEFI N.2.5). */
function memoryBody(lines: readonly string[]): { body: Uint8Array; fields: number } {
  const body = new Uint8Array(80);
  const dv = new DataView(body.buffer);
  let vb = 0n;
  let fields = 0;
  const set = (bit: number, put: () => void) => {
    put();
    vb |= 1n << BigInt(bit);
    fields++;
  };
  const big = (s: string) => BigInt(s.startsWith('0x') ? s : `0x${s}`);
  let bank: number | undefined;
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^error_status: .*\((0x[0-9a-f]+)\)$/i.exec(l))) set(0, () => dv.setBigUint64(8, big(m![1]), true));
    else if ((m = /^physical_address: (0x[0-9a-f]+)/i.exec(l))) set(1, () => dv.setBigUint64(16, big(m![1]), true));
    else if ((m = /^physical_address_mask: (0x[0-9a-f]+)/i.exec(l))) set(2, () => dv.setBigUint64(24, big(m![1]), true));
    else if ((m = /^error_type: (\d+),/.exec(l))) set(14, () => (body[72] = Number(m![1]) & 0xff));
    else if (
      /^(node|card|module|rank|bank|device|row|column|bit_position|requestor_id|responder_id|target_id|chip_id|bank_group|bank_address):/.test(
        l,
      )
    ) {
      for (const [, k, v] of l.matchAll(/(\w+):(0x[0-9a-f]+|\d+)/gi)) {
        const n = Number(v);
        switch (k) {
          case 'node':
            set(3, () => dv.setUint16(32, n, true));
            break;
          case 'card':
            set(4, () => dv.setUint16(34, n, true));
            break;
          case 'module':
            set(5, () => dv.setUint16(36, n, true));
            break;
          case 'rank':
            set(15, () => dv.setUint16(74, n, true));
            break;
          case 'bank':
            bank = n;
            set(6, () => dv.setUint16(38, n, true));
            break;
          case 'bank_group':
            if (bank === undefined) set(19, () => (body[39] = n));
            else vb |= 1n << 19n;
            break;
          case 'bank_address':
            if (bank === undefined) set(20, () => (body[38] = n));
            else vb |= 1n << 20n;
            break;
          case 'device':
            set(7, () => dv.setUint16(40, n, true));
            break;
          case 'row':
            set(8, () => dv.setUint16(42, n & 0xffff, true));
            if (n > 0xffff) set(18, () => (body[73] |= (n >> 16) & 3));
            break;
          case 'column':
            set(9, () => dv.setUint16(44, n, true));
            break;
          case 'bit_position':
            set(10, () => dv.setUint16(46, n, true));
            break;
          case 'requestor_id':
            set(11, () => dv.setBigUint64(48, big(v), true));
            break;
          case 'responder_id':
            set(12, () => dv.setBigUint64(56, big(v), true));
            break;
          case 'target_id':
            set(13, () => dv.setBigUint64(64, big(v), true));
            break;
          case 'chip_id':
            set(21, () => (body[73] |= (n & 7) << 5));
            break;
        }
      }
    }
  }
  dv.setBigUint64(0, vb, true);
  return { body, fields };
}

/** print_mce's lines back into `struct mce` (the STRUCT_MCE declaration's offsets). */
function mceBody(lines: readonly string[]): { body: Uint8Array; fields: number } {
  const body = new Uint8Array(STRUCT_MCE.size);
  const dv = new DataView(body.buffer);
  let fields = 0;
  const put = (key: string, v: bigint) => {
    const f = STRUCT_MCE.fields.find((x) => x.key === key);
    if (!f) return;
    const size = fieldSize(f);
    if (size === 8) dv.setBigUint64(f.at, v & 0xffffffffffffffffn, true);
    else if (size === 4) dv.setUint32(f.at, Number(v & 0xffffffffn), true);
    else if (size === 1) dv.setUint8(f.at, Number(v & 0xffn));
    fields++;
  };
  const hex = (t: string) => BigInt(`0x${t}`);
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^CPU (\d+): Machine Check(?: Exception)?: ([0-9a-f]+) Bank (\d+): ([0-9a-f]+)/i.exec(l))) {
      put('extcpu', BigInt(m[1]));
      put('mcgstatus', hex(m[2]));
      put('bank', BigInt(m[3]));
      put('status', hex(m[4]));
    } else if ((m = /^RIP(?: !INEXACT!)? ([0-9a-f]+):<([0-9a-f]+)>/i.exec(l))) {
      put('cs', hex(m[1]));
      put('ip', hex(m[2]));
    } else if ((m = /^TSC ([0-9a-f]+)(.*)$/i.exec(l))) {
      put('tsc', hex(m[1]));
      for (const [, k, v] of m[2].matchAll(/(ADDR|MISC|PPIN|SYND|IPID) ([0-9a-f]+)/gi)) put(k.toLowerCase(), hex(v));
    } else if ((m = /^PROCESSOR (\d+):([0-9a-f]+) TIME (\d+) SOCKET (\d+) APIC ([0-9a-f]+) microcode ([0-9a-f]+)/i.exec(l))) {
      put('cpuvendor', BigInt(m[1]));
      put('cpuid', hex(m[2]));
      put('time', BigInt(m[3]));
      put('socketid', BigInt(m[4]));
      put('apicid', hex(m[5]));
      put('microcode', hex(m[6]));
    }
  }
  return { body, fields };
}

const PCIE_GUID = LINUX_SECTION_NAMES['PCIe error'];

/** cper_print_pcie's lines back into the 208-byte PCIe section (offsets from PCIE_SPEC). */
function pcieBody(lines: readonly string[]): { body: Uint8Array; fields: number } {
  const body = new Uint8Array(PCIE_SPEC.size);
  const dv = new DataView(body.buffer);
  const all = flatFields(PCIE_SPEC);
  let vb = 0n;
  let fields = 0;
  const put = (key: string, v: number, bit: number) => {
    const f = all.find((x) => x.key === key);
    if (!f) return;
    const size = fieldSize(f);
    if (size === 1) dv.setUint8(f.at, v & 0xff);
    else if (size === 2) dv.setUint16(f.at, v & 0xffff, true);
    else if (size === 4) dv.setUint32(f.at, v >>> 0, true);
    vb |= 1n << BigInt(bit);
    fields++;
  };
  const hex = (t: string) => parseInt(t, 16);
  const bcd = (n: number) => ((Math.floor(n / 10) % 10) << 4) | (n % 10);
  let classFunction = 0;
  const tlp: number[] = [];
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^port_type: (\d+),/.exec(l))) put('portType', Number(m[1]), 0);
    else if ((m = /^version: (\d+)\.(\d+)$/.exec(l))) {
      put('versionMajor', bcd(Number(m[1])), 1);
      put('versionMinor', bcd(Number(m[2])), 1);
    } else if ((m = /^command: 0x([0-9a-f]+), status: 0x([0-9a-f]+)/i.exec(l))) {
      put('command', hex(m[1]), 2);
      put('status', hex(m[2]), 2);
    } else if ((m = /^device_id: ([0-9a-f]+):([0-9a-f]+):([0-9a-f]+)\.([0-9a-f]+)$/i.exec(l))) {
      put('segment', hex(m[1]), 3);
      put('bus', hex(m[2]), 3);
      put('device', hex(m[3]), 3);
      classFunction = (classFunction & 0xffffff) | (hex(m[4]) << 24);
      put('classFunction', classFunction, 3);
    } else if ((m = /^slot: (\d+)$/.exec(l))) put('slot', Number(m[1]) << 3, 3);
    else if ((m = /^secondary_bus: 0x([0-9a-f]+)/i.exec(l))) put('secondaryBus', hex(m[1]), 3);
    else if ((m = /^vendor_id: 0x([0-9a-f]+), device_id: 0x([0-9a-f]+)/i.exec(l))) {
      put('vendorId', hex(m[1]), 3);
      put('deviceId', hex(m[2]), 3);
    } else if ((m = /^class_code: ([0-9a-f]{6})$/i.exec(l))) {
      classFunction = (classFunction & ~0xffffff) | hex(m[1]);
      put('classFunction', classFunction, 3);
    } else if ((m = /^serial number: 0x([0-9a-f]+), 0x([0-9a-f]+)/i.exec(l))) {
      put('serialLower', hex(m[1]), 4);
      put('serialUpper', hex(m[2]), 4);
    } else if ((m = /^bridge: secondary_status: 0x([0-9a-f]+), control: 0x([0-9a-f]+)/i.exec(l))) {
      put('bridgeSecondaryStatus', hex(m[1]), 5);
      put('bridgeControl', hex(m[2]), 5);
    } else if ((m = /^aer_cor_status: 0x([0-9a-f]+), aer_cor_mask: 0x([0-9a-f]+)/i.exec(l))) {
      put('correctableStatus', hex(m[1]), 7);
      put('correctableMask', hex(m[2]), 7);
    } else if ((m = /^aer_uncor_status: 0x([0-9a-f]+), aer_uncor_mask: 0x([0-9a-f]+)/i.exec(l))) {
      put('uncorrectableStatus', hex(m[1]), 7);
      put('uncorrectableMask', hex(m[2]), 7);
    } else if ((m = /^aer_uncor_severity: 0x([0-9a-f]+)/i.exec(l))) put('uncorrectableSeverity', hex(m[1]), 7);
    else if ((m = /^TLP Header: ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})/i.exec(l))) tlp.push(...m.slice(1, 5).map(hex));
  }
  const log = all.find((x) => x.key === 'headerLog');
  if (log && tlp.length === 4) {
    tlp.forEach((w, k) => dv.setUint32(log.at + k * 4, w >>> 0, true));
    fields++;
  }
  dv.setBigUint64(0, vb, true);
  return { body, fields };
}

export interface KernelReport {
  /** The reassembled records back to back (empty when the text holds no report). */
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
}

/** Rebuilds the records of a kernel report; offsets in the diagnostics refer to `bytes`. */
export function readKernelReport(text: string): KernelReport {
  const diagnostics: Diagnostic[] = [];
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const [ri, r] of readReport(text).entries()) {
    const sections: SectionInput[] = [];
    const notes: string[] = [];
    for (const s of r.sections) {
      // A record's section count is 16 bits: text claiming more sections is cut there.
      if (sections.length === 0xffff) {
        notes.push(`text line ${s.line}: more than 65535 sections in one report; the rest are left out`);
        break;
      }
      const sev = s.severity ?? r.severity;
      const fru = { fruId: s.fruId, fruText: s.fruText, validationBits: (s.fruId ? 1 : 0) | (s.fruText !== undefined ? 2 : 0) };
      if (!s.type) {
        notes.push(`text line ${s.line}: section type ${s.kernelName ? `"${s.kernelName}" is not one Linux names` : 'missing'}; left out`);
        continue;
      }
      if (s.kernelName === undefined) {
        const dump = s.hex.length ? parseHardwareErrorDumps(s.hex.map((h) => `${MARK} ${h}`).join('\n'))[0] : undefined;
        let body = dump && dump.base === 0 ? dump.bytes : new Uint8Array(0);
        if (s.length !== undefined && body.length > s.length) body = body.subarray(0, s.length);
        if (s.length !== undefined && body.length < s.length)
          notes.push(`text line ${s.line}: section length 0x${s.length.toString(16)} but the hex dump holds ${body.length} bytes`);
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else if (s.type === SECTION_MCE) {
        const { body, fields } = mceBody(s.decoded);
        notes.push(`text line ${s.line}: machine check rebuilt from ${fields} printed values of struct mce`);
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else if (DECLARED[s.type]) {
        const { body, fields } = declaredBody(DECLARED[s.type], s.decoded);
        notes.push(
          `text line ${s.line}: "${s.kernelName}" rebuilt from ${fields} printed fields; what the kernel printed from arrays or combined fields is not read back`,
        );
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else if (s.type === PCIE_GUID) {
        const { body, fields } = pcieBody(s.decoded);
        notes.push(
          `text line ${s.line}: PCIe error rebuilt from ${fields} printed values (cper_print_pcie); the capability block is not printed, so it stays zero`,
        );
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else if (s.type === MEMORY_GUID) {
        const { body, fields } = memoryBody(s.decoded);
        notes.push(`text line ${s.line}: memory error rebuilt from ${fields} printed fields`);
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else {
        notes.push(
          `text line ${s.line}: "${s.kernelName}" was decoded by the kernel; its ${s.decoded.length} lines do not give the section's bytes, so its body is empty`,
        );
        sections.push({ type: s.type, body: new Uint8Array(0), severity: sev, ...fru });
      }
    }
    if (!sections.length) continue;
    // A machine check only comes from Linux's apei_write_mce: its creator and notification type.
    const mce = sections.length === 1 && sections[0].type === SECTION_MCE;
    const bytes = encodeRecord({
      recordId: BigInt(ri + 1),
      severity: r.severity,
      validationBits: 0,
      flags: 0,
      persistenceInfo: 0n,
      creatorId: mce ? CREATOR_PSTORE : NULL_GUID,
      notificationType: mce ? NOTIFY_MCE : NULL_GUID,
      sections,
    });
    diagnostics.push(
      expert(
        'input.kernel-report',
        `record reassembled from the kernel report at text line ${r.line}; the text has no record header, so its id (${ri + 1} here), timestamp, creator and notification type are not known`,
        at,
        bytes.length,
      ),
    );
    for (const n of notes) diagnostics.push(expert('input.kernel-report-section', n, at, bytes.length));
    parts.push(bytes);
    at += bytes.length;
  }
  return { bytes: concatBytes(parts), diagnostics };
}
