import type { RecordSummary } from '../report/inspect';

/** RFC 4180: quote a field when it holds a comma, quote, CR or LF; double the quotes inside. */
export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_COLUMNS = [
  'file',
  'slot',
  'state',
  'record_id_hex',
  'record_id',
  'time',
  'time_encoding',
  'severity',
  'creator',
  'section_types',
  'summary',
] as const;

/** The header line, with its CRLF. */
export const CSV_HEADER = CSV_COLUMNS.join(',') + '\r\n';

/** One record's row of file `name`, with its CRLF. */
export function csvRow(name: string, r: RecordSummary): string {
  return (
    [
      name,
      r.slot,
      r.state,
      r.recordIdHex,
      r.recordId,
      r.timestamp,
      r.timestampEncoding,
      r.severity,
      r.creatorName ?? r.creatorId,
      r.sections.map((s) => s.name).join('; '),
      r.summary,
    ]
      .map(csvField)
      .join(',') + '\r\n'
  );
}
