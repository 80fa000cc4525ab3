import type { DumpSummary, InspectReport, RecordSummary } from '../../shared/report/inspect';
import { bootIdOf } from '../../shared/pstore/dump';

export interface BootGroup {
  bootId: string;
  bootTime: string | null;
  start: number | null;
  end: number | null;
  records: { record: RecordSummary; at: number | null }[];
  dumps: DumpSummary[];
}

/**
 * Records and dumps grouped by boot. Linux record ids carry the boot's first-record seconds
 * in their high 32 bits, so that is the grouping key; records without an id share one group.
 */
export function bootGroups(report: InspectReport): BootGroup[] {
  const groups = new Map<string, BootGroup>();
  for (const r of report.records) {
    const { bootId, bootTime } = r.recordId ? bootIdOf(r.recordId) : { bootId: 'unknown', bootTime: null };
    let g = groups.get(bootId);
    if (!g) groups.set(bootId, (g = { bootId, bootTime, start: null, end: null, records: [], dumps: [] }));
    const at = r.timestamp ? Date.parse(r.timestamp) : NaN;
    const t = Number.isNaN(at) ? null : at;
    g.records.push({ record: r, at: t });
    if (t !== null) {
      g.start = g.start === null ? t : Math.min(g.start, t);
      g.end = g.end === null ? t : Math.max(g.end, t);
    }
  }
  for (const d of report.dumps) groups.get(d.bootId)?.dumps.push(d);
  return [...groups.values()].sort((a, b) => (a.bootId < b.bootId ? -1 : 1));
}
