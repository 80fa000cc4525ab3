import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../output/index';
import { fromHex, toHex } from '../../shared/bytes/hex';
import { ACTION, CPER_RECORD_LENGTH_OFFSET, operationName, statusName } from '../../shared/erst/actions';
import { mapEntryOffset } from '../../shared/store/layout';
import { applyAccess, parseAccesses, type Access } from './accesses';
import { DEFAULT_RECORD_SIZE, MAX_STORE_SIZE } from './backing';
import { ErstDevice, type DeviceEffect, type DeviceRegisters } from './device';
import { parseQemuVersion, type QemuVersion } from '../../shared/erst/qemu-version';
import { fakeRecord, linuxClear, linuxCount, linuxDummyWrite, linuxNextId, linuxRead, linuxWrite } from './linux';

/**
 * A live emulator session the app hosts: the device model over a working copy of a store,
 * driven by raw accesses or by the operations Linux performs, with undo to any step, a
 * change stream and a journal that replays the session exactly. Saving is always explicit.
 */

/** `qemu`: the QEMU release the device behaves like (default 7.2; 7.0/7.1 differ on writes). */
export type SessionInit = ({ size: number } | { bytes: Uint8Array }) & { recordSize?: number; qemu?: QemuVersion };

/** One entry of `history()`: a user action and the accesses it made. */
export interface Step {
  step: number;
  label: string;
  accesses: number;
}

/** Sent to `onChange` listeners after every step (and after undo, with the step undone to). */
export interface SessionChange {
  step: number;
  label: string;
  /** The operation register after the step: write, read, clear, end, dummy-write. */
  operation: string;
  recordOffset: number;
  commandStatus: string;
  busy: number;
  cursor: number;
  recordCount: number;
  /** Slots whose bytes or map entry this step changed. */
  changedSlots: number[];
  undone?: boolean;
}

export interface OpResult {
  status: string;
  /** Values the guest read, in order (hex). */
  reads: string[];
}

/** One journal line (JSON lines): the header, then one access per line. */
export type JournalLine =
  | { type: 'session'; version: 1; size: number; recordSize?: number; qemu?: QemuVersion; initial?: string }
  | { type: 'access'; step: number; label: string; access: Access; xbuf?: string };

export class Session {
  private dev!: ErstDevice;
  private steps: { label: string; accesses: Access[]; xbufs: (string | undefined)[] }[] = [];
  private listeners = new Set<(c: SessionChange) => void>();
  private readonly initial: Uint8Array | undefined;

  constructor(private readonly init: SessionInit) {
    if ('bytes' in init) {
      if (init.bytes.length > MAX_STORE_SIZE) throw new RangeError(`store of ${init.bytes.length} bytes is larger than ${MAX_STORE_SIZE}`);
      this.initial = init.bytes.slice();
    } else if (!Number.isSafeInteger(init.size) || init.size <= 0 || init.size > MAX_STORE_SIZE) {
      throw new RangeError(`store size ${init.size} must be 1..${MAX_STORE_SIZE} bytes`);
    }
    this.start();
  }

  private start(): void {
    const store = this.initial ? this.initial.slice() : new Uint8Array((this.init as { size: number }).size);
    this.dev = new ErstDevice(store, {
      recordSize: this.init.recordSize ?? DEFAULT_RECORD_SIZE,
      bar1Address: 0xfebf0000n,
      qemu: this.init.qemu,
    });
  }

  get device(): ErstDevice {
    return this.dev;
  }

  /** Runs accesses as one step; returns the read results. */
  run(label: string, accesses: Access[]): string[] {
    const before = this.mapAndCount();
    const xbufs: (string | undefined)[] = [];
    const reads: string[] = [];
    const changed = new Set<number>();
    accesses.forEach((a, i) => {
      xbufs.push(this.xbufFor(a));
      this.dev.lastEffect = undefined;
      const r = applyAccess(this.dev, a, i);
      if (r !== undefined) reads.push(r);
      const eff = this.dev.lastEffect as DeviceEffect | undefined;
      if (eff?.slot !== undefined && (eff.operation === 'write' || eff.operation === 'clear') && eff.status === 0) changed.add(eff.slot);
    });
    // A map entry can also change under a raw write whose record lands on the map (lying headers).
    const after = this.mapAndCount();
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed.add(i);
    this.steps.push({ label, accesses, xbufs });
    this.emit(
      label,
      [...changed].sort((a, b) => a - b),
    );
    return reads;
  }

  /** The bytes an EXECUTE of a write will read from the exchange buffer (kept in the journal). */
  private xbufFor(a: Access): string | undefined {
    if (a.op !== 'write' || a.offset !== 0 || BigInt(a.value) !== BigInt(ACTION.EXECUTE)) return undefined;
    if (!this.dev.executeArmed || this.dev.pendingOperation !== ACTION.BEGIN_WRITE) return undefined;
    const off = this.dev.recordOffsetRegister;
    const x = this.dev.exchange;
    if (off + 128 > x.length) return undefined;
    const len = new DataView(x.buffer, x.byteOffset + off).getUint32(CPER_RECORD_LENGTH_OFFSET, true);
    return toHex(x.subarray(off, off + Math.min(len, x.length - off)));
  }

  private mapAndCount(): string[] {
    const g = this.dev.geometry;
    const dv = new DataView(this.dev.store.buffer, this.dev.store.byteOffset);
    const out: string[] = [];
    for (let i = 0; i < g.lastIndex; i++) out.push(dv.getBigUint64(mapEntryOffset(i), true).toString());
    return out;
  }

  private emit(label: string, changedSlots: number[], undone = false): void {
    if (!this.listeners.size) return;
    const r: DeviceRegisters = this.dev.registers();
    const c: SessionChange = {
      step: this.steps.length,
      label,
      operation: operationName(r.operation) ?? String(r.operation),
      recordOffset: r.recordOffset,
      commandStatus: statusName(r.commandStatus),
      busy: r.busy,
      cursor: r.cursor,
      recordCount: this.dev.recordCount(),
      changedSlots,
    };
    if (undone) c.undone = true;
    for (const l of this.listeners) l(c);
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onChange(listener: (c: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- raw access ----
  poke(offset: number, size: 1 | 2 | 4 | 8, value: bigint | number): void {
    this.run(`poke 0x${offset.toString(16)}/${size} = 0x${value.toString(16)}`, [
      { op: 'write', offset, size, value: '0x' + value.toString(16) },
    ]);
  }
  peek(offset: number, size: 1 | 2 | 4 | 8): bigint {
    return BigInt(this.run(`peek 0x${offset.toString(16)}/${size}`, [{ op: 'read', offset, size }])[0]);
  }
  bufWrite(offset: number, bytes: Uint8Array): void {
    this.run(`buffer write ${bytes.length} bytes at ${offset}`, [{ op: 'buf-write', offset, hex: toHex(bytes) }]);
  }
  bufRead(offset: number, length: number): Uint8Array {
    return fromHex(this.run(`buffer read ${length} bytes at ${offset}`, [{ op: 'buf-read', offset, length }])[0]) ?? new Uint8Array(0);
  }
  reset(): void {
    this.run('reset', [{ op: 'reset' }]);
  }

  // ---- the operations as Linux performs them (reads: busy, status) ----
  writeRecord(record: Uint8Array, offset = 0): OpResult {
    return op(this.run(`write record (${record.length} bytes)`, linuxWrite(record, offset)));
  }
  /** Writes the record held in a `.cper` file. */
  writeRecordFile(path: string): OpResult {
    const size = statSync(path).size;
    if (size > this.dev.exchange.length)
      throw new RangeError(`${path} is ${size} bytes, larger than the ${this.dev.exchange.length}-byte exchange buffer`);
    return this.writeRecord(new Uint8Array(readFileSync(path)));
  }
  /** Reads a record by id; `bytes` is what landed in the exchange buffer (record_length bytes) on success. */
  readRecord(id: bigint, offset = 0): OpResult & { bytes?: Uint8Array } {
    const r = op(this.run(`read record ${id}`, linuxRead(id, offset)));
    if (r.status !== 'SUCCESS') return r;
    const x = this.dev.exchange;
    const len = new DataView(x.buffer, x.byteOffset + offset).getUint32(CPER_RECORD_LENGTH_OFFSET, true);
    return { ...r, bytes: x.slice(offset, offset + len) };
  }
  clearRecord(id: bigint): OpResult {
    return op(this.run(`clear record ${id}`, linuxClear(id)));
  }
  dummyWrite(): OpResult {
    return op(this.run('dummy write', linuxDummyWrite()));
  }
  count(): number {
    return Number(this.run('get record count', linuxCount())[0]);
  }
  /** One GET_RECORD_IDENTIFIER (moves the device's cursor); ~0 means the end. */
  nextId(): bigint {
    const [lo, hi] = this.run('get record identifier', linuxNextId());
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  /** Iterates ids the way pstore does: until ~0 (bounded by the slot count, as the cursor wraps). */
  ids(): bigint[] {
    const out: bigint[] = [];
    for (let i = 0; i <= this.dev.geometry.lastIndex; i++) {
      const id = this.nextId();
      if (id === 0xffffffffffffffffn) break;
      out.push(id);
    }
    return out;
  }
  /** A synthetic record with the two fields QEMU reads, for experiments. */
  static fakeRecord = fakeRecord;

  // ---- history ----
  history(): Step[] {
    return this.steps.map((s, i) => ({ step: i + 1, label: s.label, accesses: s.accesses.length }));
  }

  /** Back to the state right after step `toStep` (0 = the start); later steps are dropped. */
  undo(toStep: number): void {
    if (!Number.isInteger(toStep) || toStep < 0 || toStep > this.steps.length)
      throw new RangeError(`step ${toStep} is not in 0..${this.steps.length}`);
    const keep = this.steps.slice(0, toStep);
    this.start();
    this.steps = [];
    const listeners = this.listeners;
    this.listeners = new Set();
    for (const s of keep) this.run(s.label, s.accesses);
    this.listeners = listeners;
    this.emit(`undo to step ${toStep}`, [], true);
  }

  /** A copy of the store as it is now. */
  snapshot(): Uint8Array {
    return this.dev.store.slice();
  }

  /** Writes the current store to `path` (the only way a session touches a file). */
  saveAs(path: string): void {
    writeFileAtomic(path, this.dev.store, { evidence: [] });
  }

  /** JSON lines: a header with the starting store, then every access with the buffer bytes each write-EXECUTE read. */
  journal(): string {
    const head: JournalLine = this.initial
      ? {
          type: 'session',
          version: 1,
          size: this.initial.length,
          recordSize: this.init.recordSize,
          qemu: this.init.qemu,
          initial: Buffer.from(this.initial).toString('base64'),
        }
      : { type: 'session', version: 1, size: (this.init as { size: number }).size, recordSize: this.init.recordSize, qemu: this.init.qemu };
    const lines = [JSON.stringify(head)];
    this.steps.forEach((s, i) =>
      s.accesses.forEach((a, k) => {
        const l: JournalLine = { type: 'access', step: i + 1, label: s.label, access: a };
        if (s.xbufs[k]) l.xbuf = s.xbufs[k];
        lines.push(JSON.stringify(l));
      }),
    );
    return lines.join('\n') + '\n';
  }

  /** Rebuilds a session from `journal()` output, checking the buffer bytes each write read were the same again. */
  static fromJournal(text: string): Session {
    const lines = text.split('\n').filter((l) => l.trim());
    if (!lines.length) throw new JournalError('empty journal');
    const head = parseLine(lines[0], 1) as JournalLine;
    if (head.type !== 'session' || head.version !== 1) throw new JournalError('line 1: not an erst-viewer session journal (version 1)');
    const qemu = head.qemu === undefined ? undefined : parseQemuVersion(String(head.qemu));
    if (head.qemu !== undefined && !qemu) throw new JournalError(`line 1: "${head.qemu}" is not a QEMU release`);
    const s = head.initial
      ? new Session({ bytes: new Uint8Array(Buffer.from(head.initial, 'base64')), recordSize: head.recordSize, qemu })
      : new Session({ size: head.size, recordSize: head.recordSize, qemu });
    let cur: { step: number; label: string; accesses: Access[]; xbufs: (string | undefined)[] } | undefined;
    const flush = () => {
      if (!cur) return;
      s.run(cur.label, cur.accesses);
      const got = s.steps[s.steps.length - 1].xbufs;
      cur.xbufs.forEach((x, k) => {
        if (x !== undefined && got[k] !== x)
          throw new JournalError(`step ${cur!.step}: the exchange buffer an EXECUTE read differs from the journal`);
      });
    };
    for (let i = 1; i < lines.length; i++) {
      const l = parseLine(lines[i], i + 1) as Extract<JournalLine, { type: 'access' }>;
      if (l.type !== 'access' || typeof l.step !== 'number') throw new JournalError(`line ${i + 1}: not an access line`);
      const [access] = parseAccesses([l.access]);
      if (!cur || cur.step !== l.step) {
        flush();
        cur = { step: l.step, label: String(l.label ?? ''), accesses: [], xbufs: [] };
      }
      cur.accesses.push(access);
      cur.xbufs.push(l.xbuf);
    }
    flush();
    return s;
  }
}

export class JournalError extends Error {}

function parseLine(l: string, n: number): unknown {
  try {
    return JSON.parse(l);
  } catch {
    throw new JournalError(`line ${n}: not JSON`);
  }
}

function op(reads: string[]): OpResult {
  return { status: statusName(Number(reads[1])), reads };
}

/** Creates a session over a new store of `size` bytes or over a copy of `bytes`. */
export function createSession(init: SessionInit): Session {
  return new Session(init);
}
