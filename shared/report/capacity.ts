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
  const perDump = new Map<string, number>();
  for (const r of records) {
    const p = r.sections[0]?.pstore;
    if (p?.kind !== 'dmesg' || !p.reason || !r.recordId) continue;
    const key = `${BigInt(r.recordId) >> 32n}/${p.reason}/${p.count}`;
    perDump.set(key, Math.max(perDump.get(key) ?? 0, p.part ?? 0));
  }
  return capacity(usable, live, perDump.size ? Math.max(...perDump.values()) : null);
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
  // The largest part number of any dump (boot, reason, count): numeric keys, no string per part.
  const perBoot = new Map<number, Map<number, number>>();
  let usual: number | null = null;
  for (const slot of ix.records) {
    if (c.pstoreKind[slot] !== PSTORE_DMESG || !(c.flags[slot] & F_PSTORE_HEADER) || c.avail[slot] < 104) continue;
    let boot = perBoot.get(c.idHi[slot]);
    if (!boot) perBoot.set(c.idHi[slot], (boot = new Map()));
    const key = c.reason[slot] * 2 ** 32 + c.dumpCount[slot];
    const max = Math.max(boot.get(key) ?? 0, c.part[slot]);
    boot.set(key, max);
    usual = usual === null ? max : Math.max(usual, max);
  }
  return capacity(usable, live, usual);
}

/** The counts both sources give, and what follows from them. */
function capacity(usable: number, live: number, usual: number | null): Capacity {
  const free = usable - live;
  return {
    usableSlots: usable,
    liveSlots: live,
    freeSlots: free,
    usualDumpParts: usual,
    nextDumpFits: usual === null ? null : free >= usual,
  };
}
