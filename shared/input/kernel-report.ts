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
import { hex0x } from '../bytes/hex';
import { CREATOR_PSTORE, NOTIFY_MCE, SECTION_MCE } from '../cper/guids';
import type { SectionInput } from '../cper/encode';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import { putValue } from '../decode/encode';
import { intOf, linuxPlan, type LinuxLine } from '../decode/linux-plan';
import { fieldPlan, readValue, T, type FieldPlan } from '../decode/plan';
import type { StructSpec } from '../decode/spec';
import { ARM, ARM_HEAD } from '../sections/arm';
import { CXL_PROTOCOL, CXL_PROTOCOL_SPEC } from '../sections/cxl-protocol';
import { IA32X64, IA32X64_HEAD } from '../sections/ia32x64';
import { MEMORY } from '../sections/memory';
import { STRUCT_MCE } from '../pstore/mce';
import { PCIE, PCIE_SPEC } from '../sections/pcie';
import { PROC_GENERIC, PROCESSOR_GENERIC } from '../sections/processor-generic';
import { sectionTypeByLinuxName } from '../sections/registry';
import { headerlessRecord } from './headerless';
import { parseHardwareErrorDumps } from './text';

const MARK = '[Hardware Error]:';
const SEVERITIES: Readonly<Record<string, number>> = { recoverable: 0, fatal: 1, corrected: 2, info: 3 };

const MEMORY_GUID = MEMORY.guid;

/** Sections whose printed lines come from their declarations' `linux` outputs. */
const DECLARED: Readonly<Record<string, StructSpec>> = {
  [PROCESSOR_GENERIC.guid]: PROC_GENERIC,
  [IA32X64.guid]: IA32X64_HEAD,
  [ARM.guid]: ARM_HEAD,
  [CXL_PROTOCOL.guid]: CXL_PROTOCOL_SPEC,
};

/** The declaration's one-value lines (hooks that combine fields are not read back). */
function printedLines(spec: StructSpec): LinuxLine[] {
  return linuxPlan(spec).filter((l) => l.out.name && !l.out.lines);
}

/**
 * A declared structure filled back from printed values: fields are named by key, and their
 * offsets, sizes and the validation field come from the declaration.
 */
class Filled {
  readonly body: Uint8Array;
  /** How many printed values were put back. */
  fields = 0;
  private readonly plan: FieldPlan;

  constructor(spec: StructSpec) {
    this.plan = fieldPlan(spec);
    this.body = new Uint8Array(spec.size);
  }

  /** The first field declared with `key` (index in the plan), -1 when there is none. */
  field(key: string): number {
    return this.plan.keys.indexOf(key);
  }

  /** Bits lo..lo+width-1 of field `i` (the whole field when `width` is negative) take `v`. */
  put(i: number, v: bigint | Uint8Array, lo = 0, width = -1): void {
    if (width >= 0 && typeof v === 'bigint') {
      const mask = ((1n << BigInt(width)) - 1n) << BigInt(lo);
      v = (this.get(i) & ~mask) | ((v << BigInt(lo)) & mask);
    }
    putValue(this.body, this.plan.at[i], this.plan.type[i], this.plan.size[i], v);
  }

  get(i: number): bigint {
    return intOf(readValue(this.body, this.plan.at[i], this.plan.type[i], this.plan.size[i]));
  }

  /** Sets bit `bit` of the validation field, as the kernel's printing of a value shows it was set. */
  valid(bit: number): void {
    const vf = this.plan.validation;
    if (vf >= 0) this.put(vf, this.get(vf) | (1n << BigInt(bit)));
  }

  /** The declaration's one-value lines among `lines`, each value back in its field, its validation bit set. */
  fromPrinted(lines: readonly string[]): this {
    const printed = printedLines(this.plan.spec);
    for (const l of lines) {
      const m = /^([^:]+): (.*)$/.exec(l);
      if (!m) continue;
      for (const p of printed) {
        if (p.out.name !== m[1]) continue;
        const fmt = p.out.fmt ?? 'dec';
        const vm = fmt === 'hex' || fmt === 'bits' ? /^0x([0-9a-f]+)/i.exec(m[2]) : /^(\d+)/.exec(m[2]);
        if (!vm) continue;
        if (p.field.type === 'bytes' || p.field.type === 'ascii' || p.field.type === 'guid' || p.field.type === 'bcdtime') continue;
        this.put(p.i, BigInt(fmt === 'hex' || fmt === 'bits' ? `0x${vm[1]}` : vm[1]), p.lo, p.width);
        if (p.gate >= 0) this.valid(p.gate);
        this.fields++;
        break;
      }
    }
    return this;
  }

  /** Field `key` takes `v`, its declared validation bit is set, and the value is counted. */
  putKey(key: string, v: bigint): void {
    const i = this.field(key);
    if (i < 0) return;
    this.put(i, v);
    const bit = this.plan.fields[i].valid;
    if (typeof bit === 'number') this.valid(bit);
    this.fields++;
  }
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
      sec.type = sectionTypeByLinuxName(sec.kernelName);
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

/** A printed number as a field value: one too long for a double (Infinity) is stored as 0, as a DataView stores it. */
const int = (n: number): bigint => (Number.isFinite(n) ? BigInt(n) : 0n);

/** cper_mem_err_location's names for the memory error section's fields. */
const MEMORY_LOCATION: ReadonlyMap<string, string> = new Map([
  ['node', 'node'],
  ['card', 'card'],
  ['module', 'module'],
  ['rank', 'rankNumber'],
  ['bank', 'bank'],
  ['device', 'device'],
  ['row', 'row'],
  ['column', 'column'],
  ['bit_position', 'bitPosition'],
  ['requestor_id', 'requestorId'],
  ['responder_id', 'responderId'],
  ['target_id', 'targetId'],
]);

/**
 * cper_print_mem's lines back into the memory error section (UEFI N.2.5): its named lines as
 * the declaration prints them, then the error status and the location line, which combine
 * fields (bank group and address, the row's extension and the chip id live in other fields'
 * bits, under validation bits 18 to 21).
 */
function memoryBody(lines: readonly string[]): Filled {
  const f = new Filled(MEMORY.spec!).fromPrinted(lines);
  const big = (s: string) => BigInt(s.startsWith('0x') ? s : `0x${s}`);
  const bankField = f.field('bank');
  const extended = f.field('extended');
  /** Bits of field `i` OR-ed with `v`, under validation bit `bit`. */
  const or = (i: number, v: number, bit: number) => {
    f.put(i, f.get(i) | BigInt(v));
    f.valid(bit);
    f.fields++;
  };
  let bank: number | undefined;
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^error_status: .*\((0x[0-9a-f]+)\)$/i.exec(l))) f.putKey('errorStatus', big(m[1]));
    else if (
      /^(node|card|module|rank|bank|device|row|column|bit_position|requestor_id|responder_id|target_id|chip_id|bank_group|bank_address):/.test(
        l,
      )
    ) {
      for (const [, k, v] of l.matchAll(/(\w+):(0x[0-9a-f]+|\d+)/gi)) {
        const n = Number(v);
        const key = MEMORY_LOCATION.get(k);
        if (key) {
          // The identifiers are printed in hex (0x%016llx), the other fields in decimal.
          f.putKey(key, k.endsWith('_id') ? big(v) : int(n));
          if (k === 'bank') bank = n;
          // Rows past 16 bits keep their two high bits in the extended field.
          else if (k === 'row' && n > 0xffff) or(extended, (n >> 16) & 3, 18);
        } else if (k === 'bank_group' || k === 'bank_address') {
          // Printed from the bank field's bytes: they are only written when the whole bank is not.
          const bit = k === 'bank_group' ? 19 : 20;
          if (bank !== undefined) f.valid(bit);
          else {
            f.put(bankField, int(n), k === 'bank_group' ? 8 : 0, 8);
            f.valid(bit);
            f.fields++;
          }
        } else if (k === 'chip_id') or(extended, (n & 7) << 5, 21);
      }
    }
  }
  return f;
}

/** print_mce's lines back into `struct mce` (the STRUCT_MCE declaration's offsets). */
function mceBody(lines: readonly string[]): Filled {
  const f = new Filled(STRUCT_MCE);
  const hex = (t: string) => BigInt(`0x${t}`);
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^CPU (\d+): Machine Check(?: Exception)?: ([0-9a-f]+) Bank (\d+): ([0-9a-f]+)/i.exec(l))) {
      f.putKey('extcpu', BigInt(m[1]));
      f.putKey('mcgstatus', hex(m[2]));
      f.putKey('bank', BigInt(m[3]));
      f.putKey('status', hex(m[4]));
    } else if ((m = /^RIP(?: !INEXACT!)? ([0-9a-f]+):<([0-9a-f]+)>/i.exec(l))) {
      f.putKey('cs', hex(m[1]));
      f.putKey('ip', hex(m[2]));
    } else if ((m = /^TSC ([0-9a-f]+)(.*)$/i.exec(l))) {
      f.putKey('tsc', hex(m[1]));
      for (const [, k, v] of m[2].matchAll(/(ADDR|MISC|PPIN|SYND|IPID) ([0-9a-f]+)/gi)) f.putKey(k.toLowerCase(), hex(v));
    } else if ((m = /^PROCESSOR (\d+):([0-9a-f]+) TIME (\d+) SOCKET (\d+) APIC ([0-9a-f]+) microcode ([0-9a-f]+)/i.exec(l))) {
      f.putKey('cpuvendor', BigInt(m[1]));
      f.putKey('cpuid', hex(m[2]));
      f.putKey('time', BigInt(m[3]));
      f.putKey('socketid', BigInt(m[4]));
      f.putKey('apicid', hex(m[5]));
      f.putKey('microcode', hex(m[6]));
    }
  }
  return f;
}

const PCIE_GUID = PCIE.guid;

/** cper_print_pcie's lines back into the 208-byte PCIe section (fields of PCIE_SPEC). */
function pcieBody(lines: readonly string[]): Filled {
  const f = new Filled(PCIE_SPEC);
  const put = (key: string, v: number) => f.putKey(key, int(v));
  const hex = (t: string) => parseInt(t, 16);
  const bcd = (n: number) => ((Math.floor(n / 10) % 10) << 4) | (n % 10);
  let classFunction = 0;
  const tlp: number[] = [];
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^port_type: (\d+),/.exec(l))) put('portType', Number(m[1]));
    else if ((m = /^version: (\d+)\.(\d+)$/.exec(l))) {
      put('versionMajor', bcd(Number(m[1])));
      put('versionMinor', bcd(Number(m[2])));
    } else if ((m = /^command: 0x([0-9a-f]+), status: 0x([0-9a-f]+)/i.exec(l))) {
      put('command', hex(m[1]));
      put('status', hex(m[2]));
    } else if ((m = /^device_id: ([0-9a-f]+):([0-9a-f]+):([0-9a-f]+)\.([0-9a-f]+)$/i.exec(l))) {
      put('segment', hex(m[1]));
      put('bus', hex(m[2]));
      put('device', hex(m[3]));
      classFunction = (classFunction & 0xffffff) | (hex(m[4]) << 24);
      put('classFunction', classFunction);
    } else if ((m = /^slot: (\d+)$/.exec(l))) put('slot', Number(m[1]) << 3);
    else if ((m = /^secondary_bus: 0x([0-9a-f]+)/i.exec(l))) put('secondaryBus', hex(m[1]));
    else if ((m = /^vendor_id: 0x([0-9a-f]+), device_id: 0x([0-9a-f]+)/i.exec(l))) {
      put('vendorId', hex(m[1]));
      put('deviceId', hex(m[2]));
    } else if ((m = /^class_code: ([0-9a-f]{6})$/i.exec(l))) {
      classFunction = (classFunction & ~0xffffff) | hex(m[1]);
      put('classFunction', classFunction);
    } else if ((m = /^serial number: 0x([0-9a-f]+), 0x([0-9a-f]+)/i.exec(l))) {
      put('serialLower', hex(m[1]));
      put('serialUpper', hex(m[2]));
    } else if ((m = /^bridge: secondary_status: 0x([0-9a-f]+), control: 0x([0-9a-f]+)/i.exec(l))) {
      put('bridgeSecondaryStatus', hex(m[1]));
      put('bridgeControl', hex(m[2]));
    } else if ((m = /^aer_cor_status: 0x([0-9a-f]+), aer_cor_mask: 0x([0-9a-f]+)/i.exec(l))) {
      put('correctableStatus', hex(m[1]));
      put('correctableMask', hex(m[2]));
    } else if ((m = /^aer_uncor_status: 0x([0-9a-f]+), aer_uncor_mask: 0x([0-9a-f]+)/i.exec(l))) {
      put('uncorrectableStatus', hex(m[1]));
      put('uncorrectableMask', hex(m[2]));
    } else if ((m = /^aer_uncor_severity: 0x([0-9a-f]+)/i.exec(l))) put('uncorrectableSeverity', hex(m[1]));
    else if ((m = /^TLP Header: ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})/i.exec(l))) tlp.push(...m.slice(1, 5).map(hex));
  }
  const log = f.field('headerLog');
  if (log >= 0 && tlp.length === 4) {
    // The header log's dwords as cper_print_aer prints them; printing it needs no validation bit of its own.
    const words = new Uint8Array(16);
    tlp.forEach((w, k) => putValue(words, k * 4, T.U32, 4, w));
    f.put(log, words);
    f.fields++;
  }
  return f;
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
          notes.push(`text line ${s.line}: section length ${hex0x(s.length)} but the hex dump holds ${body.length} bytes`);
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else if (s.type === SECTION_MCE) {
        const { body, fields } = mceBody(s.decoded);
        notes.push(`text line ${s.line}: machine check rebuilt from ${fields} printed values of struct mce`);
        sections.push({ type: s.type, body, severity: sev, ...fru });
      } else if (DECLARED[s.type]) {
        const { body, fields } = new Filled(DECLARED[s.type]).fromPrinted(s.decoded);
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
    const bytes = headerlessRecord(
      { severity: r.severity, recordId: BigInt(ri + 1), ...(mce ? { creatorId: CREATOR_PSTORE, notificationType: NOTIFY_MCE } : {}) },
      sections,
    );
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
