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

/**
 * A group of parts: one dump, keyed by boot (the id's high 32 bits, as bootIdOf), reason and
 * count; numeric keys, so a large store makes no string per part.
 */
interface Group {
  hi: number;
  reason: number;
  count: number;
  parts: Map<number, IndexDumpPart>;
}

// Each phase is a function of its own: V8 optimises a hot loop inside a long function on its
// own (on-stack replacement) and throws that code away when the loop ends into code it has not
// seen run, a cycle that cost more than the loops on a store of 130,000 parts.

/** The slots of dmesg parts with a header line: the live ones, then the cleared ones when `recovered`. */
function dumpSlots(ix: StoreIndex, recovered: boolean): number[] {
  const c = ix.cols;
  const live: number[] = [];
  const cleared: number[] = [];
  for (const slot of ix.records) {
    if (c.pstoreKind[slot] !== PSTORE_DMESG || !(c.flags[slot] & F_PSTORE_HEADER) || c.avail[slot] < 104) continue;
    if (c.flags[slot] & F_MAPPED) live.push(slot);
    else if (recovered) cleared.push(slot);
  }
  return recovered ? live.concat(cleared) : live;
}

/** The groups in the order they are first met (a live part wins over a cleared copy: it comes first). */
function groupParts(ix: StoreIndex, slots: number[]): Group[] {
  const c = ix.cols;
  const groups: Group[] = [];
  const byBoot = new Map<number, Map<number, Group>>();
  for (const slot of slots) {
    const hi = c.idHi[slot];
    const key = c.reason[slot] * 2 ** 32 + c.dumpCount[slot];
    let boot = byBoot.get(hi);
    if (!boot) byBoot.set(hi, (boot = new Map()));
    let g = boot.get(key);
    if (!g) {
      boot.set(key, (g = { hi, reason: c.reason[slot], count: c.dumpCount[slot], parts: new Map() }));
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
  return groups;
}

type Boots = Map<number, { bootId: string; bootTime: string | null }>;

/** A group as a dump, its parts in order and the numbers missing before the last one. */
function groupDump(ix: StoreIndex, g: Group, boots: Boots): IndexDump {
  const nums = [...g.parts.keys()].sort((a, b) => a - b);
  const max = nums[nums.length - 1];
  const missingParts: number[] = [];
  // At most MAX_LISTED_MISSING, as reassembleDumps lists them: a part number read from the
  // evidence can be as large as 4294967295.
  for (let k = 1; k <= max && missingParts.length < MAX_LISTED_MISSING; k++) if (!g.parts.has(k)) missingParts.push(k);
  const parts = nums.map((k) => g.parts.get(k)!);
  let boot = boots.get(g.hi);
  if (!boot) boots.set(g.hi, (boot = bootIdOf(parts[0].recordId)));
  return {
    bootId: boot.bootId,
    bootTime: boot.bootTime,
    reason: ix.reasons.values[g.reason],
    count: g.count,
    parts,
    missingParts,
    recordIds: parts.map((p) => p.recordId),
  };
}

/** The dumps of the live records, plus cleared ones when `recovered`. */
export function indexDumps(ix: StoreIndex, recovered = false): IndexDump[] {
  const groups = groupParts(ix, dumpSlots(ix, recovered));
  const boots: Boots = new Map();
  const lo = ix.cols.idLo;
  const made = groups.map((g) => {
    const d = groupDump(ix, g, boots);
    return { d, hi: g.hi, lo: lo[d.parts[0].slot] };
  });
  // By the first part's record id, as reassembleDumps orders them (compared as two u32 halves).
  made.sort((a, b) => (a.hi < b.hi || (a.hi === b.hi && a.lo < b.lo) ? -1 : 1));
  return made.map((m) => m.d);
}
