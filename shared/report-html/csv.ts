import type { InspectReport } from '../report/inspect';

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

/** One row per record of every file, in file then record order; CRLF line ends as RFC 4180 says. */
export function recordsCsv(files: readonly { name: string; report: InspectReport }[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const f of files) {
    for (const r of f.report.records) {
      rows.push(
        [
          f.name,
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
          .join(','),
      );
    }
  }
  return rows.join('\r\n') + '\r\n';
}
