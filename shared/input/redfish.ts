/**
 * Redfish LogEntry / LogEntryCollection JSON (DMTF schema LogEntry v1.15+) carrying CPER:
 * `DiagnosticDataType` is "CPER" (a whole record) or "CPERSection" (one section: its descriptor
 * and body, as PLDM's CPER event without header carries it), `DiagnosticData` is base64, and
 * the `CPER` object names the notification and section types. Every entry becomes a record so
 * the views and exports treat a Redfish log like a file of records: a section is wrapped in a
 * record header the entry does not carry (said in a diagnostic).
 */
import { fromBase64 } from '../bytes/base64';
import { ByteReader } from '../bytes/reader';
import { concatBytes } from '../bytes/concat';
import { NULL_GUID } from '../bytes/guid';
import { looksLikeRecord } from '../cper/record';
import { DESCRIPTOR_SIZE, SECTION_DESCRIPTOR } from '../cper/layout';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import { decodeStruct } from '../decode/struct';
import { headerlessRecord } from './headerless';
import { looksLikeSectionOnly } from './section-only';

interface LogEntry {
  Id?: unknown;
  DiagnosticDataType?: unknown;
  DiagnosticData?: unknown;
  CPER?: { NotificationType?: unknown; SectionType?: unknown };
  Severity?: unknown;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEVERITY: Readonly<Record<string, number>> = { Critical: 1, Warning: 0, OK: 2 };

/** Is this text a Redfish log entry or collection with CPER diagnostic data? */
export function looksLikeRedfish(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') && /"DiagnosticDataType"\s*:\s*"CPER(Section)?"/.test(text);
}

export interface RedfishInput {
  /** The entries' records back to back. */
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
}

function entriesOf(doc: unknown): LogEntry[] {
  if (!doc || typeof doc !== 'object') return [];
  const members = (doc as { Members?: unknown }).Members;
  if (Array.isArray(members)) return members.filter((m): m is LogEntry => !!m && typeof m === 'object');
  return [doc as LogEntry];
}

/** A section's bytes (descriptor + body) inside a record whose header the entry did not carry. */
function wrapSection(section: Uint8Array, notification: string | undefined): Uint8Array {
  // The caller has checked that the whole descriptor is present.
  const { v } = decodeStruct(new ByteReader(section, 0, true), 0, SECTION_DESCRIPTOR);
  const off = v.sectionOffset ?? 0;
  const body = section.subarray(Math.min(off, section.length), Math.min(section.length, off + (v.sectionLength ?? 0)));
  const validationBits = v.validationBits ?? 0;
  return headerlessRecord({ severity: v.severity ?? 1, notificationType: notification }, [
    {
      type: v.sectionType ?? NULL_GUID,
      body,
      severity: v.severity,
      flags: v.flags,
      revision: v.revision,
      validationBits,
      fruId: undefined,
      fruText: validationBits & 2 ? v.fruText : undefined,
    },
  ]);
}

/** Reads the entries of a Redfish log; `undefined` when the text is not one. */
export function readRedfish(text: string): RedfishInput | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const diagnostics: Diagnostic[] = [];
  const parts: Uint8Array[] = [];
  let at = 0;
  entriesOf(doc).forEach((e, i) => {
    const where = `Redfish entry ${typeof e.Id === 'string' || typeof e.Id === 'number' ? `"${e.Id}"` : `#${i}`}`;
    const kind = e.DiagnosticDataType;
    if (kind !== 'CPER' && kind !== 'CPERSection') return;
    const data = typeof e.DiagnosticData === 'string' ? fromBase64(e.DiagnosticData.trim()) : undefined;
    if (!data?.length) {
      diagnostics.push(
        expert(
          'input.redfish-data',
          `${where}: DiagnosticDataType ${kind} but DiagnosticData is ${typeof e.DiagnosticData === 'string' ? 'not base64' : 'missing'} (data only behind AdditionalDataURI is not fetched)`,
        ),
      );
      return;
    }
    const notification =
      typeof e.CPER?.NotificationType === 'string' && GUID.test(e.CPER.NotificationType)
        ? e.CPER.NotificationType.toLowerCase()
        : undefined;
    let bytes = data;
    if (kind === 'CPER') {
      if (!looksLikeRecord(data, 0))
        diagnostics.push(
          expert(
            'input.redfish-not-record',
            `${where}: DiagnosticDataType CPER but the data does not start with a CPER record header`,
            at,
            data.length,
          ),
        );
    } else if (data.length > DESCRIPTOR_SIZE && looksLikeSectionOnly(data)) {
      bytes = wrapSection(data, notification);
      diagnostics.push(
        expert(
          'input.redfish-section',
          `${where}: a CPER section (descriptor and body); shown in a record header the entry does not carry (id 0, no timestamp, no creator)`,
          at,
          bytes.length,
        ),
      );
    } else {
      const type = typeof e.CPER?.SectionType === 'string' && GUID.test(e.CPER.SectionType) ? e.CPER.SectionType.toLowerCase() : NULL_GUID;
      const severity = SEVERITY[String(e.Severity)] ?? 1;
      bytes = headerlessRecord({ severity, notificationType: notification }, [{ type, body: data, severity }]);
      diagnostics.push(
        expert(
          'input.redfish-bare-section',
          `${where}: CPERSection data has no section descriptor; read as a bare body of the entry's CPER.SectionType ${type}`,
          at,
          bytes.length,
        ),
      );
    }
    diagnostics.push(expert('input.redfish-entry', `${where}: ${kind}, ${data.length} bytes, at offset ${at}`, at, bytes.length));
    parts.push(bytes);
    at += bytes.length;
  });
  if (!parts.length) return undefined;
  return { bytes: concatBytes(parts), diagnostics };
}
