import { createHash } from 'node:crypto';
import { parseQemuVersion } from '../../shared/erst/qemu-version';
import { writeFileAtomic } from '../output/index';
import { join } from 'node:path';
import { ContractError, LIMITS, toBase64, type ArgsOf, type ByteChunk } from '../../shared/contract/index';
import type { ConsoleLine, EmulatorResult, EmulatorState } from '../../shared/contract/channels/sessions';
import { MAX_SESSION_STORE } from '../../shared/contract/channels/sessions';
import {
  ACTION,
  actionInfo,
  CPER_RECORD_ID_OFFSET,
  CPER_RECORD_LENGTH_OFFSET,
  EXECUTE_MAGIC,
  operationName,
  REG,
  STATUS,
  statusName,
} from '../../shared/erst/actions';
import { fromHex } from '../../shared/bytes/hex';
import { bufferSource } from '../../shared/store/source';
import { decodeStore } from '../../shared/store/decode';
import { buildInspectReport } from '../../shared/report/inspect';
import { AccessError, parseAccesses, type Access } from '../emulator/accesses';
import { ErstStartError } from '../emulator/backing';
import { QemuWouldCrash } from '../emulator/device';
import { createSession, JournalError, Session, type SessionChange } from '../emulator/service';
import { linuxRanges, linuxTimings } from '../emulator/linux';
import { newId, type FileRegistry } from './file-registry';

/**
 * Emulator sessions the console drives: one Session (engineer A's service) per id, the
 * meaning of every result spelled out (action and status names, ids in hex and decimal), and
 * the session's store decoded by the same code as any opened file after every step.
 */

const MAX_SESSIONS = 8;
const ALL_ONES = 0xffffffffffffffffn;

interface Entry {
  id: string;
  name: string;
  session: Session;
  /** The last action code written to ACTION (to tell what a VALUE read means). */
  lastAction: number | null;
  lastChanged: number[];
  unsubscribe: () => void;
}

export type EmitChanged = (p: { sessionId: string; step: number; label: string; changedSlots: number[]; undone?: boolean }) => void;

const idText = (id: bigint) =>
  `0x${id.toString(16).padStart(16, '0')} (${id})${id === ALL_ONES ? ' = ~0, end / none' : id === 0n ? ' = 0, unspecified' : ''}`;
const hx = (n: number | bigint) => '0x' + n.toString(16);

function bad(e: unknown): never {
  if (e instanceof ContractError) throw e;
  if (
    e instanceof AccessError ||
    e instanceof RangeError ||
    e instanceof JournalError ||
    e instanceof ErstStartError ||
    e instanceof QemuWouldCrash
  )
    throw new ContractError('bad-arguments', e.message);
  throw e;
}

export class EmulatorSessions {
  private sessions = new Map<string, Entry>();
  private counter = 0;

  constructor(
    private files: FileRegistry,
    private emit: EmitChanged,
  ) {}

  create(a: ArgsOf<'emulator.create'>): EmulatorState {
    let session: Session;
    let name: string;
    const qemu = a.qemu === undefined ? undefined : parseQemuVersion(a.qemu);
    if (a.qemu !== undefined && !qemu)
      throw new ContractError('bad-arguments', `"${a.qemu}" is not a QEMU release with the acpi-erst device (7.0 or later)`);
    try {
      if (a.journalInputId) {
        const i = this.files.input(a.journalInputId);
        if (i.bytes.length > 4 * MAX_SESSION_STORE) throw new ContractError('too-large', `${i.name} is too large for a journal`);
        session = Session.fromJournal(Buffer.from(i.bytes).toString('utf8'));
        name = `journal ${i.name}`;
      } else if (a.journalFileId) {
        const f = this.files.get(a.journalFileId);
        if (f.info.size > 4 * MAX_SESSION_STORE) throw new ContractError('too-large', `${f.info.name} is too large for a journal`);
        session = Session.fromJournal(Buffer.from(f.ev.file.read(0, f.info.size)).toString('utf8'));
        name = `journal ${f.info.name}`;
      } else if (a.fromFileId) {
        const f = this.files.get(a.fromFileId);
        if (f.info.format !== 'erst-store') throw new ContractError('bad-arguments', `${f.info.name} is not an ERST store`);
        if (f.info.size > MAX_SESSION_STORE)
          throw new ContractError('too-large', `${f.info.name} is ${f.info.size} bytes, over the ${MAX_SESSION_STORE}-byte session limit`);
        session = createSession({ bytes: f.ev.file.read(0, f.info.size).slice(), recordSize: a.recordSize, qemu });
        name = `copy of ${f.info.name}`;
      } else {
        const size = a.size ?? 64 * 1024;
        session = createSession({ size, recordSize: a.recordSize, qemu });
        name = `new ${size / 1024} KiB store`;
      }
    } catch (e) {
      bad(e);
    }
    const id = newId('s');
    const entry: Entry = { id, name: `${++this.counter}: ${name}`, session, lastAction: null, lastChanged: [], unsubscribe: () => {} };
    entry.unsubscribe = session.onChange((c: SessionChange) => {
      entry.lastChanged = c.changedSlots;
      this.emit({ sessionId: id, step: c.step, label: c.label, changedSlots: c.changedSlots, undone: c.undone });
    });
    this.sessions.set(id, entry);
    while (this.sessions.size > MAX_SESSIONS) this.close(this.sessions.keys().next().value!);
    return this.state(id);
  }

  list() {
    return [...this.sessions.values()].map((e) => ({ sessionId: e.id, name: e.name, step: e.session.history().length }));
  }

  private get(id: string): Entry {
    const e = this.sessions.get(id);
    if (!e) throw new ContractError('not-found', `no emulator session with id ${id}`);
    return e;
  }

  close(id: string): { closed: boolean } {
    const e = this.sessions.get(id);
    if (!e) return { closed: false };
    e.unsubscribe();
    this.sessions.delete(id);
    return { closed: true };
  }

  dispose(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  state(id: string): EmulatorState {
    const e = this.get(id);
    const dev = e.session.device;
    const r = dev.registers();
    const store = e.session.snapshot();
    const decoded = decodeStore(bufferSource(store), { keepPayloads: true });
    const records = decoded.slots
      .filter((s) => s.record)
      .map((s) => ({ record: s.record!, slot: s.index, state: (s.mapId ? 'live' : 'cleared') as 'live' | 'cleared' }));
    const diagnostics = [...decoded.diagnostics, ...decoded.slots.flatMap((s) => s.diagnostics)];
    const sha256 = createHash('sha256').update(store).digest('hex');
    const report = buildInspectReport(
      { path: e.name, size: store.length, sha256 },
      { store: decoded, source: bufferSource(store), records, diagnostics },
      { fields: false },
    );
    const x = dev.exchange;
    const history = e.session.history();
    return {
      sessionId: id,
      name: e.name,
      step: history.length,
      storeSize: store.length,
      recordSize: dev.geometry.exchangeSize,
      qemu: dev.qemu,
      firstSlot: dev.geometry.firstIndex,
      lastSlot: dev.geometry.lastIndex,
      registers: {
        operation: operationName(r.operation) ?? hx(r.operation),
        operationCode: r.operation,
        recordOffset: r.recordOffset,
        recordIdentifier: r.recordIdentifier.toString(),
        recordIdentifierHex: '0x' + r.recordIdentifier.toString(16).padStart(16, '0'),
        commandStatus: statusName(r.commandStatus),
        commandStatusCode: r.commandStatus,
        busy: r.busy,
        cursor: r.cursor,
        value: '0x' + r.value.toString(16).padStart(16, '0'),
      },
      exchange: { size: x.length, base64: toBase64(x.subarray(0, Math.min(x.length, LIMITS.maxRead))) },
      report,
      history,
      changedSlots: e.lastChanged,
    };
  }

  /** One raw access, with what it meant. */
  access(a: {
    sessionId: string;
    op: Access['op'];
    offset?: number;
    size?: number;
    value?: string;
    hex?: string;
    length?: number;
  }): EmulatorResult {
    const e = this.get(a.sessionId);
    const s = e.session;
    const lines: ConsoleLine[] = [];
    try {
      const [acc] = parseAccesses(
        [{ op: a.op, offset: a.offset ?? 0, size: a.size, value: a.value, hex: a.hex?.replace(/^0x/i, ''), length: a.length }].map(strip),
      );
      const before = s.device.registers();
      const reg = (o: number) =>
        o < REG.ACTION + 4 ? 'ACTION' : o < REG.VALUE ? 'ACTION hi (ignored)' : o < REG.VALUE_HI ? 'VALUE lo' : 'VALUE hi';
      switch (acc.op) {
        case 'write': {
          const v = BigInt(acc.value);
          s.poke(acc.offset, acc.size, v);
          const after = s.device.registers();
          if (acc.size === 8) lines.push({ kind: 'note', text: '8-byte access: split into two 4-byte accesses, low address first' });
          const lowOffset = acc.offset;
          if (lowOffset === REG.ACTION) {
            const code = acc.size === 8 ? v & 0xffffffffn : v;
            e.lastAction = Number(code);
            lines.push(...this.describeAction(code, before, after, s));
          } else if (lowOffset === REG.VALUE || lowOffset === REG.VALUE_HI) {
            lines.push({
              kind: 'meaning',
              text: `${reg(lowOffset)} ← ${hx(v)} (${v}); VALUE = ${idText(after.value)}${lowOffset === REG.VALUE && acc.size < 4 ? ' (sub-dword writes zero-extend into the low dword)' : ''}`,
            });
          } else lines.push({ kind: 'meaning', text: `offset ${hx(lowOffset)}: ignored by the device` });
          break;
        }
        case 'read': {
          const v = s.peek(acc.offset, acc.size);
          lines.push({ kind: 'out', text: `${hx(v)} (${v})` });
          lines.push({ kind: 'meaning', text: this.describeRead(e, acc.offset, v) });
          break;
        }
        case 'buf-write': {
          const b = fromHex(acc.hex) ?? new Uint8Array(0);
          s.bufWrite(acc.offset, b);
          lines.push({
            kind: 'meaning',
            text: `exchange buffer [${hx(acc.offset)}..${hx(acc.offset + b.length)}) ← ${b.length} bytes${recordFields(s.device.exchange, acc.offset)}`,
          });
          break;
        }
        case 'buf-read': {
          const b = s.bufRead(acc.offset, acc.length);
          const shown = Buffer.from(b.subarray(0, 64)).toString('hex').replace(/(..)/g, '$1 ').trim();
          lines.push({ kind: 'out', text: shown + (b.length > 64 ? ` … (${b.length} bytes)` : '') });
          lines.push({
            kind: 'meaning',
            text: `exchange buffer [${hx(acc.offset)}..${hx(acc.offset + b.length)})${recordFields(s.device.exchange, acc.offset)}`,
          });
          break;
        }
        case 'reset':
          s.reset();
          e.lastAction = null;
          lines.push({
            kind: 'meaning',
            text: 'device reset: operation = write (0), busy 0, status SUCCESS, record id 0, record offset 0, cursor = first slot; VALUE, exchange buffer and store kept',
          });
          break;
      }
    } catch (err) {
      bad(err);
    }
    return { lines, state: this.state(a.sessionId) };
  }

  private describeAction(
    code: bigint,
    before: ReturnType<Session['device']['registers']>,
    after: ReturnType<Session['device']['registers']>,
    s: Session,
  ): ConsoleLine[] {
    const info = actionInfo(code);
    if (!info) return [{ kind: 'meaning', text: `ACTION ← ${hx(code)}: not an action, nothing happens` }];
    const out: ConsoleLine[] = [{ kind: 'meaning', text: `ACTION ← ${hx(code)} ${info.name}: ${info.effect}` }];
    if (info.code === ACTION.EXECUTE) {
      if ((before.value & 0xffn) !== BigInt(EXECUTE_MAGIC))
        out.push({ kind: 'bad', text: `VALUE low byte is ${hx(before.value & 0xffn)}, not ${hx(EXECUTE_MAGIC)}: EXECUTE does nothing` });
      else {
        const op = operationName(before.operation) ?? hx(before.operation);
        const st = statusName(after.commandStatus);
        out.push({
          kind: after.commandStatus === 0 ? 'ok' : 'bad',
          text: `${op} executed → command status ${st} (${after.commandStatus})`,
        });
        if (before.operation === ACTION.BEGIN_WRITE && after.commandStatus === STATUS.SUCCESS) {
          const x = s.device.exchange;
          const id = new DataView(x.buffer, x.byteOffset + before.recordOffset).getBigUint64(CPER_RECORD_ID_OFFSET, true);
          out.push({ kind: 'meaning', text: `record ${idText(id)} stored` });
        }
        if (before.recordIdentifier !== after.recordIdentifier)
          out.push({ kind: 'meaning', text: `record_identifier is now ${idText(after.recordIdentifier)}` });
      }
    } else if (info.code === ACTION.SET_RECORD_IDENTIFIER)
      out.push({ kind: 'meaning', text: `record_identifier = ${idText(after.recordIdentifier)}` });
    else if (info.code === ACTION.SET_RECORD_OFFSET)
      out.push({ kind: 'meaning', text: `record_offset = ${hx(after.recordOffset)} (${after.recordOffset})` });
    else if (info.kind === 'get') out.push({ kind: 'meaning', text: `VALUE = ${idText(after.value)}; read it with \`read value\`` });
    return out;
  }

  private describeRead(e: Entry, offset: number, v: bigint): string {
    if (offset < REG.ACTION + 4) return 'ACTION always reads 0';
    if (offset >= REG.VALUE) {
      const la = e.lastAction;
      const full = e.session.device.registers().value;
      const what = offset < REG.VALUE_HI ? 'VALUE lo' : 'VALUE hi';
      switch (la) {
        case ACTION.GET_COMMAND_STATUS:
          return `${what}: command status ${statusName(Number(v))}`;
        case ACTION.CHECK_BUSY_STATUS:
          return `${what}: busy = ${v} (${v ? 'busy' : 'not busy'})`;
        case ACTION.GET_RECORD_COUNT:
          return `${what}: record count = ${v}`;
        case ACTION.GET_RECORD_IDENTIFIER:
          return `${what} of the next record id; full VALUE = ${idText(full)}`;
        case ACTION.GET_ERROR_LOG_ADDRESS_RANGE:
          return `${what} of the exchange buffer's address (BAR1); full VALUE = ${hx(full)}`;
        case ACTION.GET_ERROR_LOG_ADDRESS_LENGTH:
          return `${what}: exchange buffer length = ${v} bytes`;
        case ACTION.GET_ERROR_LOG_ADDRESS_RANGE_ATTRIBUTES:
          return `${what}: attributes = ${hx(v)} (not NVRAM, not slow)`;
        case ACTION.GET_EXECUTE_OPERATION_TIMINGS:
          return `${what}: timings; full VALUE = ${hx(full)} (max 100, nominal 10)`;
        default:
          return `${what} = ${hx(v)} (${v}); full VALUE = ${idText(full)}`;
      }
    }
    return 'ACTION hi always reads 0';
  }

  op(a: { sessionId: string; op: string; fileId?: string; recordIndex?: number; hex?: string; id?: string }): EmulatorResult {
    const e = this.get(a.sessionId);
    const s = e.session;
    const lines: ConsoleLine[] = [];
    const statusLine = (st: string) => lines.push({ kind: st === 'SUCCESS' ? 'ok' : 'bad', text: `command status ${st}` });
    const needId = () => {
      if (a.id === undefined) throw new ContractError('bad-arguments', `${a.op} needs an id`);
      return BigInt(a.id);
    };
    try {
      switch (a.op) {
        case 'write-record':
        case 'write-hex': {
          let rec: Uint8Array;
          let from: string;
          if (a.op === 'write-hex') {
            const b = a.hex !== undefined ? fromHex(a.hex.replace(/^0x/i, '')) : undefined;
            if (!b) throw new ContractError('bad-arguments', 'hex: not valid hex');
            rec = b;
            from = 'hex';
          } else {
            if (!a.fileId) throw new ContractError('bad-arguments', 'write-record needs a fileId');
            const f = this.files.get(a.fileId);
            const idx = a.recordIndex ?? 0;
            const r = f.report().records[idx];
            if (!r) throw new ContractError('not-found', `${f.info.name} has no record ${idx} (it has ${f.report().records.length})`);
            const len = Math.min(r.recordLength ?? 0, f.info.size - r.offset);
            if (len <= 0) throw new ContractError('bad-arguments', `record ${idx} of ${f.info.name} has no length`);
            rec = f.ev.file.read(r.offset, len).slice();
            from = `${f.info.name} record ${idx}${r.slot !== null ? ` (slot ${r.slot})` : ''}`;
          }
          if (rec.length > s.device.exchange.length)
            throw new ContractError(
              'bad-arguments',
              `the record is ${rec.length} bytes, larger than the ${s.device.exchange.length}-byte exchange buffer`,
            );
          const r = s.writeRecord(rec);
          lines.push({ kind: 'meaning', text: `write ${rec.length} bytes from ${from}${recordFields(rec, 0)}` });
          statusLine(r.status);
          if (r.status === 'SUCCESS') {
            const slot = e.lastChanged.find((x) => x >= s.device.geometry.firstIndex);
            if (slot !== undefined)
              lines.push({ kind: 'meaning', text: `stored in slot ${slot} at ${hx(slot * s.device.geometry.exchangeSize)}` });
          }
          break;
        }
        case 'read': {
          const id = needId();
          const r = s.readRecord(id);
          lines.push({ kind: 'meaning', text: `read record ${idText(id)}` });
          statusLine(r.status);
          if (r.bytes)
            lines.push({ kind: 'out', text: `${r.bytes.length} bytes now in the exchange buffer at 0x0${recordFields(r.bytes, 0)}` });
          const now = s.device.registers().recordIdentifier;
          if (now !== id)
            lines.push({ kind: 'note', text: `record_identifier is now ${idText(now)} (QEMU re-seeds it from the first record)` });
          break;
        }
        case 'clear': {
          const id = needId();
          const r = s.clearRecord(id);
          lines.push({ kind: 'meaning', text: `clear record ${idText(id)} (the slot bytes are not wiped)` });
          statusLine(r.status);
          break;
        }
        case 'count':
          lines.push({ kind: 'out', text: `record count = ${s.count()}` });
          break;
        case 'next-id': {
          const id = s.nextId();
          lines.push({ kind: 'out', text: `next id = ${idText(id)}` });
          break;
        }
        case 'ids': {
          const ids = s.ids();
          lines.push({ kind: 'out', text: ids.length ? `${ids.length} id(s) in slot order:` : 'no ids (store empty)' });
          for (const id of ids) lines.push({ kind: 'out', text: '  ' + idText(id) });
          const count = s.device.recordCount();
          if (ids.length < count)
            lines.push({
              kind: 'note',
              text: `record_count is ${count} but ${ids.length} id(s) came back: the cursor started past some records (GET_RECORD_IDENTIFIER returns ~0 once at the end, then restarts from the first slot)`,
            });
          break;
        }
        case 'dummy-write': {
          const r = s.dummyWrite();
          lines.push({ kind: 'meaning', text: 'dummy write (BEGIN_DUMMY_WRITE + EXECUTE): nothing is stored' });
          statusLine(r.status);
          break;
        }
        case 'ranges': {
          const [blo, bhi, llo, lhi, attr] = s.run('range queries', linuxRanges());
          lines.push({ kind: 'out', text: `error log address range (BAR1) = ${hx((BigInt(bhi) << 32n) | BigInt(blo))}` });
          lines.push({ kind: 'out', text: `length = ${(BigInt(lhi) << 32n) | BigInt(llo)} bytes (header record_size)` });
          lines.push({ kind: 'out', text: `attributes = ${hx(BigInt(attr))} (not NVRAM, not slow)` });
          break;
        }
        case 'timings': {
          const [lo, hi] = s.run('execute operation timings', linuxTimings());
          lines.push({ kind: 'out', text: `timings = ${hx((BigInt(hi) << 32n) | BigInt(lo))}: max ${BigInt(hi)}, nominal ${BigInt(lo)}` });
          break;
        }
        default:
          throw new ContractError('bad-arguments', `unknown operation ${a.op}`);
      }
    } catch (err) {
      bad(err);
    }
    e.lastAction = null;
    return { lines, state: this.state(a.sessionId) };
  }

  undo(id: string, toStep: number): EmulatorState {
    const e = this.get(id);
    try {
      e.session.undo(toStep);
    } catch (err) {
      bad(err);
    }
    e.lastAction = null;
    e.lastChanged = [];
    return this.state(id);
  }

  private bytesOf(id: string, what: 'store' | 'journal'): Uint8Array {
    const s = this.get(id).session;
    return what === 'store' ? s.snapshot() : new TextEncoder().encode(s.journal());
  }

  read(id: string, what: 'store' | 'journal', offset: number, length: number): ByteChunk & { total: number } {
    const b = this.bytesOf(id, what);
    const chunk = b.subarray(Math.min(offset, b.length), Math.min(b.length, offset + length));
    return { offset, length: chunk.length, base64: toBase64(chunk), total: b.length };
  }

  fileName(id: string, what: 'store' | 'journal'): string {
    const e = this.get(id);
    return `erst-session-${e.id.slice(1, 7)}-step${e.session.history().length}.${what === 'store' ? 'erst' : 'journal.jsonl'}`;
  }

  saveTo(id: string, what: 'store' | 'journal', folder: string): { folder: string; name: string } {
    const name = this.fileName(id, what);
    writeFileAtomic(join(folder, name), this.bytesOf(id, what), { evidence: [] });
    return { folder, name };
  }

  openAsFile(id: string) {
    return this.files.openBytes(this.fileName(id, 'store'), this.bytesOf(id, 'store'), 'upload').info;
  }
}

/** Drops undefined keys so parseAccesses sees only what the access has. */
function strip(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  if (out.op === 'write' && typeof out.value === 'string') out.value = String(out.value).toLowerCase();
  if (out.op !== 'write' && out.op !== 'read') delete out.size;
  if (out.op !== 'write') delete out.value;
  if (out.op === 'reset') delete out.offset;
  return out;
}

/** The two fields QEMU reads from a record in the exchange buffer, when they are there. */
function recordFields(x: Uint8Array, off: number): string {
  if (off + 104 > x.length) return '';
  const dv = new DataView(x.buffer, x.byteOffset + off);
  return `; record_length = ${dv.getUint32(CPER_RECORD_LENGTH_OFFSET, true)}, record id = ${idText(dv.getBigUint64(CPER_RECORD_ID_OFFSET, true))}`;
}
