import type { DecodedRecord } from '../../shared/cper/record';
import type { Diagnostic } from '../../shared/decode/diagnostics';
import type { RecordSummary } from '../../shared/report/inspect';
import {
  byLevel,
  MAX_HW_ERRORS,
  MAX_RECORD_ROWS,
  recordPlace,
  shownDiagnostic,
  type PlacedDiagnostic,
} from '../../shared/report-html/view';
import type { TimelineRecordInput } from '../../shared/timeline/build';
import { errorKind, errorLocation } from '../../shared/timeline/describe';

/** Diagnostics listed for one large input (the rest are counted). */
const MAX_LISTED_DIAGNOSTICS = 10_000;

/** What every record adds to the report as it passes. */
export class Tally {
  counts = { records: 0, live: 0, cleared: 0, hw: 0, errors: 0, warnings: 0 };
  first: RecordSummary[] = [];
  /** Shown diagnostics by level (errors, warnings, the rest), each kept up to the limit. */
  private levels: PlacedDiagnostic[][] = [[], [], []];
  private listed = 0;
  hw: TimelineRecordInput[] = [];
  hwLeftOut = 0;

  constructor(fileDiagnostics: readonly Diagnostic[]) {
    for (const d of fileDiagnostics) this.diagnostic('file', d);
  }

  private diagnostic(where: string, d: Diagnostic): void {
    if (d.level === 'error') this.counts.errors++;
    else if (d.level === 'warning') this.counts.warnings++;
    if (!shownDiagnostic(d)) return;
    this.listed++;
    const list = this.levels[d.level === 'error' ? 0 : d.level === 'warning' ? 1 : 2];
    if (list.length < MAX_LISTED_DIAGNOSTICS) list.push({ where, d });
  }

  record(r: RecordSummary, rec: DecodedRecord | undefined): void {
    this.counts.records++;
    if (r.state === 'cleared') this.counts.cleared++;
    else this.counts.live++;
    if (!r.pstore) this.counts.hw++;
    if (this.first.length < MAX_RECORD_ROWS) this.first.push(r);
    if (r.diagnostics.length) {
      const where = recordPlace(r);
      for (const d of r.diagnostics) this.diagnostic(where, d);
    }
    // A hardware error as the timeline describes it (timelineSourceOf's record, from the tree of its first section).
    if (!r.pstore && rec?.sections.length) {
      if (!this.keepsHardwareErrors()) {
        this.hwLeftOut++;
        return;
      }
      const s = rec.sections[0];
      const kind = errorKind(s.type, s.name);
      this.hw.push({ ...timelineRecord(r), hw: { kind, location: errorLocation(kind, s.body) } });
    }
  }

  /** The times of the hardware errors kept (those that have one). */
  hwTimes(): number[] {
    return this.hw.map((r) => parseIso(r.timestamp)).filter((t) => !Number.isNaN(t));
  }

  /** Whether the next hardware error is still kept for the timeline. */
  keepsHardwareErrors(): boolean {
    return this.hw.length < MAX_HW_ERRORS;
  }

  diagnostics(): { list: PlacedDiagnostic[]; leftOut: number } {
    const list = byLevel(this.levels.flat()).slice(0, MAX_LISTED_DIAGNOSTICS);
    return { list, leftOut: this.listed - list.length };
  }
}

export function timelineRecord(r: RecordSummary): TimelineRecordInput {
  return {
    index: r.index,
    recordId: r.recordId,
    recordIdHex: r.recordIdHex,
    timestamp: r.timestamp,
    severity: r.severity,
    state: r.state,
    slot: r.slot,
    summary: r.summary,
  };
}

export const parseIso = (t: string | null) => (t ? Date.parse(t) : NaN);

/** File diagnostics before record diagnostics, within each level. */
export function mergeTallies(file: Tally, records: Tally): { list: PlacedDiagnostic[]; leftOut: number } {
  const a = file.diagnostics();
  const b = records.diagnostics();
  const list = byLevel([...a.list, ...b.list]).slice(0, MAX_LISTED_DIAGNOSTICS);
  return { list, leftOut: a.list.length + a.leftOut + b.list.length + b.leftOut - list.length };
}
