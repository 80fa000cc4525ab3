/**
 * Dumps listed from the index (metadata only): pstore dmesg parts grouped by boot, reason and
 * count, as reassembleDumps groups them (a live record wins over a cleared copy; same order).
 */
import { bootIdOf, MAX_LISTED_MISSING, type DumpName, type DumpPart } from '../pstore/dump';
import { F_MAPPED, F_PSTORE_COMPRESSED, F_PSTORE_HEADER, PSTORE_DMESG, u64Text, type StoreIndex } from './store-index';

export interface IndexDumpPart extends Pick<DumpPart, 'part' | 'recordId' | 'state' | 'compressed'> {
  slot: number;
}

export interface IndexDump extends DumpName {
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
    if (c.pstoreKind[slot] !== PSTORE_DMESG || !(c.flags[slot] & F_PSTORE_HEADER) || c.avail[slot] < 104) continue;
    if (c.flags[slot] & F_MAPPED) live.push(slot);
    else if (recovered) cleared.push(slot);
  }
  // Groups keyed by boot (the id's high 32 bits, as bootIdOf), reason and count, kept in the
  // order they are first met; numeric keys, so a large store makes no string per part.
  interface Group {
    hi: number;
    reason: number;
    count: number;
    parts: Map<number, IndexDumpPart>;
    first: number;
  }
  const groups: Group[] = [];
  const byBoot = new Map<number, Map<number, Group>>();
  for (const slot of [...live, ...cleared]) {
    const hi = c.idHi[slot];
    const key = c.reason[slot] * 2 ** 32 + c.dumpCount[slot];
    let boot = byBoot.get(hi);
    if (!boot) byBoot.set(hi, (boot = new Map()));
    let g = boot.get(key);
    if (!g) {
      boot.set(key, (g = { hi, reason: c.reason[slot], count: c.dumpCount[slot], parts: new Map(), first: slot }));
      groups.push(g);
    }
    const part = c.part[slot];
    if (!g.parts.has(part)) {
      g.parts.set(part, {
        part,
        recordId: u64Text(c.idLo[slot], hi),
        slot,
        state: c.flags[slot] & F_MAPPED ? 'live' : 'cleared',
        compressed: (c.flags[slot] & F_PSTORE_COMPRESSED) !== 0,
      });
    }
  }
  const boots = new Map<number, { bootId: string; bootTime: string | null }>();
  const made: { d: IndexDump; hi: number; lo: number }[] = [];
  for (const g of groups) {
    const nums = [...g.parts.keys()].sort((a, b) => a - b);
    const max = nums[nums.length - 1];
    const missingParts: number[] = [];
    // At most MAX_LISTED_MISSING, as reassembleDumps lists them: a part number read from the
    // evidence can be as large as 4294967295.
    for (let k = 1; k <= max && missingParts.length < MAX_LISTED_MISSING; k++) if (!g.parts.has(k)) missingParts.push(k);
    const parts = nums.map((k) => g.parts.get(k)!);
    let boot = boots.get(g.hi);
    if (!boot) boots.set(g.hi, (boot = bootIdOf(parts[0].recordId)));
    const reason = ix.reasons.values[g.reason];
    made.push({
      d: {
        bootId: boot.bootId,
        bootTime: boot.bootTime,
        reason,
        count: g.count,
        parts,
        missingParts,
        recordIds: parts.map((p) => p.recordId),
      },
      hi: g.hi,
      lo: c.idLo[parts[0].slot],
    });
  }
  // By the first part's record id, as reassembleDumps orders them (compared as two u32 halves).
  made.sort((a, b) => (a.hi < b.hi || (a.hi === b.hi && a.lo < b.lo) ? -1 : 1));
  return made.map((m) => m.d);
}
