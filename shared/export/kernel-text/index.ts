/**
 * Kernel-style `[Hardware Error]:` text following Linux's cper.c, cper-x86.c, cper-arm.c and
 * cper_cxl.c (the BERT framing of cper_estatus_print: event severity, then per section
 * "Error N, type:", FRU, "section_type:" and the section's lines).
 */
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import type { FieldNode } from '../../decode/node';
import type { ReadBytes } from '../cper-json/record';
import { SECTION_MCE } from '../../cper/guids';
import { hexDump } from '../../bytes/hexdump';
import type { SectionValues } from '../../sections/define';
import { sectionLinuxFor } from '../../sections/registry';
import { mceLines } from './mce';

const HW_ERR = '[Hardware Error]: ';
const SEV = ['recoverable', 'fatal', 'corrected', 'info'];
const sevStr = (s: number | undefined): string => (s !== undefined && s < 4 ? SEV[s] : 'unknown');

function child(n: FieldNode | undefined, key: string): FieldNode | undefined {
  return n?.children?.find((c) => c.key === key);
}

/**
 * Bodies already dumped in this record, by byte range: Linux would print a body again for each
 * descriptor naming it, which lets a few kilobytes of hostile input print megabytes of hex.
 */
type Dumped = Map<string, number>;

function sectionLines(sec: DecodedSection, pfx: string, read?: ReadBytes, dumped: Dumped = new Map()): string[] {
  const out: string[] = [];
  const epfx = pfx + ' ';
  out.push(`${epfx}Error ${sec.index}, type: ${sevStr(sec.severity)}`);
  const vb = Number(child(sec.descriptor, 'validationBits')?.raw ?? 0);
  if (vb & 1) out.push(`${epfx}fru_id: ${child(sec.descriptor, 'fruId')?.raw}`);
  if (vb & 2) {
    const t = JSON.parse(child(sec.descriptor, 'fruText')?.text ?? '""') as string;
    out.push(`${epfx}fru_text: ${t.slice(0, 20)}`);
  }
  const npfx = epfx + ' ';
  if (sec.type === SECTION_MCE) {
    // A machine check is printed as the kernel prints it (mce/core.c), at the record's prefix.
    const b = read?.(sec.offset, sec.length);
    if (b) {
      out.push(...mceLines(pfx, b));
      return out;
    }
  }
  const linux = sectionLinuxFor(sec.type);
  const values = sec.values as SectionValues | undefined;
  if (linux && values?.v) {
    out.push(`${npfx}section_type: ${linux.name}`);
    const lines = linux.lines(npfx, { values, length: sec.length, bytes: (off, len) => read?.(sec.offset + off, len) });
    if (lines) out.push(...lines);
    else out.push(`[Firmware Warn]: error section length is too small`);
    return out;
  }
  out.push(`${npfx}section type: unknown, ${sec.type}`);
  out.push(`${npfx}section length: 0x${sec.length.toString(16)}`);
  const range = `${sec.offset}+${sec.length}`;
  const first = dumped.get(range);
  if (first !== undefined) {
    out.push(`${npfx}(the same bytes as Error ${first}: not dumped again)`);
    return out;
  }
  const b = read?.(sec.offset, sec.length);
  if (b) {
    dumped.set(range, sec.index);
    out.push(...hexDump(npfx, b, 4, true));
  }
  return out;
}

/** The text for one record (lines without trailing newline). */
export function recordKernelLines(rec: DecodedRecord, read?: ReadBytes, pfx = HW_ERR): string[] {
  const out: string[] = [];
  if (rec.severity === 2) out.push(`${pfx}It has been corrected by h/w and requires no further action`);
  out.push(`${pfx}event severity: ${sevStr(rec.severity)}`);
  const dumped: Dumped = new Map();
  for (const sec of rec.sections) out.push(...sectionLines(sec, pfx, read, dumped));
  return out;
}

export function kernelText(records: readonly DecodedRecord[], read?: ReadBytes, sections: readonly DecodedSection[] = []): string {
  const lines: string[] = [];
  for (const r of records) lines.push(...recordKernelLines(r, read));
  for (const s of sections) lines.push(...sectionLines(s, HW_ERR, read));
  return lines.length ? lines.join('\n') + '\n' : '';
}
