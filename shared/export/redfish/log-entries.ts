/**
 * Records as a Redfish LogEntryCollection (DMTF LogEntry v1.15: `DiagnosticDataType` "CPER" with
 * the record's bytes in base64 `DiagnosticData`, "CPERSection" for a section-only input, and the
 * `CPER` object with the notification and first section type), so a BMC-side tool or a Redfish
 * client reads them as it reads a service's own CPER log.
 */
import { toBase64 } from '../../bytes/base64';
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import type { ReadBytes } from '../cper-json/record';

/** UEFI severities in Redfish's health terms. */
const REDFISH_SEVERITY = ['Warning', 'Critical', 'OK', 'OK'];

interface Entry {
  '@odata.type': string;
  Id: string;
  Name: string;
  EntryType: 'Event';
  Severity: string;
  Created?: string;
  Message: string;
  DiagnosticDataType: 'CPER' | 'CPERSection';
  DiagnosticData: string;
  CPER: { NotificationType?: string; SectionType?: string };
}

const ENTRY_TYPE = '#LogEntry.v1_15_0.LogEntry';

function recordEntry(r: DecodedRecord, i: number, read: ReadBytes): Entry | undefined {
  const bytes = read(r.offset, r.length);
  if (!bytes?.length) return undefined;
  const e: Entry = {
    '@odata.type': ENTRY_TYPE,
    Id: String(i + 1),
    Name: `CPER record ${r.recordIdHex ?? r.recordId ?? i + 1}`,
    EntryType: 'Event',
    Severity: REDFISH_SEVERITY[r.severity ?? 1] ?? 'Critical',
    Message: r.sections.map((s) => s.summary ?? s.name).join('; ') || 'no sections',
    DiagnosticDataType: 'CPER',
    DiagnosticData: toBase64(bytes),
    CPER: {},
  };
  if (r.timestamp.iso) e.Created = r.timestamp.iso;
  if (r.notificationType) e.CPER.NotificationType = r.notificationType;
  if (r.sections[0]) e.CPER.SectionType = r.sections[0].type;
  return e;
}

function sectionEntry(s: DecodedSection, i: number, read: ReadBytes): Entry | undefined {
  const from = s.descriptor.offset;
  const bytes = read(from, s.offset + s.length - from);
  if (!bytes?.length) return undefined;
  return {
    '@odata.type': ENTRY_TYPE,
    Id: String(i + 1),
    Name: `CPER section ${s.name}`,
    EntryType: 'Event',
    Severity: REDFISH_SEVERITY[s.severity ?? 1] ?? 'Critical',
    Message: s.summary ?? s.name,
    DiagnosticDataType: 'CPERSection',
    DiagnosticData: toBase64(bytes),
    CPER: { SectionType: s.type },
  };
}

/** The LogEntryCollection document (2-space JSON text, trailing newline). */
export function redfishLogEntries(records: readonly DecodedRecord[], read: ReadBytes, sections: readonly DecodedSection[] = []): string {
  const members: Entry[] = [];
  for (const r of records) {
    const e = recordEntry(r, members.length, read);
    if (e) members.push(e);
  }
  for (const s of sections) {
    const e = sectionEntry(s, members.length, read);
    if (e) members.push(e);
  }
  const doc = {
    '@odata.type': '#LogEntryCollection.LogEntryCollection',
    Name: 'CPER records',
    'Members@odata.count': members.length,
    Members: members,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
