import type { RecordQuery, RecordSortKey } from '../../shared/contract/index';
import type { RecordSummary } from '../../shared/report/inspect';

const creatorOf = (r: RecordSummary): string => r.creatorName ?? r.creatorId ?? '—';

/** Distinct values for the filter menus. */
export function facets(records: readonly RecordSummary[]) {
  const sev = new Set<string>(),
    sec = new Set<string>(),
    cre = new Set<string>(),
    st = new Set<string>();
  for (const r of records) {
    sev.add(r.severity);
    for (const s of r.sections) sec.add(s.name);
    cre.add(creatorOf(r));
    st.add(r.state);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { severity: sorted(sev), sectionType: sorted(sec), creator: sorted(cre), state: sorted(st) };
}

function matches(r: RecordSummary, q: RecordQuery, text: string): boolean {
  if (q.severity && r.severity !== q.severity) return false;
  if (q.state && r.state !== q.state) return false;
  if (q.creator && creatorOf(r) !== q.creator) return false;
  if (q.sectionType && !r.sections.some((s) => s.name === q.sectionType)) return false;
  if (!text) return true;
  const hay = [r.recordId, r.recordIdHex, r.timestamp, r.severity, creatorOf(r), r.summary, ...r.sections.map((s) => s.name)]
    .join(' ')
    .toLowerCase();
  return hay.includes(text);
}

const key = (r: RecordSummary, k: RecordSortKey): string | number | bigint => {
  switch (k) {
    case 'id':
      return r.recordId ? BigInt(r.recordId) : -1n;
    case 'time':
      return r.timestamp ?? '';
    case 'severity':
      return r.severity;
    case 'creator':
      return creatorOf(r);
    case 'sections':
      return r.sections.length;
    case 'summary':
      return r.summary;
    case 'state':
      return r.state;
    case 'slot':
      return r.slot ?? -1;
  }
};

/** Record indexes matching the query, in its order (ties by index, so the order is stable). */
export function queryRecords(records: readonly RecordSummary[], q: RecordQuery): Int32Array {
  const text = (q.text ?? '').trim().toLowerCase();
  const picked: RecordSummary[] = [];
  for (const r of records) if (matches(r, q, text)) picked.push(r);
  const sort = q.sort ?? 'slot';
  const dir = q.dir === -1 ? -1 : 1;
  if (!(sort === 'slot' && dir === 1 && records.every((r, i) => i === 0 || (r.slot ?? -1) >= (records[i - 1].slot ?? -1)))) {
    const keys = new Map(picked.map((r) => [r.index, key(r, sort)]));
    picked.sort((a, b) => {
      const x = keys.get(a.index)!,
        y = keys.get(b.index)!;
      return (x < y ? -1 : x > y ? 1 : a.index - b.index) * dir;
    });
  }
  return Int32Array.from(picked, (r) => r.index);
}
