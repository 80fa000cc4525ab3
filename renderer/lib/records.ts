import type { RecordSummary } from '../../shared/report/inspect';

export type SortKey = 'id' | 'time' | 'severity' | 'creator' | 'sections' | 'summary' | 'state' | 'slot';

export interface RecordFilter {
  text: string;
  severity: string;
  sectionType: string;
  creator: string;
  state: string;
}

export const EMPTY_FILTER: RecordFilter = { text: '', severity: '', sectionType: '', creator: '', state: '' };

export function creatorOf(r: RecordSummary): string {
  return r.creatorName ?? r.creatorId ?? '—';
}

/** Distinct values for the filter menus. */
export function facets(records: readonly RecordSummary[]) {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    severity: uniq(records.map((r) => r.severity)),
    sectionType: uniq(records.flatMap((r) => r.sections.map((s) => s.name))),
    creator: uniq(records.map(creatorOf)),
    state: uniq(records.map((r) => r.state)),
  };
}

export function filterRecords(records: readonly RecordSummary[], f: RecordFilter): RecordSummary[] {
  const text = f.text.trim().toLowerCase();
  return records.filter((r) => {
    if (f.severity && r.severity !== f.severity) return false;
    if (f.state && r.state !== f.state) return false;
    if (f.creator && creatorOf(r) !== f.creator) return false;
    if (f.sectionType && !r.sections.some((s) => s.name === f.sectionType)) return false;
    if (!text) return true;
    const hay = [r.recordId, r.recordIdHex, r.timestamp, r.severity, creatorOf(r), r.summary, ...r.sections.map((s) => s.name)].join(' ').toLowerCase();
    return hay.includes(text);
  });
}

const key = (r: RecordSummary, k: SortKey): string | number | bigint => {
  switch (k) {
    case 'id': return r.recordId ? BigInt(r.recordId) : -1n;
    case 'time': return r.timestamp ?? '';
    case 'severity': return r.severity;
    case 'creator': return creatorOf(r);
    case 'sections': return r.sections.length;
    case 'summary': return r.summary;
    case 'state': return r.state;
    case 'slot': return r.slot ?? -1;
  }
};

export function sortRecords(records: RecordSummary[], k: SortKey, dir: 1 | -1): RecordSummary[] {
  return [...records].sort((a, b) => {
    const x = key(a, k), y = key(b, k);
    return (x < y ? -1 : x > y ? 1 : a.index - b.index) * dir;
  });
}
