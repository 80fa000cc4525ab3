/**
 * CPER-JSON export (libcper's conventions). One record gives libcper's object; several give
 * an array of them; a section-only input gives `{sectionDescriptor, section}`.
 */
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import { recordJson, sectionOnlyJson, type ReadBytes } from './record';
import { stringifyJson, type Json } from './serialize';

export { bufferReader, recordJson, sectionOnlyJson, headerJson, descriptorJson, sectionJson, type ReadBytes } from './record';
export { stringifyJson, type Json, type JObj } from './serialize';
export { toBase64, fromBase64 } from './base64';
export { cperJsonTextOf } from './stream';

export function cperJson(records: readonly DecodedRecord[], read?: ReadBytes, sections: readonly DecodedSection[] = []): Json {
  if (!records.length && sections.length) return sections.length === 1 ? sectionOnlyJson(sections[0], read) : sections.map((s) => sectionOnlyJson(s, read));
  return records.length === 1 ? recordJson(records[0], read) : records.map((r) => recordJson(r, read));
}

/** The JSON text as written by `export --json` (2-space indent, 64-bit integers exact). */
export function cperJsonText(records: readonly DecodedRecord[], read?: ReadBytes, sections: readonly DecodedSection[] = [], indent = 2): string {
  return stringifyJson(cperJson(records, read, sections), indent) + '\n';
}
