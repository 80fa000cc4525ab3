import type { DecodedRecord } from '../cper/record';
import type { DecodedStore } from '../store/decode';
import { F_PSTORE_HEADER, HEADER, LIVE, PSTORE_DMESG, type StoreIndex } from '../index/index';

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

/** The same counts from a store index (dump parts from the `Reason#N PartM` columns). */
export function indexCapacity(ix: StoreIndex): Capacity {
  const c = ix.cols;
  let usable = 0;
  let live = 0;
  for (let i = 0; i < ix.slots; i++) {
    if (c.state[i] !== HEADER) usable++;
    if (c.state[i] === LIVE) live++;
  }
  const free = usable - live;
  const perDump = new Map<string, number>();
  for (const slot of ix.records) {
    if (c.pstoreKind[slot] !== PSTORE_DMESG || !(c.flags[slot] & F_PSTORE_HEADER) || c.avail[slot] < 104) continue;
    const reason = ix.reasons.values[c.reason[slot]];
    if (!reason) continue;
    const key = `${c.idHi[slot]}/${reason}/${c.dumpCount[slot]}`;
    perDump.set(key, Math.max(perDump.get(key) ?? 0, c.part[slot]));
  }
  let usual: number | null = null;
  for (const v of perDump.values()) usual = usual === null ? v : Math.max(usual, v);
  return { usableSlots: usable, liveSlots: live, freeSlots: free, usualDumpParts: usual, nextDumpFits: usual === null ? null : free >= usual };
}
