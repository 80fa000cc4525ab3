import type { DecodedRecord } from '../cper/record';
import type { DecodedStore } from '../store/decode';

export interface Capacity {
  usableSlots: number;
  liveSlots: number;
  freeSlots: number;
  /** Slots needed by the largest dump seen (parts of one Reason#count), when there is one. */
  usualDumpParts: number | null;
  /** Would another dump of that size fit in the free slots? */
  nextDumpFits: boolean | null;
}

/** One record per slot, so capacity is counted in slots; a "usual" dump is the largest seen. */
export function storeCapacity(store: DecodedStore, records: readonly DecodedRecord[]): Capacity {
  const usable = store.slots.filter((s) => s.state !== 'header').length;
  const live = store.slots.filter((s) => s.state === 'live').length;
  const free = usable - live;
  const perDump = new Map<string, number>();
  for (const r of records) {
    const p = r.sections[0]?.pstore;
    if (p?.kind !== 'dmesg' || !p.reason || !r.recordId) continue;
    const key = `${BigInt(r.recordId) >> 32n}/${p.reason}/${p.count}`;
    perDump.set(key, Math.max(perDump.get(key) ?? 0, p.part ?? 0));
  }
  const usual = perDump.size ? Math.max(...perDump.values()) : null;
  return { usableSlots: usable, liveSlots: live, freeSlots: free, usualDumpParts: usual, nextDumpFits: usual === null ? null : free >= usual };
}
