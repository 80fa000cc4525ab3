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
