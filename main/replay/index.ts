import { STATUS, statusName } from '../../shared/erst/actions';
import { STORE_HEADER, STORE_HEADER_AT, STORE_HEADER_SIZE, MAP_ENTRY_SIZE, mapEntryOffset } from '../../shared/store/layout';
import { CPER_RECORD_ID_OFFSET } from '../../shared/erst/actions';
import type { QemuVersion } from '../../shared/erst/qemu-version';
import { parseTrace, type ParsedTrace } from './trace';
import { simulate, traceFacts, type Simulation, type TraceFacts, type WritePlan } from './reconstruct';
import type { FailedWrite, OverwrittenWrite, ReplayReport, StoreDifference } from '../../shared/erst/replay-report';

export type {
  ReplayReport,
  ReplayOperation,
  FailedWrite,
  OverwrittenWrite,
  StoreDifference,
  SlotChange,
  ReadMismatch,
} from '../../shared/erst/replay-report';
export { TraceError } from './trace';
export { ReplayInputError } from './reconstruct';

export interface ReplayInput {
  /** The QEMU trace log text (`-trace 'acpi_erst_*'`, with or without timestamps). */
  trace: string;
  /** The backing file before the boot; omitted = the boot created it (a zero file QEMU formats). */
  before?: Uint8Array;
  /** The backing file after the boot. */
  after: Uint8Array;
  /** The QEMU release that ran the boot (default 7.2; 7.0/7.1 fill differently after a write). */
  qemu?: QemuVersion;
}

/**
 * Replays a QEMU acpi-erst trace on the device model and checks it against the backing
 * files: every value the guest read must equal the model's, and the model's final store
 * must equal `after` byte for byte. Never modifies its inputs.
 * Throws TraceError (damaged trace) or ReplayInputError (inputs that cannot be replayed).
 */
export function replayTrace(input: ReplayInput): ReplayReport {
  return replay(input).report;
}

/** The work a replay did: whole simulations of the trace, and trace events driven through the model in all of them. */
export interface ReplayWork {
  simulations: number;
  steps: number;
}

/** As replayTrace, plus the model's final store (what `replay --out` saves), the work it took and the parsed trace. */
export function replay(input: ReplayInput): { report: ReplayReport; store: Uint8Array; work: ReplayWork; trace: ParsedTrace } {
  const parsed = parseTrace(input.trace);
  const facts = traceFacts(parsed);
  const plan: WritePlan = { overwritten: new Set(), ids: new Map(), parts: new Map() };
  const work: ReplayWork = { simulations: 0, steps: 0 };
  const sim = resolveWrites(parsed, facts, input, plan, work);
  const failedWrites = nameFailedWrites(sim);
  const overwrittenWrites = findOverwritten(sim);
  const store = compareStores(sim.store, input.after, sim.recordSize);
  const notes = [...sim.notes];
  if (facts.bar1 !== undefined)
    notes.push(
      `BAR1 address 0x${facts.bar1.toString(16)} taken from the guest's GET_ERROR_LOG_ADDRESS_RANGE read (BAR placement is not traced)`,
    );
  if (!input.before) notes.push('no before-file: started from a zero file, formatted as QEMU does at realize');
  const report: ReplayReport = {
    ok: store.equal && sim.mismatches.length === 0,
    lines: { total: parsed.lines, events: parsed.count, ignored: parsed.ignored },
    storeSize: sim.store.length,
    recordSize: sim.recordSize,
    freshStore: sim.freshStore,
    starts: sim.starts,
    resets: sim.resets,
    operations: sim.operations,
    readMismatches: sim.mismatches,
    failedWrites,
    overwrittenWrites,
    store,
    notes,
  };
  return { report, store: sim.store, work, trace: parsed };
}

/**
 * Finds which writes' bytes the after-file no longer holds. Two clues: a slot that two writes
 * took from the after-file (only the last one's bytes survive), and ids the guest later asks
 * for that no record in either file carries (some earlier write must have stored them). For
 * the second, candidate writes are tried, likeliest first, and the assignment that makes the
 * trace and the files agree best is kept. Each try is a whole simulation, so the tries share
 * one fixed budget: the work stays a constant number of passes over the trace, whatever the
 * numbers of ids and writes a trace is built to have.
 */
function resolveWrites(events: ParsedTrace, facts: TraceFacts, input: ReplayInput, plan: WritePlan, work: ReplayWork): Simulation {
  const run = () => {
    work.simulations++;
    work.steps += events.count;
    return simulate(events, facts, input.before, input.after, plan, input.qemu);
  };
  let sim = run();
  for (let pass = 0; pass < MAX_SLOT_PASSES; pass++) {
    const extra = earlierWritesToSameSlot(sim).filter((o) => !plan.overwritten.has(o));
    if (!extra.length) break;
    for (const o of extra) plan.overwritten.add(o);
    sim = run();
  }
  const known = knownIds(input);
  const unexplained = facts.referencedIds.filter((r) => r.id !== 0n && r.id !== ALL_ONES && !known.has(r.id));
  let best = score(sim, input.after);
  let tries = 0;
  const left: bigint[] = [];
  for (const { id, line } of unexplained) {
    if (best === 0) break;
    if (tries >= MAX_SEARCH_TRIES) {
      left.push(id);
      continue;
    }
    let pick: { ordinal: number; sim: Simulation; score: number } | undefined;
    for (const c of candidateWrites(sim, plan, line)) {
      if (tries >= MAX_SEARCH_TRIES) break;
      tries++;
      plan.overwritten.add(c);
      plan.ids.set(c, id);
      const s = run();
      const sc = score(s, input.after);
      if (sc < (pick?.score ?? best)) pick = { ordinal: c, sim: s, score: sc };
      plan.overwritten.delete(c);
      plan.ids.delete(c);
      if (sc === 0) break;
    }
    if (pick) {
      plan.overwritten.add(pick.ordinal);
      plan.ids.set(pick.ordinal, id);
      sim = pick.sim;
      best = pick.score;
    }
  }
  if (left.length)
    sim.notes.push(
      `write search stopped after ${tries} tries: ${left.length} id(s) the guest used are not tied to a write (${left
        .slice(0, 4)
        .map((i) => '0x' + i.toString(16))
        .join(', ')}${left.length > 4 ? ', …' : ''})`,
    );
  return sim;
}

/**
 * Successful writes before `line` not yet known to be overwritten, likeliest first: those whose
 * slot a later write took again (their bytes cannot all be in the after-file), then the rest,
 * each group in trace order.
 */
function candidateWrites(sim: Simulation, plan: WritePlan, line: number): number[] {
  const lastInSlot = new Map<number, number>();
  for (const w of sim.writes) if (w.status === STATUS.SUCCESS && w.slot !== undefined) lastInSlot.set(w.slot, w.ordinal);
  const retaken = (w: Simulation['writes'][number]) => (w.slot !== undefined && lastInSlot.get(w.slot) !== w.ordinal ? 0 : 1);
  return sim.writes
    .filter((w) => w.status === STATUS.SUCCESS && w.line < line && !plan.overwritten.has(w.ordinal))
    .sort((a, b) => retaken(a) - retaken(b) || a.line - b.line)
    .map((w) => w.ordinal);
}

const ALL_ONES = 0xffffffffffffffffn;
/** Passes that mark writes whose slot a later write took; each pass can only add to the set. */
const MAX_SLOT_PASSES = 4;
/** Whole re-simulations the id search may spend on one trace. */
export const MAX_SEARCH_TRIES = 24;

function score(sim: Simulation, after: Uint8Array): number {
  return sim.mismatches.length * 1_000_000 + compareStores(sim.store, after, sim.recordSize).differingBytes;
}

/** Ids in the map or in any slot's record header of either file. */
function knownIds(input: ReplayInput): Set<bigint> {
  const known = new Set<bigint>();
  for (const img of [input.before, input.after]) {
    if (!img || img.length < STORE_HEADER_SIZE) continue;
    const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
    const rs = dv.getUint32(STORE_HEADER_AT.recordSize, true);
    if (!rs) continue;
    const slots = Math.floor(img.length / rs);
    for (let i = 0; i < slots; i++) {
      if (mapEntryOffset(i + 1) <= img.length) known.add(dv.getBigUint64(mapEntryOffset(i), true));
      if (i * rs + CPER_RECORD_ID_OFFSET + 8 <= img.length) known.add(dv.getBigUint64(i * rs + CPER_RECORD_ID_OFFSET, true));
    }
  }
  return known;
}

function earlierWritesToSameSlot(sim: Simulation): number[] {
  const last = new Map<number, number>();
  const out: number[] = [];
  for (const w of sim.writes) {
    if (w.status !== STATUS.SUCCESS || w.slot === undefined || w.source !== 'after-file') continue;
    const prev = last.get(w.slot);
    if (prev !== undefined) out.push(prev);
    last.set(w.slot, w.ordinal);
  }
  return out;
}

/**
 * pstore numbers the parts of one dump consecutively and writes them back to back, failed
 * or not, so a failed write's part follows from the nearest stored neighbour in the same run
 * of consecutive write operations.
 */
function nameFailedWrites(sim: Simulation): FailedWrite[] {
  const ops = sim.operations;
  const out: FailedWrite[] = [];
  const byOp = new Map(sim.writes.map((w) => [w.operation, w]));
  const isWrite = (i: number) => ops[i]?.kind === 'write';
  for (const w of sim.writes) {
    if (w.status === STATUS.SUCCESS) continue;
    const op = ops[w.operation];
    const fw: FailedWrite = { operation: w.operation, line: op.line, status: statusName(w.status) };
    if (op.time !== undefined) fw.time = op.time;
    for (const dir of [-1, 1]) {
      let dist = 0;
      for (let i = w.operation + dir; isWrite(i); i += dir) {
        dist++;
        const n = byOp.get(i);
        if (n?.dump && n.status === STATUS.SUCCESS) {
          const part = n.dump.part - dir * dist;
          if (part >= 1) fw.part = `${n.dump.reason}#${n.dump.count} Part${part}`;
          break;
        }
      }
      if (fw.part) break;
    }
    if (fw.part) {
      op.part = fw.part;
      op.partSource = 'inferred';
    }
    out.push(fw);
  }
  return out;
}

function findOverwritten(sim: Simulation): OverwrittenWrite[] {
  const holder = new Map<number, number>();
  const out: OverwrittenWrite[] = [];
  for (const w of sim.writes) {
    if (w.status !== STATUS.SUCCESS || w.slot === undefined) continue;
    const prev = holder.get(w.slot);
    if (prev !== undefined) out.push({ operation: prev, line: sim.operations[prev].line, slot: w.slot, overwrittenBy: w.operation });
    holder.set(w.slot, w.operation);
  }
  return out;
}

const MAX_DIFFS = 10;

function compareStores(model: Uint8Array, after: Uint8Array, recordSize: number): ReplayReport['store'] {
  const differences: StoreDifference[] = [];
  let differingBytes = Math.abs(model.length - after.length);
  const n = Math.min(model.length, after.length);
  let i = 0;
  while (i < n) {
    if (model[i] === after[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && model[j] !== after[j]) j++;
    differingBytes += j - i;
    if (differences.length < MAX_DIFFS) {
      const len = Math.min(j - i, 32);
      differences.push({
        offset: i,
        length: j - i,
        region: regionOf(i, recordSize),
        after: hex(after.subarray(i, i + len)),
        model: hex(model.subarray(i, i + len)),
      });
    }
    i = j;
  }
  if (model.length !== after.length)
    differences.push({
      offset: n,
      length: Math.abs(model.length - after.length),
      region: 'file length',
      after: String(after.length),
      model: String(model.length),
    });
  return { equal: differingBytes === 0, differingBytes, differences };
}

/** Header fields with QEMU's field names, from the one layout declaration. */
const HEADER_FIELDS = STORE_HEADER.fields.map((f, i, all) => ({
  from: f.at,
  to: all[i + 1]?.at ?? STORE_HEADER_SIZE,
  name: f.key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()),
}));

function regionOf(off: number, rs: number): string {
  for (const f of HEADER_FIELDS) if (off >= f.from && off < f.to) return `header ${f.name}`;
  const slot = rs ? Math.floor(off / rs) : 0;
  if (slot === 0 || !rs) return `map entry ${Math.floor((off - STORE_HEADER_SIZE) / MAP_ENTRY_SIZE)}`;
  return `slot ${slot} byte 0x${(off - slot * rs).toString(16)}`;
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
