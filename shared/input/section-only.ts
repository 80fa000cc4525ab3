/**
 * A section-only file (libcper `--single-section`, or a section cut out of a record): a
 * 72-byte section descriptor followed by the section body, offsets relative to the file.
 */
import { ByteReader } from '../bytes/reader';
import { decodeSectionBody, sectionFromDescriptor, type DecodedRecord, type DecodedSection } from '../cper/record';
import { DESCRIPTOR_SIZE, SECTION_DESCRIPTOR } from '../cper/layout';
import { expert } from '../decode/expert';
import { decodeStruct } from '../decode/struct';

/** Does this look like a descriptor + body (plausible offset/length, known severity)? */
export function looksLikeSectionOnly(bytes: Uint8Array): boolean {
  if (bytes.length < DESCRIPTOR_SIZE + 1) return false;
  const { v } = decodeStruct(new ByteReader(bytes, 0, true), 0, SECTION_DESCRIPTOR);
  const off = v.sectionOffset ?? 0;
  const len = v.sectionLength ?? 0;
  const sev = v.severity ?? 0;
  return off >= DESCRIPTOR_SIZE && off < bytes.length && len > 0 && off + len <= bytes.length + 16 && sev <= 3 && v.reserved === 0;
}

export function decodeSectionOnly(bytes: Uint8Array, base = 0): DecodedSection {
  const r = new ByteReader(bytes, base);
  const sec = sectionFromDescriptor(r, 0, 0, 'Section descriptor', { type: '', offset: DESCRIPTOR_SIZE });
  if (bytes.length < DESCRIPTOR_SIZE) {
    sec.diagnostics.push(
      expert('section.truncated-descriptor', `only ${bytes.length} of the 72 descriptor bytes are present`, base, bytes.length),
    );
    return sec;
  }
  decodeSectionBody(sec, r, bytes.length, base);
  return sec;
}

/**
 * A section-only input as a record for the views that list records (the record list, the text
 * summary, the detail pane): no header bytes, the section's severity, the section itself.
 * Exports keep writing it as a section (libcper's `to-json-section` form).
 */
export function sectionOnlyRecord(sec: DecodedSection, length: number): DecodedRecord {
  return {
    offset: 0,
    length,
    header: {
      key: 'header',
      label: 'Record header',
      offset: 0,
      length: 0,
      type: 'struct',
      text: 'none: a section descriptor and body only',
      validity: 'absent',
    },
    signatureOk: false,
    severity: sec.severity,
    severityName: sec.severityName,
    timestamp: { encoding: 'absent', iso: null },
    sections: [sec],
    diagnostics: [
      expert(
        'input.section-only',
        'section-only input (a descriptor and body with no record header): shown as a record without header fields',
        0,
        0,
      ),
    ],
  };
}
