import { buildInspectReport, type InspectReport } from '../../shared/report/inspect';
import type { OpenedEvidence } from './decode-file';

export function inspectReport(ev: OpenedEvidence, opts: { fields?: boolean } = {}): InspectReport {
  return buildInspectReport({ path: ev.file.path, size: ev.file.size, sha256: ev.file.sha256() }, ev.input, opts);
}

/** Exit status for a decode: errors anywhere make it 1, an unrecognised file 3. */
export function decodeStatus(ev: OpenedEvidence, report: InspectReport): 0 | 1 | 3 {
  if (ev.unrecognised) return 3;
  const all = [...report.diagnostics, ...report.records.flatMap((r) => r.diagnostics)];
  return all.some((d) => d.level === 'error') ? 1 : 0;
}
