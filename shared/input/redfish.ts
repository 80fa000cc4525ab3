/**
 * Redfish LogEntry / LogEntryCollection JSON (DMTF schema LogEntry v1.15+) carrying CPER:
 * `DiagnosticDataType` is "CPER" (a whole record) or "CPERSection" (one section: its descriptor
 * and body, as PLDM's CPER event without header carries it), `DiagnosticData` is base64, and
 * the `CPER` object names the notification and section types. Every entry becomes a record so
 * the views and exports treat a Redfish log like a file of records: a section is wrapped in a
 * record header the entry does not carry (said in a diagnostic).
 */
import { fromBase64 } from '../bytes/base64';
import { concatBytes } from '../bytes/concat';
import { NULL_GUID } from '../bytes/guid';
import { encodeRecord } from '../cper/encode';
import { looksLikeRecord } from '../cper/record';
import { DESCRIPTOR_SIZE } from '../cper/layout';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
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
  const dv = new DataView(section.buffer, section.byteOffset, section.byteLength);
  const off = dv.getUint32(0, true);
  const len = dv.getUint32(4, true);
  const body = section.subarray(Math.min(off, section.length), Math.min(section.length, off + len));
  const type = [...section.subarray(16, 32)];
  const hex = type.map((x) => x.toString(16).padStart(2, '0'));
  const guid = `${hex.slice(0, 4).reverse().join('')}-${hex.slice(4, 6).reverse().join('')}-${hex.slice(6, 8).reverse().join('')}-${hex.slice(8, 10).join('')}-${hex.slice(10).join('')}`;
  const fruText = new TextDecoder('latin1').decode(section.subarray(52, 72)).replace(/\0.*$/s, '');
  return encodeRecord({
    recordId: 0n,
    severity: dv.getUint32(48, true),
    validationBits: 0,
    flags: 0,
    persistenceInfo: 0n,
    creatorId: NULL_GUID,
    notificationType: notification ?? NULL_GUID,
    sections: [
      {
        type: guid,
        body,
        severity: dv.getUint32(48, true),
        flags: dv.getUint32(12, true),
        revision: dv.getUint16(8, true),
        validationBits: section[10],
        fruId: undefined,
        fruText: section[10] & 2 ? fruText : undefined,
      },
    ],
  });
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
      bytes = encodeRecord({
        recordId: 0n,
        severity: SEVERITY[String(e.Severity)] ?? 1,
        validationBits: 0,
        flags: 0,
        persistenceInfo: 0n,
        creatorId: NULL_GUID,
        notificationType: notification ?? NULL_GUID,
        sections: [{ type, body: data, severity: SEVERITY[String(e.Severity)] ?? 1 }],
      });
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
