import { dumpsOf, dumpSummary, type DecodedInput, type DumpSummary } from '../report/inspect';
import type { SlotState } from '../store/decode';
import type { ByteSource } from '../store/source';

/** One side of a comparison: what was decoded and the bytes it was decoded from. */
export interface DiffSide {
  input: DecodedInput;
  bytes: ByteSource;
}

/**
 * What happened to a slot between two snapshots:
 * - written: not live before, live after (a new record landed there);
 * - cleared: live before, not live after (the map entry was zeroed; the bytes usually stay);
 * - overwritten: live on both sides but its bytes changed (QEMU writes a record in place);
 * - changed: not live on either side, yet its bytes differ (written and cleared again in between);
 * - unchanged: same state, same bytes.
 */
export type SlotChangeKind = 'written' | 'cleared' | 'overwritten' | 'changed' | 'unchanged';

export interface SlotSide {
  state: SlotState | 'absent';
  /** Record id in the slot's CPER header (decimal), when it holds one. */
  recordId: string | null;
  /** Map entry for the slot (decimal), when not 0. */
  mapId: string | null;
  /** One line: the record's summary. */
  summary: string | null;
}

export interface SlotDiff {
  slot: number;
  offset: number;
  kind: SlotChangeKind;
  before: SlotSide;
  after: SlotSide;
  /** Bytes of the slot that differ, and the first one (relative to the slot start). */
  differingBytes: number;
  firstDifference: number | null;
}

export interface HeaderChange {
  field: string;
  before: string;
  after: string;
}

export interface RecordRef {
  recordId: string;
  recordIdHex: string;
  slot: number | null;
  summary: string;
}

export interface StoreDiff {
  /** Byte for byte identical. */
  same: boolean;
  /** Total differing bytes (plus the difference in length). */
  differingBytes: number;
  sizes: { before: number; after: number };
  /** Slot size of the later store (0 when neither side is a store). */
  recordSize: number;
  header: HeaderChange[];
  /** Every slot, in order (unchanged ones too, so a view can draw the whole map). */
  slots: SlotDiff[];
  counts: Record<SlotChangeKind, number>;
  records: {
    /** Live after, not live before. */
    added: RecordRef[];
    /** Live before and gone after: neither live nor left in a cleared slot. */
    removed: RecordRef[];
    /** Live before, still in a slot after but no longer in the map (recoverable). */
    cleared: RecordRef[];
    /** Live on both sides with the same id, but different bytes (rewritten in place, or another record with that id). */
    changed: RecordRef[];
  };
  dumps: { added: DumpSummary[]; removed: DumpSummary[] };
  /** Bytes that differ outside any slot the comparison names (the header area, the map). */
  headerAreaDifferingBytes: number;
}

const EMPTY_SIDE: SlotSide = { state: 'absent', recordId: null, mapId: null, summary: null };

interface SlotView {
  index: number;
  offset: number;
  side: SlotSide;
}

function slotViews(s: DiffSide | undefined): { slots: SlotView[]; recordSize: number; storageOffset: number } {
  const st = s?.input.store;
  const g = st?.geometry;
  if (!st || !g) return { slots: [], recordSize: 0, storageOffset: 0 };
  const slots = st.slots.map((sl) => ({
    index: sl.index,
    offset: sl.offset,
    side: {
      state: sl.state,
      recordId: sl.recordId ?? null,
      mapId: sl.mapId ?? null,
      summary: sl.record ? sl.record.sections.map((x) => x.summary ?? x.name).join('; ') || 'no sections' : null,
    },
  }));
  return { slots, recordSize: g.recordSize, storageOffset: g.storageOffset };
}

/** Counts differing bytes of two ranges, reading both in bounded chunks. */
function compareRange(
  a: ByteSource | undefined,
  b: ByteSource | undefined,
  offset: number,
  length: number,
): { differing: number; first: number | null } {
  const CHUNK = 1 << 20;
  let differing = 0;
  let first: number | null = null;
  for (let at = 0; at < length; at += CHUNK) {
    const n = Math.min(CHUNK, length - at);
    const x = a ? a.read(offset + at, n) : new Uint8Array(0);
    const y = b ? b.read(offset + at, n) : new Uint8Array(0);
    for (let i = 0; i < n; i++) {
      // A byte past either file's end differs from whatever the other holds.
      const xv = i < x.length ? x[i] : -1;
      const yv = i < y.length ? y[i] : -1;
      if (xv !== yv) {
        differing++;
        if (first === null) first = at + i;
      }
    }
  }
  return { differing, first };
}

const live = (s: SlotSide) => s.state === 'live';

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function classify(before: SlotSide, after: SlotSide, differing: number): SlotChangeKind {
  if (!live(before) && live(after)) return 'written';
  if (live(before) && !live(after)) return 'cleared';
  if (live(before) && live(after)) return differing || before.recordId !== after.recordId ? 'overwritten' : 'unchanged';
  // A slot QEMU formatted as empty is no change from a file that did not exist yet.
  if (before.state === 'absent' && after.state === 'empty' && !differing) return 'unchanged';
  return differing || before.state !== after.state ? 'changed' : 'unchanged';
}

function headerChanges(a: DiffSide | undefined, b: DiffSide): HeaderChange[] {
  const ga = a?.input.store?.geometry;
  const gb = b.input.store?.geometry;
  const out: HeaderChange[] = [];
  const field = (name: string, x: number | undefined, y: number | undefined, hex = false) => {
    if (x === y) return;
    const f = (v: number | undefined) => (v === undefined ? 'absent' : hex ? '0x' + v.toString(16).padStart(4, '0') : String(v));
    out.push({ field: name, before: f(x), after: f(y) });
  };
  field('file size', a?.bytes.size, b.bytes.size);
  field('record_size', ga?.recordSize, gb?.recordSize);
  field('storage_offset', ga?.storageOffset, gb?.storageOffset);
  field('version', ga?.version, gb?.version, true);
  field('record_count', ga?.recordCount, gb?.recordCount);
  field('slots', ga?.slotCount, gb?.slotCount);
  return out;
}

interface LiveRef extends RecordRef {
  at: number;
  length: number;
}

function refOf(e: DecodedInput['records'][number]): LiveRef | null {
  const r = e.record;
  if (!r.recordId) return null;
  return {
    recordId: r.recordId,
    recordIdHex: r.recordIdHex ?? '',
    slot: e.slot,
    summary: r.sections.map((x) => x.summary ?? x.name).join('; ') || 'no sections',
    at: r.offset,
    length: r.length,
  };
}

const plain = ({ recordId, recordIdHex, slot, summary }: LiveRef): RecordRef => ({ recordId, recordIdHex, slot, summary });

function dumpKey(d: DumpSummary): string {
  return `${d.bootId}/${d.reason}/${d.count}`;
}

/**
 * Compares two snapshots of a store (or two CPER files): the header, each slot, the records
 * and the dumps. `before` may be absent: the later snapshot is then compared with nothing (a
 * file QEMU created during the boot). Pure: reads through the two byte sources only.
 */
export function diffSnapshots(before: DiffSide | undefined, after: DiffSide): StoreDiff {
  // No file before: QEMU created it filled with zeros, so that is what the slots are compared with.
  const zeros: ByteSource = { size: after.bytes.size, read: (o, l) => new Uint8Array(Math.max(0, Math.min(l, after.bytes.size - o))) };
  const baseBytes = before?.bytes ?? zeros;
  const va = slotViews(before);
  const vb = slotViews(after);
  const slots: SlotDiff[] = [];
  const counts: Record<SlotChangeKind, number> = { written: 0, cleared: 0, overwritten: 0, changed: 0, unchanged: 0 };
  let differingBytes = 0;
  const sameGeometry = va.recordSize === vb.recordSize && va.recordSize > 0;
  const n = Math.max(va.slots.length, vb.slots.length);
  const rs = vb.recordSize || va.recordSize;
  for (let i = 0; i < n; i++) {
    const sa = va.slots[i];
    const sb = vb.slots[i];
    const index = sb?.index ?? sa!.index;
    const offset = sb?.offset ?? sa!.offset;
    const bs = sa?.side ?? EMPTY_SIDE;
    const as = sb?.side ?? EMPTY_SIDE;
    if (as.state === 'header' || bs.state === 'header') continue;
    // Different geometry: slots do not line up, so only their states are compared.
    const cmp = sameGeometry || !before ? compareRange(baseBytes, after.bytes, offset, rs) : { differing: rs, first: 0 };
    const kind = classify(bs, as, cmp.differing);
    counts[kind]++;
    slots.push({ slot: index, offset, kind, before: bs, after: as, differingBytes: cmp.differing, firstDifference: cmp.first });
  }
  // The header area (storage header + map) and whatever lies outside the slots compared.
  const headerEnd = vb.storageOffset || va.storageOffset || 0;
  const headerArea = headerEnd ? compareRange(baseBytes, after.bytes, 0, headerEnd) : { differing: 0, first: null };
  const whole = compareRange(baseBytes, after.bytes, 0, Math.max(baseBytes.size, after.bytes.size));
  differingBytes = whole.differing;

  const liveA = new Map<string, LiveRef>();
  const liveB = new Map<string, LiveRef>();
  const clearedB = new Map<string, LiveRef>();
  for (const e of before?.input.records ?? []) {
    const r = refOf(e);
    if (r && e.state !== 'cleared') liveA.set(r.recordId, r);
  }
  for (const e of after.input.records) {
    const r = refOf(e);
    if (!r) continue;
    if (e.state === 'cleared') clearedB.set(r.recordId, r);
    else liveB.set(r.recordId, r);
  }
  const added = [...liveB.values()].filter((r) => !liveA.has(r.recordId)).map(plain);
  const removed = [...liveA.values()].filter((r) => !liveB.has(r.recordId) && !clearedB.has(r.recordId)).map(plain);
  const cleared = [...liveA.values()]
    .filter((r) => !liveB.has(r.recordId) && clearedB.has(r.recordId))
    .map((r) => plain(clearedB.get(r.recordId)!));
  const changed: RecordRef[] = [];
  for (const b of liveB.values()) {
    const a = liveA.get(b.recordId);
    if (!a || !before) continue;
    const same = a.length === b.length && sameBytes(before.bytes.read(a.at, a.length), after.bytes.read(b.at, b.length));
    if (!same) changed.push(plain(b));
  }

  const dA = before ? dumpsOf(before.input, false).map(dumpSummary) : [];
  const dB = dumpsOf(after.input, false).map(dumpSummary);
  const kA = new Set(dA.map(dumpKey));
  const kB = new Set(dB.map(dumpKey));

  return {
    same: differingBytes === 0,
    differingBytes,
    sizes: { before: before?.bytes.size ?? 0, after: after.bytes.size },
    recordSize: rs,
    header: headerChanges(before, after),
    slots,
    counts,
    records: { added, removed, cleared, changed },
    dumps: { added: dB.filter((d) => !kA.has(dumpKey(d))), removed: dA.filter((d) => !kB.has(dumpKey(d))) },
    headerAreaDifferingBytes: headerArea.differing,
  };
}

/** The net writes and clears a diff shows, per slot: what a replay of the same interval must also show. */
export function netSlotChanges(d: StoreDiff): { slot: number; kind: 'written' | 'cleared'; id: string }[] {
  const out: { slot: number; kind: 'written' | 'cleared'; id: string }[] = [];
  for (const s of d.slots) {
    if ((s.kind === 'written' || s.kind === 'overwritten') && s.after.recordId)
      out.push({ slot: s.slot, kind: 'written', id: s.after.recordId });
    else if (s.kind === 'cleared' && s.before.recordId) out.push({ slot: s.slot, kind: 'cleared', id: s.before.recordId });
  }
  return out;
}

/**
 * Folds a replay's per-operation slot changes into the net change per slot over the boot, as a
 * diff of the snapshots before and after it sees them: a slot written then cleared again
 * within the boot was not live on either side, so it is no net change.
 */
export function netReplayChanges(
  operations: readonly { changes: readonly { slot: number; kind: 'written' | 'cleared'; id: string }[] }[],
  liveBefore: ReadonlyMap<number, string>,
): { slot: number; kind: 'written' | 'cleared'; id: string }[] {
  const last = new Map<number, { kind: 'written' | 'cleared'; id: string }>();
  for (const op of operations) for (const c of op.changes) last.set(c.slot, { kind: c.kind, id: c.id });
  const out: { slot: number; kind: 'written' | 'cleared'; id: string }[] = [];
  for (const [slot, c] of [...last].sort((a, b) => a[0] - b[0])) {
    if (c.kind === 'cleared' && !liveBefore.has(slot)) continue;
    out.push({ slot, kind: c.kind, id: c.kind === 'cleared' ? liveBefore.get(slot)! : c.id });
  }
  return out;
}

/** Slot → record id of every live slot of a side (what netReplayChanges needs). */
export function liveSlots(side: DiffSide | undefined): Map<number, string> {
  const m = new Map<number, string>();
  for (const s of side?.input.store?.slots ?? [])
    if (s.state === 'live' && (s.recordId ?? s.mapId)) m.set(s.index, (s.recordId ?? s.mapId)!);
  return m;
}
