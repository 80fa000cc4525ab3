/**
 * Dumps listed from the index (metadata only): pstore dmesg parts grouped by boot, reason and
 * count, as reassembleDumps groups them (a live record wins over a cleared copy; same order).
 */
import { bootIdOf, MAX_LISTED_MISSING, type DumpContext, type DumpName, type DumpPart } from '../pstore/dump';
import { CLEARED, EMPTY, F_MAPPED, F_PSTORE_COMPRESSED, F_PSTORE_HEADER, PSTORE_DMESG, u64Text, type StoreIndex } from './store-index';

export interface IndexDumpPart extends Pick<DumpPart, 'part' | 'recordId' | 'state' | 'compressed'> {
  slot: number;
}

export interface IndexDump extends DumpName {
  parts: IndexDumpPart[];
  missingParts: number[];
  recordIds: string[];
}

/**
 * Parts grouped into dumps, keyed by boot (the id's high 32 bits, as bootIdOf), reason and
 * count. All numbers in typed arrays, found through a hash table of numbers: a large store
 * makes no object per part (nor per group) until its dumps are made.
 */
interface Groups {
  count: number;
  hi: Uint32Array;
  reason: Int32Array;
  dumpCount: Uint32Array;
  /** Group g's slots are slots[start[g], start[g + 1]), in the order they were met. */
  start: Int32Array;
  slots: Int32Array;
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

/** A hash of a group's key (three 32-bit numbers). */
function keyHash(hi: number, reason: number, count: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ reason ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ count ^ (h >>> 13), 0x27d4eb2f);
  return h ^ (h >>> 16);
}

/** The groups in the order they are first met. */
function groupParts(ix: StoreIndex, slots: number[]): Groups {
  const c = ix.cols;
  const n = slots.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  // Open addressing: each entry is a group + 1 (0: free).
  const table = new Int32Array(size);
  const hi = new Uint32Array(n);
  const reason = new Int32Array(n);
  const dumpCount = new Uint32Array(n);
  const group = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i];
    const h = c.idHi[slot];
    const r = c.reason[slot];
    const k = c.dumpCount[slot];
    for (let at = keyHash(h, r, k) & (size - 1); ; at = (at + 1) & (size - 1)) {
      const e = table[at];
      if (e === 0) {
        hi[count] = h;
        reason[count] = r;
        dumpCount[count] = k;
        table[at] = ++count;
        group[i] = count - 1;
        break;
      }
      if (hi[e - 1] === h && reason[e - 1] === r && dumpCount[e - 1] === k) {
        group[i] = e - 1;
        break;
      }
    }
  }
  // Each group's slots together, in the order met (a counting sort by group).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[group[i] + 1]++;
  for (let g = 0; g < count; g++) start[g + 1] += start[g];
  const next = start.slice(0, count);
  const bySlot = new Int32Array(n);
  for (let i = 0; i < n; i++) bySlot[next[group[i]]++] = slots[i];
  return { count, hi, reason, dumpCount, start, slots: bySlot };
}

type Boots = Map<number, { bootId: string; bootTime: string | null }>;

/**
 * Group g as a dump: its parts by number (of two slots with one number, the one met first: a
 * live part wins over a cleared copy), and the numbers missing before the last one.
 */
function groupDump(ix: StoreIndex, G: Groups, g: number, boots: Boots): IndexDump {
  const c = ix.cols;
  const hi = G.hi[g];
  const met = Array.from(G.slots.subarray(G.start[g], G.start[g + 1]));
  // A stable sort: slots with the same part number stay in the order met.
  if (met.length > 1) met.sort((a, b) => c.part[a] - c.part[b]);
  const parts: IndexDumpPart[] = [];
  for (const slot of met) {
    const part = c.part[slot];
    if (parts.length && parts[parts.length - 1].part === part) continue;
    parts.push({
      part,
      recordId: u64Text(c.idLo[slot], hi),
      slot,
      state: c.flags[slot] & F_MAPPED ? 'live' : 'cleared',
      compressed: (c.flags[slot] & F_PSTORE_COMPRESSED) !== 0,
    });
  }
  const max = parts[parts.length - 1].part;
  const missingParts: number[] = [];
  // At most MAX_LISTED_MISSING, as reassembleDumps lists them: a part number read from the
  // evidence can be as large as 4294967295.
  for (let k = 1, j = 0; k <= max && missingParts.length < MAX_LISTED_MISSING; k++) {
    while (parts[j].part < k) j++;
    if (parts[j].part !== k) missingParts.push(k);
  }
  let boot = boots.get(hi);
  if (!boot) boots.set(hi, (boot = bootIdOf(parts[0].recordId)));
  return {
    bootId: boot.bootId,
    bootTime: boot.bootTime,
    reason: ix.reasons.values[G.reason[g]],
    count: G.dumpCount[g],
    parts,
    missingParts,
    recordIds: parts.map((p) => p.recordId),
  };
}

/** The low half of the record id of group g's first part: its lowest part number (of equals, the one met first). */
function firstPartLo(ix: StoreIndex, G: Groups, g: number): number {
  const { part, idLo } = ix.cols;
  let first = G.slots[G.start[g]];
  for (let i = G.start[g] + 1; i < G.start[g + 1]; i++) if (part[G.slots[i]] < part[first]) first = G.slots[i];
  return idLo[first];
}

/** Dumps in order, each made when asked for: a caller that writes them one by one holds none. */
export interface IndexDumpList {
  readonly length: number;
  at(i: number): IndexDump;
}

/**
 * What reassembling an indexed store's dumps needs to know of the store: its record size, and
 * whether every slot is in use (none empty or cleared), which tells how a missing part is read.
 */
export function indexDumpContext(ix: StoreIndex): DumpContext {
  let full = true;
  for (let i = 0; i < ix.slots && full; i++) if (ix.cols.state[i] === EMPTY || ix.cols.state[i] === CLEARED) full = false;
  return { recordSize: ix.geometry?.recordSize, storeFull: full };
}

/** The dumps of the live records, plus cleared ones when `recovered`. */
export function indexDumpList(ix: StoreIndex, recovered = false): IndexDumpList {
  const G = groupParts(ix, dumpSlots(ix, recovered));
  const lo = new Uint32Array(G.count);
  for (let g = 0; g < G.count; g++) lo[g] = firstPartLo(ix, G, g);
  // By the first part's record id, as reassembleDumps orders them (compared as two u32 halves),
  // from the order met.
  const hi = G.hi;
  const order = Array.from({ length: G.count }, (_, g) => g);
  order.sort((a, b) => (hi[a] < hi[b] || (hi[a] === hi[b] && lo[a] < lo[b]) ? -1 : 1));
  const boots: Boots = new Map();
  return { length: G.count, at: (i) => groupDump(ix, G, order[i], boots) };
}

/** The same, all made. */
export function indexDumps(ix: StoreIndex, recovered = false): IndexDump[] {
  const list = indexDumpList(ix, recovered);
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}
