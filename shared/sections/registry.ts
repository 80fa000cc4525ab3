import type { SectionDecoder } from '../cper/section';
import { PSTORE_SECTIONS } from '../pstore/sections';
import { rawBody } from './raw';

/**
 * Every section decoder, by GUID. Adding a section type means adding its declaration to
 * this list; nothing else in the record decoder changes.
 */
const DECODERS: readonly SectionDecoder[] = [...PSTORE_SECTIONS];

/** Section types we recognise by name but show as raw bytes (no public layout). */
const NAMED_ONLY: Readonly<Record<string, string>> = {};

const BY_GUID = new Map<string, SectionDecoder>(DECODERS.map((d) => [d.guid, d]));

export function sectionName(guid: string): string {
  return BY_GUID.get(guid)?.name ?? NAMED_ONLY[guid] ?? `Unknown section {${guid}}`;
}

export function sectionDecoderFor(guid: string): SectionDecoder {
  return BY_GUID.get(guid) ?? { guid, name: sectionName(guid), decode: (r, at, len) => rawBody(r, at, len, 'Section data') };
}

export function knownSectionTypes(): { guid: string; name: string }[] {
  return [...DECODERS.map((d) => ({ guid: d.guid, name: d.name })), ...Object.entries(NAMED_ONLY).map(([guid, name]) => ({ guid, name }))];
}
