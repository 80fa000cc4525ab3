/**
 * Sorting and filtering on the index: a query gives the matching record slots in order, and
 * a window of them; nothing is decoded beyond the columns (text search builds a short string
 * per record from the columns, never the payload).
 */
import { CREATORS } from '../cper/guids';
import { sectionName } from '../sections/registry';
import { F_MAPPED, F_PSTORE_HEADER, NO_SEVERITY, type StoreIndex } from './store-index';
import { recordIdOf, timestampOf } from './rows';
import { hex64 } from '../bytes/hex';
import { dumpPartName } from '../pstore/header';

export type RecordSortKey = 'slot' | 'id' | 'time' | 'severity' | 'creator' | 'length';

export interface RecordQuery {
  states?: readonly ('live' | 'cleared')[];
  /** Raw severities (0 recoverable, 1 fatal, 2 corrected, 3 info). */
  severities?: readonly number[];
  /** Creator GUID. */
  creator?: string;
  /** Section type GUID (any section of the record). */
  sectionType?: string;
  /** Case-insensitive substring of the id (decimal or hex), creator, section names or dump header. */
  text?: string;
  sort?: RecordSortKey;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export interface RecordWindow {
  /** Records matching the filter. */
  total: number;
  /** Slots of the window `[offset, offset + limit)` of the sorted matches. */
  slots: Int32Array;
}

function searchText(ix: StoreIndex, slot: number): string {
  const c = ix.cols;
  const parts: string[] = [];
  const id = recordIdOf(ix, slot);
  if (id) parts.push(id, hex64(BigInt(id)));
  if (c.creator[slot] >= 0) {
    const g = ix.creators.values[c.creator[slot]];
    parts.push(g, CREATORS[g] ?? '');
  }
  for (let i = 0; i < c.sectionCount[slot]; i++) parts.push(sectionName(ix.types.values[ix.sectionTypes[c.sectionStart[slot] + i]]));
  if (c.flags[slot] & F_PSTORE_HEADER) parts.push(dumpPartName(ix.reasons.values[c.reason[slot]], c.dumpCount[slot], c.part[slot]));
  return parts.join('\n').toLowerCase();
}

/** Slots of the records matching `q`, sorted, and the window asked for. */
export function queryRecords(ix: StoreIndex, q: RecordQuery = {}): RecordWindow {
  const c = ix.cols;
  const states = q.states ? new Set(q.states) : undefined;
  const sev = q.severities ? new Set(q.severities) : undefined;
  const creator = q.creator !== undefined ? ix.creators.find(q.creator) : undefined;
  const type = q.sectionType !== undefined ? ix.types.find(q.sectionType) : undefined;
  const text = q.text?.toLowerCase();
  let matched: Int32Array;
  if (!states && !sev && creator === undefined && type === undefined && !text) matched = ix.records.slice();
  else {
    const out = new Int32Array(ix.records.length);
    let n = 0;
    for (const slot of ix.records) {
      if (states && !states.has(c.flags[slot] & F_MAPPED ? 'live' : 'cleared')) continue;
      if (sev && !sev.has(c.severity[slot])) continue;
      if (creator !== undefined && c.creator[slot] !== creator) continue;
      if (type !== undefined) {
        let has = false;
        for (let i = 0; i < c.sectionCount[slot]; i++) if (ix.sectionTypes[c.sectionStart[slot] + i] === type) has = true;
        if (!has) continue;
      }
      if (text && !searchText(ix, slot).includes(text)) continue;
      out[n++] = slot;
    }
    matched = out.slice(0, n);
  }
  const key = q.sort ?? 'slot';
  if (key !== 'slot') {
    const k = sortKey(ix, key);
    matched.sort((a, b) => k[a] - k[b] || a - b);
  }
  if (q.descending) matched.reverse();
  const offset = Math.max(0, q.offset ?? 0);
  const limit = Math.max(0, q.limit ?? matched.length);
  return { total: matched.length, slots: matched.slice(offset, offset + limit) };
}

/** A numeric sort key per slot (Float64: exact for ids below 2^53, ordered for all). */
function sortKey(ix: StoreIndex, key: RecordSortKey): Float64Array {
  const c = ix.cols;
  const k = new Float64Array(ix.slots);
  for (const slot of ix.records) {
    switch (key) {
      case 'id':
        k[slot] = c.idHi[slot] * 2 ** 32 + c.idLo[slot];
        break;
      case 'time': {
        const t = timestampOf(ix, slot).iso;
        k[slot] = t ? Date.parse(t) : -Infinity;
        break;
      }
      case 'severity':
        k[slot] = c.severity[slot] === NO_SEVERITY ? Infinity : c.severity[slot];
        break;
      case 'creator':
        k[slot] = c.creator[slot];
        break;
      case 'length':
        k[slot] = c.recordLength[slot];
        break;
      default:
        k[slot] = slot;
    }
  }
  return k;
}
