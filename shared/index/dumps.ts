/**
 * Dumps listed from the index (metadata only): pstore dmesg parts grouped by boot, reason and
 * count, as reassembleDumps groups them (a live record wins over a cleared copy; same order).
 */
import { bootIdOf } from '../pstore/dump';
import { F_MAPPED, F_PSTORE_COMPRESSED, F_PSTORE_HEADER, PSTORE_DMESG, type StoreIndex } from './store-index';
import { recordIdOf } from './rows';

export interface IndexDumpPart {
  part: number;
  recordId: string;
  slot: number;
  state: 'live' | 'cleared';
  compressed: boolean;
}

export interface IndexDump {
  bootId: string;
  bootTime: string | null;
  reason: string;
  count: number;
  parts: IndexDumpPart[];
  missingParts: number[];
  recordIds: string[];
}

/** The dumps of the live records, plus cleared ones when `recovered`. */
export function indexDumps(ix: StoreIndex, recovered = false): IndexDump[] {
  const c = ix.cols;
  const live: number[] = [];
  const cleared: number[] = [];
  for (const slot of ix.records) {
    if (c.pstoreKind[slot] !== PSTORE_DMESG || !(c.flags[slot] & F_PSTORE_HEADER) || recordIdOf(ix, slot) === null) continue;
    if (c.flags[slot] & F_MAPPED) live.push(slot);
    else if (recovered) cleared.push(slot);
  }
  // The boot of a part is its id's high 32 bits (bootIdOf); parts of a boot share its text.
  const boots = new Map<number, { bootId: string; bootTime: string | null }>();
  const byKey = new Map<string, { bootId: string; bootTime: string | null; reason: string; count: number; parts: Map<number, IndexDumpPart> }>();
  for (const slot of [...live, ...cleared]) {
    const recordId = recordIdOf(ix, slot)!;
    const reason = ix.reasons.values[c.reason[slot]];
    const count = c.dumpCount[slot];
    let boot = boots.get(c.idHi[slot]);
    if (!boot) boots.set(c.idHi[slot], (boot = bootIdOf(recordId)));
    const { bootId, bootTime } = boot;
    const key = `${bootId}/${reason}/${count}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { bootId, bootTime, reason, count, parts: new Map() }));
    const part = c.part[slot];
    if (!g.parts.has(part)) {
      g.parts.set(part, { part, recordId, slot, state: c.flags[slot] & F_MAPPED ? 'live' : 'cleared', compressed: (c.flags[slot] & F_PSTORE_COMPRESSED) !== 0 });
    }
  }
  const dumps: IndexDump[] = [];
  for (const g of byKey.values()) {
    const nums = [...g.parts.keys()].sort((a, b) => a - b);
    const max = nums[nums.length - 1];
    const missingParts: number[] = [];
    for (let k = 1; k <= max; k++) if (!g.parts.has(k)) missingParts.push(k);
    const parts = nums.map((k) => g.parts.get(k)!);
    dumps.push({ bootId: g.bootId, bootTime: g.bootTime, reason: g.reason, count: g.count, parts, missingParts, recordIds: parts.map((p) => p.recordId) });
  }
  return dumps.sort((a, b) => (BigInt(a.recordIds[0]) < BigInt(b.recordIds[0]) ? -1 : 1));
}
