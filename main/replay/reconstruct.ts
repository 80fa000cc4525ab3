import {
  ACTION,
  REG,
  STATUS,
  actionInfo,
  operationName,
  statusName,
  CPER_RECORD_ID_OFFSET,
  CPER_RECORD_LENGTH_OFFSET,
  CPER_RECORD_MIN_SIZE,
} from '../../shared/erst/actions';
import { STORE_HEADER_AT } from '../../shared/store/layout';
import { dmesgPartOf } from '../../shared/erst/dump-part';
import type { DumpHeader } from '../../shared/pstore/header';
import { ErstStartError, MAX_STORE_SIZE } from '../emulator/backing';
import { ErstDevice, QemuWouldCrash } from '../emulator/device';
import type { QemuVersion } from '../../shared/erst/qemu-version';
import { EV, type ParsedTrace } from './trace';
import type { OperationKind, ReadMismatch, ReplayOperation } from '../../shared/erst/replay-report';

/**
 * Drives the device model with a trace's register accesses. The trace lacks the exchange
 * buffer, so before each write EXECUTE we put into the buffer the record the after-file
 * holds in the slot this write must land in (first fit, from the model's own state), or a
 * stand-in when that content cannot be known (failed writes, content later overwritten).
 */

/** How the unknown bytes of each write are chosen; refined between passes. */
export interface WritePlan {
  /** Write ordinals whose content the after-file no longer holds. */
  overwritten: Set<number>;
  /** Ids the guest used that no stored record explains, assigned to overwritten writes. */
  ids: Map<number, bigint>;
  /** Dump headers of after-file slots already looked at (passes revisit the same slots). */
  parts: Map<number, DumpHeader | null>;
}

export interface WriteOutcome {
  ordinal: number;
  operation: number;
  line: number;
  status: number;
  slot?: number;
  source: 'after-file' | 'overwritten' | 'unknown';
  id?: bigint;
  overwrite?: boolean;
  dump?: { reason: string; count: number; part: number };
}

export interface Simulation {
  store: Uint8Array;
  recordSize: number;
  freshStore: boolean;
  starts: number;
  resets: number;
  operations: ReplayOperation[];
  mismatches: ReadMismatch[];
  writes: WriteOutcome[];
  notes: string[];
}

export class ReplayInputError extends Error {}

/** Facts taken from the trace alone, before any simulation. */
export interface TraceFacts {
  /** Event index of each EXECUTE → the status the guest then read with GET_COMMAND_STATUS. */
  statusAfter: Map<number, number>;
  /** The BAR1 address the guest read back with GET_ERROR_LOG_ADDRESS_RANGE. */
  bar1?: bigint;
  /** Ids the guest passed to SET_RECORD_IDENTIFIER, in order of first use, with that line. */
  referencedIds: { id: bigint; line: number }[];
}

export function traceFacts(t: ParsedTrace): TraceFacts {
  const statusAfter = new Map<number, number>();
  const referencedIds: { id: bigint; line: number }[] = [];
  const seen = new Set<bigint>();
  let pendingExecute = -1;
  let lastAction = -1;
  let bar1Lo: number | undefined;
  let bar1: bigint | undefined;
  let valLo = 0,
    valHi = 0;
  for (let i = 0; i < t.count; i++) {
    const kind = t.kind[i],
      addr = t.addr[i],
      lo = t.lo[i];
    if (kind === EV.REG_WRITE) {
      if (addr === REG.VALUE) valLo = lo;
      else if (addr === REG.VALUE_HI) valHi = lo;
      else if (addr === REG.ACTION) {
        lastAction = lo;
        if (lo === ACTION.EXECUTE) pendingExecute = i;
        if (lo === ACTION.SET_RECORD_IDENTIFIER) {
          const id = (BigInt(valHi) << 32n) | BigInt(valLo);
          if (!seen.has(id)) {
            seen.add(id);
            referencedIds.push({ id, line: t.line[i] });
          }
        }
      }
    } else if (kind === EV.REG_READ) {
      if (addr === REG.VALUE) valLo = lo;
      if (addr === REG.VALUE_HI) valHi = lo;
      if (lastAction === ACTION.GET_COMMAND_STATUS && addr === REG.VALUE && pendingExecute >= 0) {
        statusAfter.set(pendingExecute, lo);
        pendingExecute = -1;
      }
      if (lastAction === ACTION.GET_ERROR_LOG_ADDRESS_RANGE && bar1 === undefined) {
        if (addr === REG.VALUE) bar1Lo = lo;
        else if (addr === REG.VALUE_HI && bar1Lo !== undefined) bar1 = (BigInt(lo) << 32n) | BigInt(bar1Lo);
      }
    }
  }
  return { statusAfter, bar1, referencedIds };
}

const GET_KINDS: Record<number, OperationKind> = {
  [ACTION.GET_RECORD_COUNT]: 'count',
  [ACTION.GET_RECORD_IDENTIFIER]: 'get-record-id',
  [ACTION.GET_ERROR_LOG_ADDRESS_RANGE]: 'address-range',
  [ACTION.GET_ERROR_LOG_ADDRESS_LENGTH]: 'address-length',
  [ACTION.GET_ERROR_LOG_ADDRESS_RANGE_ATTRIBUTES]: 'address-attributes',
  [ACTION.GET_EXECUTE_OPERATION_TIMINGS]: 'timings',
};
const BEGIN_KINDS: Record<number, OperationKind> = {
  [ACTION.BEGIN_WRITE]: 'write',
  [ACTION.BEGIN_READ]: 'read',
  [ACTION.BEGIN_CLEAR]: 'clear',
  [ACTION.BEGIN_DUMMY_WRITE]: 'dummy-write',
};

/** Marks a synthetic id so it can never collide with a Linux id ((seconds << 32) + n). */
const SYNTHETIC_ID_BASE = 0xfffffffe00000000n;

export function simulate(
  t: ParsedTrace,
  facts: TraceFacts,
  before: Uint8Array | undefined,
  after: Uint8Array,
  plan: WritePlan,
  qemu?: QemuVersion,
): Simulation {
  const afterDv = new DataView(after.buffer, after.byteOffset, after.byteLength);
  const afterRs = after.length >= STORE_HEADER_AT.recordSize + 4 ? afterDv.getUint32(STORE_HEADER_AT.recordSize, true) : 0;
  const sim: Simulation = {
    store: before ? before.slice() : new Uint8Array(0),
    recordSize: 0,
    freshStore: !before,
    starts: 0,
    resets: 0,
    operations: [],
    mismatches: [],
    writes: [],
    notes: [],
  };
  let dev: ErstDevice | undefined;
  let open: ReplayOperation | undefined;
  let ctx: ReplayOperation | undefined;
  let lastAction = -1;
  let ordinal = 0;
  let synthetic = 0;

  const start = (storageSize: number | undefined, line: number) => {
    if (!sim.store.length) {
      if (storageSize === undefined)
        throw new ReplayInputError('no before-file and no acpi_erst_realizefn_out line before the first access: the store size is unknown');
      if (storageSize > MAX_STORE_SIZE)
        throw new ReplayInputError(
          `trace line ${line}: store of ${storageSize} bytes is larger than the ${MAX_STORE_SIZE} this tool models`,
        );
      sim.store = new Uint8Array(storageSize);
    } else if (storageSize !== undefined && storageSize !== sim.store.length) {
      sim.notes.push(`line ${line}: QEMU's store is ${storageSize} bytes but the before-file has ${sim.store.length}`);
    }
    try {
      // A new file is formatted with the record_size property; the after-file's header tells which one was used.
      dev = new ErstDevice(sim.store, { recordSize: afterRs || undefined, bar1Address: facts.bar1, qemu });
    } catch (e) {
      if (e instanceof ErstStartError) throw new ReplayInputError(`line ${line}: the device cannot start on this store: ${e.message}`);
      throw e;
    }
    sim.starts++;
    sim.recordSize = dev.geometry.exchangeSize;
    open = undefined;
    ctx = undefined;
  };

  const newOp = (kind: OperationKind, i: number): ReplayOperation => {
    const op: ReplayOperation = { index: sim.operations.length, kind, line: t.line[i], changes: [], mismatches: 0 };
    if (!Number.isNaN(t.time[i])) op.time = t.time[i];
    sim.operations.push(op);
    return op;
  };

  for (let i = 0; i < t.count; i++) {
    const kind = t.kind[i];
    if (kind === EV.REALIZE_OUT) {
      start(t.arg[i], t.line[i]);
      continue;
    }
    if (kind === EV.RESET_IN) {
      if (!dev) continue;
      if (t.arg[i] !== dev.recordCount())
        sim.mismatches.push(mismatch(t, i, 'record_count at reset', String(t.arg[i]), String(dev.recordCount())));
      dev.reset();
      sim.resets++;
      open = undefined;
      ctx = undefined;
      continue;
    }
    if (kind !== EV.REG_WRITE && kind !== EV.REG_READ) continue;
    if (!dev) start(undefined, t.line[i]);
    const d = dev!;
    const addr = t.addr[i],
      lo = t.lo[i],
      hi = t.hi[i],
      size = t.size[i];
    if (kind === EV.REG_READ) {
      const v = d.handlerAccessRead(addr, size);
      if (v !== lo || hi !== 0) {
        sim.mismatches.push(mismatch(t, i, `read of 0x${addr.toString(16)} after ${ACTION_NAME(lastAction)}`, hex32(hi, lo), hex32(0, v)));
        if (ctx) ctx.mismatches++;
      }
      if (ctx && (addr === REG.VALUE || addr === REG.VALUE_HI)) attachRead(ctx, lastAction, addr, lo);
      continue;
    }
    // register write
    if (addr !== REG.ACTION) {
      d.handlerAccessWrite(addr, size, hi * 2 ** 32 + lo);
      continue;
    }
    const code = hi === 0 ? lo : -1;
    lastAction = code;
    if (code in BEGIN_KINDS) {
      open = newOp(BEGIN_KINDS[code], i);
      ctx = open;
      d.handlerAccessWrite(REG.ACTION, size, code);
      continue;
    }
    if (code === ACTION.END) {
      d.handlerAccessWrite(REG.ACTION, size, code);
      if (open) open.endLine = t.line[i];
      else newOp('end', i);
      open = undefined;
      continue;
    }
    if (code === ACTION.EXECUTE) {
      const op = open ?? newOp(operationName(d.pendingOperation) ?? 'execute', i);
      ctx = op;
      let w: WriteOutcome | undefined;
      if (d.executeArmed && d.pendingOperation === ACTION.BEGIN_WRITE) {
        w = prepareWrite(d, after, plan, ordinal, facts.statusAfter.get(i), () => SYNTHETIC_ID_BASE + BigInt(synthetic++));
        w.operation = op.index;
        w.line = op.line;
        ordinal++;
      }
      d.lastEffect = undefined;
      try {
        d.handlerAccessWrite(REG.ACTION, size, code);
      } catch (e) {
        if (e instanceof QemuWouldCrash) throw new ReplayInputError(`line ${t.line[i]}: ${e.message}`);
        throw e;
      }
      const eff = d.lastEffect as ErstDevice['lastEffect'];
      op.executed = eff !== undefined;
      if (eff) {
        op.status = statusName(eff.status);
        op.recordOffset = d.recordOffsetRegister;
        // A stand-in's id is ours, not the guest's: only ids the trace or the after-file gave are reported.
        const standIn = w !== undefined && w.source !== 'after-file' && !plan.ids.has(w.ordinal);
        if (eff.id !== undefined && !standIn) op.id = eff.id.toString();
        if (eff.slot !== undefined) op.slot = eff.slot;
        if (eff.overwrite) op.overwrite = true;
        if (eff.status === STATUS.SUCCESS && eff.slot !== undefined && (eff.operation === 'write' || eff.operation === 'clear')) {
          op.changes.push({ slot: eff.slot, kind: eff.operation === 'write' ? 'written' : 'cleared', id: eff.id!.toString() });
        }
        if (w) {
          w.status = eff.status;
          w.slot = eff.status === STATUS.SUCCESS ? eff.slot : undefined;
          w.id = standIn ? undefined : eff.id;
          w.overwrite = eff.overwrite;
          op.source = w.source;
          if (w.dump) {
            op.part = `${w.dump.reason}#${w.dump.count} Part${w.dump.part}`;
            op.partSource = 'record';
          }
          sim.writes.push(w);
        }
      }
      continue;
    }
    d.handlerAccessWrite(REG.ACTION, size, hi * 2 ** 32 + lo);
    if (code in GET_KINDS) {
      ctx = newOp(GET_KINDS[code], i);
      if (code === ACTION.GET_RECORD_IDENTIFIER) ctx.status = 'SUCCESS';
      continue;
    }
    const attachKind: OperationKind | undefined =
      code === ACTION.SET_RECORD_OFFSET
        ? 'set-offset'
        : code === ACTION.SET_RECORD_IDENTIFIER
          ? 'set-id'
          : code === ACTION.CHECK_BUSY_STATUS
            ? 'busy'
            : code === ACTION.GET_COMMAND_STATUS
              ? 'status'
              : undefined;
    if (attachKind) {
      const op = open ?? newOp(attachKind, i);
      if (code === ACTION.SET_RECORD_OFFSET) op.recordOffset = d.recordOffsetRegister;
      if (code === ACTION.SET_RECORD_IDENTIFIER) op.id = d.registers().recordIdentifier.toString();
      ctx = op;
      continue;
    }
    ctx = newOp('other-action', i);
    ctx.value = '0x' + (hi * 2 ** 32 + lo).toString(16);
  }
  return sim;
}

function attachRead(op: ReplayOperation, action: number, addr: number, v: number): void {
  if (action === ACTION.GET_COMMAND_STATUS) {
    if (addr === REG.VALUE) op.statusRead = statusName(v);
    return;
  }
  if (action === ACTION.CHECK_BUSY_STATUS) return;
  if (!(action in GET_KINDS)) return;
  // 64-bit values arrive as a 0x8 read then a 0xc read.
  const prev = op.value ? BigInt(op.value) : 0n;
  const next = addr === REG.VALUE ? (prev & 0xffffffff00000000n) | BigInt(v) : (prev & 0xffffffffn) | (BigInt(v) << 32n);
  op.value = '0x' + next.toString(16);
  if (action === ACTION.GET_RECORD_IDENTIFIER) op.id = next.toString();
}

function prepareWrite(
  d: ErstDevice,
  after: Uint8Array,
  plan: WritePlan,
  ordinal: number,
  expected: number | undefined,
  freshId: () => bigint,
): WriteOutcome {
  const xl = d.geometry.exchangeSize;
  const off = d.recordOffsetRegister;
  const w: WriteOutcome = { ordinal, operation: -1, line: 0, status: -1, source: 'unknown' };
  if (off > xl - CPER_RECORD_MIN_SIZE) return w; // QEMU fails it whatever the buffer holds
  const place = (rec: Uint8Array) => d.exchange.set(rec.subarray(0, xl - off), off);
  const standIn = (id: bigint) => {
    const rec = new Uint8Array(CPER_RECORD_MIN_SIZE);
    const dv = new DataView(rec.buffer);
    dv.setUint32(CPER_RECORD_LENGTH_OFFSET, CPER_RECORD_MIN_SIZE, true);
    dv.setBigUint64(CPER_RECORD_ID_OFFSET, id, true);
    place(rec);
  };
  if (plan.overwritten.has(ordinal)) {
    w.source = 'overwritten';
    standIn(plan.ids.get(ordinal) ?? freshId());
    return w;
  }
  if (expected !== undefined && expected !== STATUS.SUCCESS) {
    // Failed writes leave no bytes anywhere; a stand-in with the same outcome keeps the model in step.
    standIn(expected === STATUS.NOT_ENOUGH_SPACE ? freshId() : 0n);
    return w;
  }
  const slot = d.firstFreeSlot();
  const rs = new DataView(d.store.buffer, d.store.byteOffset).getUint32(STORE_HEADER_AT.recordSize, true);
  const at = slot * rs;
  if (slot === 0 || at + xl > after.length) {
    standIn(freshId());
    return w;
  }
  const adv = new DataView(after.buffer, after.byteOffset + at, xl);
  const len = adv.getUint32(CPER_RECORD_LENGTH_OFFSET, true);
  if (len < CPER_RECORD_MIN_SIZE || len > xl - off) {
    standIn(freshId());
    return w;
  }
  const rec = after.subarray(at, at + len);
  place(rec);
  w.source = 'after-file';
  let h = plan.parts.get(at);
  if (h === undefined) {
    h = dmesgPartOf(rec) ?? null;
    plan.parts.set(at, h);
  }
  if (h) w.dump = { reason: h.reason, count: h.count, part: h.part };
  return w;
}

function mismatch(t: ParsedTrace, i: number, what: string, trace: string, model: string): ReadMismatch {
  const m: ReadMismatch = { line: t.line[i], what, trace, model };
  if (!Number.isNaN(t.time[i])) m.time = t.time[i];
  return m;
}

function hex32(hi: number, lo: number): string {
  return '0x' + (hi * 2 ** 32 + lo).toString(16).padStart(16, '0');
}

function ACTION_NAME(code: number): string {
  return (code >= 0 && actionInfo(code)?.name) || `action 0x${code.toString(16)}`;
}
