import { hex0x } from '../bytes/hex';
import { looksLikeRecord, type DecodedRecord, type DecodedSection } from '../cper/record';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import { looksLikeKernelReport, readKernelReport } from './kernel-report';
import { decodeRecords, type RecordsInput } from './records';
import { looksLikeRedfish, readRedfish } from './redfish';
import { decodeSectionOnly, looksLikeSectionOnly } from './section-only';
import { looksLikeText, parseBase64Text, parseHardwareErrorDumps, parseHexText, textOf } from './text';

export { decodeRecords, type RecordsInput };
export { decodeSectionOnly, sectionOnlyRecord } from './section-only';

export interface InputOptions {
  /**
   * Records decoded for export only: header/descriptor/section values and each section's
   * CPER-JSON, no field trees (records get `lean: true`). The viewer decodes with trees.
   */
  lean?: boolean;
}

/** How the input carried its bytes. */
export type InputForm = 'binary' | 'hex' | 'base64' | 'kernel-text' | 'redfish';

export interface DecodedCperInput {
  /** 'cper': records; 'section': a descriptor + body with no record header; 'unknown': nothing recognised. */
  kind: 'cper' | 'section' | 'unknown';
  form: InputForm;
  records: DecodedRecord[];
  /** Section-only input (kind 'section'). */
  sections: DecodedSection[];
  /**
   * The binary all offsets refer to: the input itself for binary files, the decoded bytes
   * for text forms (kernel dumps are joined back to back, in order).
   */
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
}

function decodeBinary(bytes: Uint8Array, form: InputForm, diagnostics: Diagnostic[], lean = false): DecodedCperInput {
  if (!looksLikeRecord(bytes, 0) && looksLikeSectionOnly(bytes)) {
    const sec = decodeSectionOnly(bytes);
    return { kind: 'section', form, records: [], sections: [sec], bytes, diagnostics };
  }
  const res = decodeRecords(bytes, 0, { lean });
  diagnostics.push(...res.diagnostics);
  return { kind: res.records.length ? 'cper' : 'unknown', form, records: res.records, sections: [], bytes, diagnostics };
}

function firstNonSpace(b: Uint8Array): number | undefined {
  for (let i = 0; i < Math.min(b.length, 4096); i++)
    if (b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0a && b[i] !== 0x0d && b[i] !== 0xef && b[i] !== 0xbb && b[i] !== 0xbf) return b[i];
  return undefined;
}

/**
 * Entry point for any non-store input: CPER records back to back, a section-only file,
 * hex or base64 text of either, or dmesg/journal text with `[Hardware Error]` hex dumps.
 * Never throws; what cannot be read becomes a diagnostic.
 */
export function decodeInput(bytes: Uint8Array, opts: InputOptions = {}): DecodedCperInput {
  const diagnostics: Diagnostic[] = [];
  const lean = opts.lean ?? false;
  // Redfish JSON may hold UTF-8 text (messages), so it is tried before the ASCII test.
  if (firstNonSpace(bytes) === 0x7b) {
    const text = new TextDecoder('utf-8').decode(bytes);
    const rf = looksLikeRedfish(text) ? readRedfish(text) : undefined;
    if (rf) {
      diagnostics.push(...rf.diagnostics);
      return decodeBinary(rf.bytes, 'redfish', diagnostics, lean);
    }
  }
  if (looksLikeRecord(bytes, 0) || !looksLikeText(bytes)) return decodeBinary(bytes, 'binary', diagnostics, lean);
  const text = textOf(bytes);
  if (looksLikeKernelReport(text)) {
    const report = readKernelReport(text);
    if (report.bytes.length) {
      diagnostics.push(...report.diagnostics);
      return decodeBinary(report.bytes, 'kernel-text', diagnostics, lean);
    }
  }
  if (text.includes('[Hardware Error]')) {
    const dumps = parseHardwareErrorDumps(text);
    if (dumps.length) {
      const total = dumps.reduce((n, d) => n + d.bytes.length, 0);
      const joined = new Uint8Array(total);
      let o = 0;
      for (const d of dumps) {
        joined.set(d.bytes, o);
        diagnostics.push(
          expert('input.kernel-dump', `hex dump from text line ${d.line}: ${d.bytes.length} bytes at offset ${o}`, o, d.bytes.length),
        );
        for (const g of d.gaps) {
          diagnostics.push(
            expert(
              'input.kernel-dump-gap',
              `hex dump line ${g.line} jumps ${hex0x(g.size)} bytes past offset ${hex0x(g.at)}, more than the text holds: the gap is not filled and this dump's bytes start at its offset ${hex0x(d.base)}`,
              o,
              0,
            ),
          );
        }
        o += d.bytes.length;
      }
      return decodeBinary(joined, 'kernel-text', diagnostics, lean);
    }
  }
  const hex = parseHexText(text);
  if (hex) return decodeBinary(hex, 'hex', diagnostics, lean);
  const b64 = parseBase64Text(text);
  if (b64 && (looksLikeRecord(b64, 0) || looksLikeSectionOnly(b64))) return decodeBinary(b64, 'base64', diagnostics, lean);
  return decodeBinary(bytes, 'binary', diagnostics, lean);
}
