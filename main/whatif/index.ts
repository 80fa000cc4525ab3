import type { WhatIfGeometry, WhatIfResult, WhatIfWrite } from '../../shared/contract/channels/sessions';
import { MAX_SESSION_STORE } from '../../shared/contract/channels/sessions';
import { CPER_RECORD_LENGTH_OFFSET, CPER_RECORD_MIN_SIZE, STATUS, statusName } from '../../shared/erst/actions';
import { STORE_HEADER_AT, STORE_HEADER_SIZE, mapEntryOffset, slotGeometry } from '../../shared/store/layout';
import { runOnDevice } from '../emulator/accesses';
import { ErstStartError } from '../emulator/backing';
import { ErstDevice } from '../emulator/device';
import { fakeRecord, linuxClear, linuxWrite } from '../emulator/linux';
import type { ReplayReport } from '../replay/index';

/**
 * What-if capacity: the writes (and clears) of a replay, or the live records of a store, run
 * again on the device model over a store of another size or record size. The model is
 * QEMU's own first-fit allocation, so "would it have fitted" is answered by running it, and
 * the smallest store is found by running it at each candidate size.
 */

/** A geometry QEMU would not start on, or a store size that is not a whole number of slots. */
export class WhatIfError extends Error {}

/** One write or clear to run again, in the guest's order. */
export interface PlannedOp {
  kind: 'write' | 'clear';
  index: number;
  line: number | null;
  part: string | null;
  id: bigint;
  bytes?: Uint8Array;
  length: number;
  lengthSource: WhatIfWrite['lengthSource'];
  originalStatus: string;
}

export interface Plan {
  source: 'replay' | 'store';
  original: { storeSize: number; recordSize: number };
  /** Records already in the store before the first operation (a before-file's live records). */
  preload: Uint8Array[];
  ops: PlannedOp[];
  notes: string[];
}

export function geometry(storeSize: number, recordSize: number): WhatIfGeometry {
  return { storeSize, recordSize, ...slotGeometry(storeSize, recordSize) };
}

const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
const u64 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getBigUint64(o, true);

/** The bytes of a record stored at `at` when its CPER length is plausible for a slot of `rs` bytes. */
function recordAt(store: Uint8Array, at: number, rs: number): Uint8Array | undefined {
  if (at + rs > store.length) return undefined;
  const len = u32(store, at + CPER_RECORD_LENGTH_OFFSET);
  return len >= CPER_RECORD_MIN_SIZE && len <= rs ? store.subarray(at, at + len) : undefined;
}

function liveRecords(store: Uint8Array): { slot: number; id: bigint; bytes: Uint8Array }[] {
  if (store.length < STORE_HEADER_SIZE) return [];
  const rs = u32(store, STORE_HEADER_AT.recordSize);
  if (!rs) return [];
  const n = Math.floor(store.length / rs);
  const out = [];
  for (let i = 0; i < n && mapEntryOffset(i + 1) <= store.length; i++) {
    const id = u64(store, mapEntryOffset(i));
    const bytes = id === 0n ? undefined : recordAt(store, i * rs, rs);
    if (bytes) out.push({ slot: i, id, bytes });
  }
  return out;
}

/** The writes and clears of a replay, with the bytes the after-file still holds. */
export function planFromReplay(report: ReplayReport, inp: { before?: Uint8Array; after: Uint8Array; beforeName: string | null }): Plan {
  const rs = report.recordSize;
  const notes: string[] = [];
  const ops: PlannedOp[] = [];
  let synthetic = 0n;
  for (const op of report.operations) {
    if (!op.executed || (op.kind !== 'write' && op.kind !== 'clear')) continue;
    if (op.kind === 'clear') {
      if (op.id)
        ops.push({
          kind: 'clear',
          index: op.index,
          line: op.line,
          part: null,
          id: BigInt(op.id),
          length: 0,
          lengthSource: 'record',
          originalStatus: op.status ?? '?',
        });
      continue;
    }
    const bytes = op.source === 'after-file' && op.slot !== undefined ? recordAt(inp.after, op.slot * rs, rs)?.slice() : undefined;
    // A write whose bytes are gone (it failed, or was overwritten) still had an id: a unique stand-in keeps it a new record.
    const id = op.id ? BigInt(op.id) : 0x5748_4154_0000_0000n + ++synthetic;
    ops.push({
      kind: 'write',
      index: op.index,
      line: op.line,
      part: op.part ?? null,
      id,
      bytes,
      length: bytes?.length ?? 0,
      lengthSource: bytes ? 'record' : 'slot',
      originalStatus: op.status ?? '?',
    });
  }
  // Unknown lengths: the nearest write with a known length (pstore parts of one dump fill the same buffer).
  const writes = ops.filter((o) => o.kind === 'write');
  writes.forEach((w, i) => {
    if (w.bytes) return;
    for (let d = 1; d < writes.length; d++) {
      const n = writes[i - d]?.bytes ?? writes[i + d]?.bytes;
      if (n) {
        w.length = n.length;
        w.lengthSource = 'neighbour';
        return;
      }
    }
    w.length = rs;
  });
  if (synthetic)
    notes.push(
      `${synthetic} write(s) are not in the after-file (failed or overwritten): the trace does not carry record bytes, so they are re-run as stand-in records of their neighbours' length with their own ids`,
    );
  const preload = inp.before ? liveRecords(inp.before).map((r) => r.bytes) : [];
  if (inp.before) notes.push(`the ${preload.length} live record(s) of ${inp.beforeName} are stored first`);
  else notes.push('no before-file: the run starts from an empty store, as the boot did');
  return { source: 'replay', original: { storeSize: report.storeSize, recordSize: rs }, preload, ops, notes };
}

/** The live records of a store, written again oldest id first (pstore ids grow with time); `parts` names a slot's dump part. */
export function planFromStore(store: Uint8Array, parts: Map<number, string | null>): Plan {
  const rs = u32(store, STORE_HEADER_AT.recordSize);
  const recs = liveRecords(store).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.slot - b.slot));
  const ops: PlannedOp[] = recs.map((r) => ({
    kind: 'write',
    index: r.slot,
    line: null,
    part: parts.get(r.slot) ?? null,
    id: r.id,
    bytes: r.bytes.slice(),
    length: r.bytes.length,
    lengthSource: 'record',
    originalStatus: 'SUCCESS',
  }));
  const notes = [
    'the live records of the store, written again oldest id first into an empty store; writes that failed at the time are not in the store and cannot be counted (replay its trace for those)',
  ];
  return { source: 'store', original: { storeSize: store.length, recordSize: rs }, preload: [], ops, notes };
}

export interface RunOutcome {
  writes: WhatIfWrite[];
  allSucceeded: boolean;
}

/** Runs a plan on the model over a new store of this geometry. */
function runPlan(plan: Plan, storeSize: number, recordSize: number): RunOutcome {
  let dev: ErstDevice;
  try {
    dev = new ErstDevice(new Uint8Array(storeSize), { recordSize });
  } catch (e) {
    if (e instanceof ErstStartError) throw new WhatIfError(`QEMU would not start on this store: ${e.message}`);
    throw e;
  }
  const fits = (len: number) => len <= dev.exchange.length;
  for (const p of plan.preload) if (fits(p.length)) runOnDevice(dev, linuxWrite(p));
  const writes: WhatIfWrite[] = [];
  let allSucceeded = true;
  for (const op of plan.ops) {
    if (op.kind === 'clear') {
      runOnDevice(dev, linuxClear(op.id));
      continue;
    }
    let status: number;
    let slot: number | null = null;
    if (!fits(op.length)) status = STATUS.FAILED;
    else {
      const rec = op.bytes ?? fakeRecord(op.id, op.length);
      const reads = runOnDevice(dev, linuxWrite(rec));
      status = Number(reads[1]);
      if (status === STATUS.SUCCESS) slot = slotOf(dev, op.id);
    }
    if (status !== STATUS.SUCCESS) allSucceeded = false;
    writes.push({
      index: op.index,
      line: op.line,
      part: op.part,
      id: op.id.toString(),
      length: op.length,
      lengthSource: op.lengthSource,
      originalStatus: op.originalStatus,
      status: statusName(status),
      slot,
      survived: false,
    });
  }
  // Survived = its slot still maps its id at the end (not cleared, not overwritten by a later write).
  for (const w of writes) if (w.slot !== null) w.survived = u64(dev.store, mapEntryOffset(w.slot)) === BigInt(w.id);
  return { writes, allSucceeded };
}

function slotOf(dev: ErstDevice, id: bigint): number | null {
  for (let i = dev.geometry.firstIndex; i < dev.geometry.lastIndex; i++) if (u64(dev.store, mapEntryOffset(i)) === id) return i;
  return null;
}

/** Smallest store (slots of `recordSize`) in which every write of the plan succeeds; null if none up to the limit. */
function smallestStore(plan: Plan, recordSize: number, maxSize = MAX_SESSION_STORE): WhatIfGeometry | null {
  if (plan.ops.some((o) => o.kind === 'write' && o.length > recordSize)) return null;
  const ok = (n: number) => runPlan(plan, n * recordSize, recordSize).allSucceeded;
  const maxSlots = Math.floor(maxSize / recordSize);
  let lo = 2; // one header slot + one record slot is the least QEMU can store in
  let hi = Math.min(maxSlots, Math.max(lo, plan.preload.length + plan.ops.length + 2));
  while (!ok(hi)) {
    if (hi >= maxSlots) return null;
    lo = hi + 1;
    hi = Math.min(maxSlots, hi * 2);
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return geometry(lo * recordSize, recordSize);
}

export function whatIf(plan: Plan, storeSize?: number, recordSize?: number): WhatIfResult {
  const rs = recordSize ?? plan.original.recordSize;
  const size = storeSize ?? plan.original.storeSize;
  if (size % rs !== 0) throw new WhatIfError(`store size ${size} is not a multiple of the record size ${rs} (QEMU refuses to start)`);
  const out = runPlan(plan, size, rs);
  const notes = [...plan.notes];
  if (rs !== plan.original.recordSize)
    notes.push(
      `record size ${rs} instead of ${plan.original.recordSize}: the guest would split its dumps into parts of another size; this run keeps the parts as they were, so a part longer than ${rs} bytes fails`,
    );
  return {
    source: plan.source,
    original: geometry(plan.original.storeSize, plan.original.recordSize),
    target: geometry(size, rs),
    writes: out.writes,
    survived: out.writes.filter((w) => w.survived).length,
    lost: out.writes.filter((w) => !w.survived).length,
    smallest: smallestStore(plan, rs),
    notes,
  };
}
