/**
 * CPER-JSON export (libcper's conventions). One record gives libcper's object; several give
 * an array of them; a section-only input gives `{sectionDescriptor, section}`. The text is
 * written from the records' bytes (see record.ts), so a record decoded with field trees, a
 * lean one and the bulk path (`cperJsonTextOf`) all give the same text.
 */
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import { writeRecordJson, writeSectionOnlyJson, type ReadBytes } from './record';
import { JsonText } from './text';

export { bufferReader, writeRecordJson, writeSectionOnlyJson, type ReadBytes } from './record';
export { JsonText } from './text';
export { toBase64, fromBase64 } from './base64';
export { cperJsonTextOf, cperJsonBytesOf } from './stream';

const EMPTY = new Uint8Array(0);

function writeSection(w: JsonText, sec: DecodedSection, read?: ReadBytes): void {
  const d = sec.descriptor;
  const bytes = read?.(d.offset, Math.max(d.length, sec.offset - d.offset + sec.length)) ?? EMPTY;
  writeSectionOnlyJson(w, bytes);
}

function writeRecord(w: JsonText, rec: DecodedRecord, read?: ReadBytes): void {
  const bytes = read?.(rec.offset, rec.length) ?? EMPTY;
  writeRecordJson(w, bytes, 0, bytes.length);
}

/** The JSON of decoded records (or a section-only input) as bytes of text (ASCII). */
export function cperJsonBytes(records: readonly DecodedRecord[], read?: ReadBytes, sections: readonly DecodedSection[] = [], indent = 2): Uint8Array {
  const w = new JsonText(indent);
  if (!records.length && sections.length) {
    if (sections.length === 1) writeSection(w, sections[0], read);
    else {
      w.openArray();
      for (const s of sections) {
        w.item();
        writeSection(w, s, read);
      }
      w.closeArray();
    }
  } else if (records.length === 1) writeRecord(w, records[0], read);
  else {
    w.openArray();
    for (const r of records) {
      w.item();
      writeRecord(w, r, read);
    }
    w.closeArray();
  }
  w.byte(10);
  return w.bytes();
}

/** The JSON text as written by `export --json` (2-space indent, 64-bit integers exact). */
export function cperJsonText(records: readonly DecodedRecord[], read?: ReadBytes, sections: readonly DecodedSection[] = [], indent = 2): string {
  return new TextDecoder().decode(cperJsonBytes(records, read, sections, indent));
}
