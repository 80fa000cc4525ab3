import {
  ACTION,
  CPER_RECORD_ID_OFFSET,
  CPER_RECORD_LENGTH_OFFSET,
  CPER_RECORD_MIN_SIZE,
  EXECUTE_MAGIC,
  REG,
  STATUS,
  operationName,
  type OperationName,
} from '../../shared/erst/actions';
import { STORE_HEADER_AT, mapEntryOffset } from '../../shared/store/layout';
import {
  DEFAULT_QEMU,
  SWAPPED_FILL_LENGTH,
  hasSwappedWriteFill,
  hasWrappingLengthCheck,
  swappedFillByte,
  type QemuVersion,
} from '../../shared/erst/qemu-version';
import { startDevice, DEFAULT_RECORD_SIZE, type Geometry } from './backing';

/**
 * A model of QEMU 7.2's acpi-erst device (and, with `qemu: '7.1'` or `'7.0'`, of those versions'
 * write fill and length checks) (hw/acpi/erst.c), byte-compatible with it: same
 * register behaviour per access size, same checks in the same order, same store layout.
 * It works on the bytes it is given (a working copy; never the evidence file).
 *
 * 64-bit registers are kept as two u32 halves: QEMU's memory core never hands the device
 * more than 4 bytes at a time, so halves are what every access touches, and plain numbers
 * keep the hot path free of BigInt.
 */

const ONES = 0xffffffff;
/** BAR1 address reported before the guest maps it (pci_get_bar_addr's PCI_BAR_UNMAPPED). */
const BAR_UNMAPPED = 0xffffffffffffffffn;

export interface DeviceOptions {
  /** The `record_size` property; only used when the store's magic is 0. */
  recordSize?: number;
  /** What GET_ERROR_LOG_ADDRESS_RANGE answers (the guest-programmed BAR1 address). */
  bar1Address?: bigint;
  /** The QEMU release to behave like (default 7.2; 7.0 and 7.1 differ on writes). */
  qemu?: QemuVersion;
}

/** An access on which the modelled QEMU would overrun a buffer (and most likely die): the model refuses to guess what follows. */
export class QemuWouldCrash extends Error {}

/** What the last EXECUTE or GET_RECORD_IDENTIFIER did, for the session stream and replay. */
export interface DeviceEffect {
  action: 'execute' | 'get-record-id';
  operation?: OperationName;
  status: number;
  /** Slot index whose bytes were written, or whose map entry was cleared. */
  slot?: number;
  /** The id written / cleared / read / returned. */
  id?: bigint;
  /** The write overwrote an existing record with the same id. */
  overwrite?: boolean;
}

/** Register state, as in QEMU's vmstate plus the cursor. */
export interface DeviceRegisters {
  operation: number;
  busy: number;
  commandStatus: number;
  recordOffset: number;
  value: bigint;
  recordIdentifier: bigint;
  cursor: number;
}

/** Called with every access the device handler sees (after QEMU's splitting), as QEMU traces it. */
export type HandlerTap = (kind: 'write' | 'read', addr: number, value: number, size: number) => void;

export class ErstDevice {
  readonly store: Uint8Array;
  readonly exchange: Uint8Array;
  readonly geometry: Geometry;
  bar1Address: bigint;
  readonly qemu: QemuVersion;
  /** Set by every EXECUTE that ran and every GET_RECORD_IDENTIFIER. */
  lastEffect: DeviceEffect | undefined;
  tap: HandlerTap | undefined;

  private readonly dv: DataView;
  private operation = 0;
  private busy = 0;
  private commandStatus = 0;
  private recordOffset = 0;
  private valLo = 0;
  private valHi = 0;
  private idLo = 0;
  private idHi = 0;
  private cursor = 0;
  private readonly swappedFill: boolean;
  private readonly wrappingCheck: boolean;

  /** Starts the device over `store` (formatting it when its magic is 0); throws ErstStartError like QEMU refuses to start. */
  constructor(store: Uint8Array, opts: DeviceOptions = {}) {
    this.store = store;
    this.dv = new DataView(store.buffer, store.byteOffset, store.byteLength);
    this.geometry = startDevice(store, opts.recordSize ?? DEFAULT_RECORD_SIZE);
    this.exchange = new Uint8Array(this.geometry.exchangeSize);
    this.bar1Address = opts.bar1Address ?? BAR_UNMAPPED;
    this.qemu = opts.qemu ?? DEFAULT_QEMU;
    this.swappedFill = hasSwappedWriteFill(this.qemu);
    this.wrappingCheck = hasWrappingLengthCheck(this.qemu);
    this.reset();
  }

  /** QEMU's erst_reset: operation = BEGIN_WRITE (0); VALUE, exchange buffer and store stay. */
  reset(): void {
    this.operation = 0;
    this.busy = 0;
    this.commandStatus = STATUS.SUCCESS;
    this.idLo = 0;
    this.idHi = 0;
    this.recordOffset = 0;
    this.cursor = this.geometry.firstIndex;
  }

  registers(): DeviceRegisters {
    return {
      operation: this.operation,
      busy: this.busy,
      commandStatus: this.commandStatus,
      recordOffset: this.recordOffset,
      value: (BigInt(this.valHi) << 32n) | BigInt(this.valLo),
      recordIdentifier: (BigInt(this.idHi) << 32n) | BigInt(this.idLo),
      cursor: this.cursor,
    };
  }

  /** Restores registers saved by `registers()` (undo, journals). */
  setRegisters(r: DeviceRegisters): void {
    this.operation = r.operation;
    this.busy = r.busy;
    this.commandStatus = r.commandStatus;
    this.recordOffset = r.recordOffset >>> 0;
    this.valLo = Number(r.value & 0xffffffffn);
    this.valHi = Number((r.value >> 32n) & 0xffffffffn);
    this.idLo = Number(r.recordIdentifier & 0xffffffffn);
    this.idHi = Number((r.recordIdentifier >> 32n) & 0xffffffffn);
    this.cursor = r.cursor;
  }

  recordCount(): number {
    return this.dv.getUint32(STORE_HEADER_AT.recordCount, true);
  }

  /** A guest write to BAR0: split into naturally aligned pieces of at most 4 bytes, as QEMU's memory core does. */
  write(offset: number, size: number, value: bigint | number): void {
    checkAccess(offset, size);
    if (typeof value === 'number' && size <= 4) {
      this.writePieces(offset, size, value);
      return;
    }
    const v = BigInt(value);
    let done = 0;
    while (done < size) {
      const addr = offset + done;
      const l = pieceSize(addr, size - done);
      const part = Number((v >> BigInt(8 * done)) & ((1n << BigInt(8 * l)) - 1n));
      this.handlerWrite(addr, l, part);
      done += l;
    }
  }

  /** A guest read of BAR0; the value is what the guest sees (masked to the access size). */
  read(offset: number, size: number): bigint {
    checkAccess(offset, size);
    let out = 0n;
    let done = 0;
    while (done < size) {
      const addr = offset + done;
      const l = pieceSize(addr, size - done);
      out |= BigInt((this.handlerRead(addr, l) & sizeMask(l)) >>> 0) << BigInt(8 * done);
      done += l;
    }
    return out;
  }

  /** Fast path for a single 32-bit-or-smaller access. */
  read32(offset: number, size: number): number {
    checkAccess(offset, size);
    if (size === 8 || pieceSize(offset, size) !== size) return Number(this.read(offset, size));
    return (this.handlerRead(offset, size) & sizeMask(size)) >>> 0;
  }

  /** One access exactly as QEMU's handler sees it (already split; `value` masked to `size`), i.e. one trace line. */
  handlerAccessWrite(addr: number, size: number, value: number): void {
    this.handlerWrite(addr, size, value);
  }

  /** One read as QEMU's handler sees it; the unmasked 32-bit half, as the trace prints it. */
  handlerAccessRead(addr: number, size: number): number {
    return this.handlerRead(addr, size);
  }

  /** The `operation` register (what EXECUTE would run). */
  get pendingOperation(): number {
    return this.operation;
  }

  /** Would EXECUTE run now (low byte of VALUE is the magic)? */
  get executeArmed(): boolean {
    return (this.valLo & 0xff) === EXECUTE_MAGIC;
  }

  get recordOffsetRegister(): number {
    return this.recordOffset;
  }

  /** The slot a write of a new id would take now (first fit), or 0 when none is free. */
  firstFreeSlot(): number {
    return this.firstFree();
  }

  /** The slot holding `id` as QEMU's lookup sees it (trusting record_count), or 0. */
  slotOf(id: bigint): number {
    return this.lookup(Number(id & 0xffffffffn), Number((id >> 32n) & 0xffffffffn));
  }

  private writePieces(offset: number, size: number, value: number): void {
    let done = 0;
    while (done < size) {
      const addr = offset + done;
      const l = pieceSize(addr, size - done);
      this.handlerWrite(addr, l, Math.floor(value / 2 ** (8 * done)) % 2 ** (8 * l));
      done += l;
    }
  }

  /** erst_reg_write: `val` is already masked to `size` bytes by the memory core. */
  private handlerWrite(addr: number, size: number, val: number): void {
    this.tap?.('write', addr, val, size);
    switch (addr) {
      case REG.VALUE:
        this.valLo = val >>> 0;
        return;
      case REG.VALUE_HI:
        this.valHi = val >>> 0;
        return;
      case REG.ACTION:
        this.action(val);
        return;
      default:
        return;
    }
  }

  /** erst_reg_read: the unmasked 32-bit half (what QEMU traces). */
  private handlerRead(addr: number, size: number): number {
    let v = 0;
    if (addr === REG.VALUE) v = this.valLo;
    else if (addr === REG.VALUE_HI) v = this.valHi;
    this.tap?.('read', addr, v, size);
    return v;
  }

  private action(code: number): void {
    switch (code) {
      case ACTION.BEGIN_WRITE:
      case ACTION.BEGIN_READ:
      case ACTION.BEGIN_CLEAR:
      case ACTION.BEGIN_DUMMY_WRITE:
      case ACTION.END:
        this.operation = code;
        return;
      case ACTION.SET_RECORD_OFFSET:
        this.recordOffset = this.valLo;
        return;
      case ACTION.EXECUTE:
        if ((this.valLo & 0xff) === EXECUTE_MAGIC) this.execute();
        return;
      case ACTION.CHECK_BUSY_STATUS:
        this.setValue(this.busy, 0);
        return;
      case ACTION.GET_COMMAND_STATUS:
        this.setValue(this.commandStatus, 0);
        return;
      case ACTION.GET_RECORD_IDENTIFIER: {
        const [lo, hi] = this.nextId(false);
        this.setValue(lo, hi);
        this.commandStatus = STATUS.SUCCESS;
        this.lastEffect = { action: 'get-record-id', status: STATUS.SUCCESS, id: join(lo, hi) };
        return;
      }
      case ACTION.SET_RECORD_IDENTIFIER:
        this.idLo = this.valLo;
        this.idHi = this.valHi;
        return;
      case ACTION.GET_RECORD_COUNT:
        this.setValue(this.recordCount(), 0);
        return;
      case ACTION.GET_ERROR_LOG_ADDRESS_RANGE:
        this.setValue(Number(this.bar1Address & 0xffffffffn), Number(this.bar1Address >> 32n));
        return;
      case ACTION.GET_ERROR_LOG_ADDRESS_LENGTH:
        this.setValue(this.dv.getUint32(STORE_HEADER_AT.recordSize, true), 0);
        return;
      case ACTION.GET_ERROR_LOG_ADDRESS_RANGE_ATTRIBUTES:
        this.setValue(0, 0);
        return;
      case ACTION.GET_EXECUTE_OPERATION_TIMINGS:
        this.setValue(10, 100);
        return;
      default:
        return;
    }
  }

  private setValue(lo: number, hi: number): void {
    this.valLo = lo >>> 0;
    this.valHi = hi >>> 0;
  }

  private execute(): void {
    this.busy = 1;
    const effect: DeviceEffect = { action: 'execute', operation: operationName(this.operation), status: STATUS.FAILED };
    switch (this.operation) {
      case ACTION.BEGIN_WRITE:
        effect.status = this.writeRecord(effect);
        break;
      case ACTION.BEGIN_READ:
        effect.status = this.readRecord(effect);
        break;
      case ACTION.BEGIN_CLEAR:
        effect.status = this.clearRecord(effect);
        break;
      case ACTION.BEGIN_DUMMY_WRITE:
      case ACTION.END:
        effect.status = STATUS.SUCCESS;
        break;
      default:
        effect.status = STATUS.FAILED;
    }
    this.commandStatus = effect.status;
    this.busy = 0;
    this.lastEffect = effect;
  }

  // ---- store access (the header is read live from the bytes, as QEMU reads it from RAM) ----

  private mapLo(i: number): number {
    return this.dv.getUint32(mapEntryOffset(i), true);
  }
  private mapHi(i: number): number {
    return this.dv.getUint32(mapEntryOffset(i) + 4, true);
  }
  private setMap(i: number, lo: number, hi: number): void {
    if (i >= this.geometry.lastIndex) return;
    this.dv.setUint32(mapEntryOffset(i), lo, true);
    this.dv.setUint32(mapEntryOffset(i) + 4, hi, true);
  }

  /** get_nvram_ptr_by_index: uses the header's record_size as it is now. */
  private slotOffset(i: number): number {
    const off = i * this.dv.getUint32(STORE_HEADER_AT.recordSize, true);
    if (off >= this.geometry.storageSize)
      throw new Error(`QEMU would abort: slot ${i} lies beyond the ${this.geometry.storageSize}-byte store`);
    return off;
  }

  /** lookup_erst_record; 0 = not found (slot 0 can never be a record slot in QEMU's eyes). */
  private lookup(lo: number, hi: number): number {
    if (lo === 0 && hi === 0) return 0;
    const count = this.recordCount();
    let seen = 0;
    for (let i = this.geometry.firstIndex; i < this.geometry.lastIndex && seen < count; i++) {
      const ml = this.mapLo(i),
        mh = this.mapHi(i);
      if (ml === lo && mh === hi) return i;
      if (ml !== 0 || mh !== 0) seen++;
    }
    return 0;
  }

  private firstFree(): number {
    for (let i = this.geometry.firstIndex; i < this.geometry.lastIndex; i++) {
      if (this.mapLo(i) === 0 && this.mapHi(i) === 0) return i;
    }
    return 0;
  }

  /** get_next_record_identifier: ids in slot order, then one ~0, then it starts over. */
  private nextId(first: boolean): [number, number] {
    if (first) this.cursor = this.geometry.firstIndex;
    if (this.recordCount() !== 0) {
      for (let i = this.cursor; i < this.geometry.lastIndex; i++) {
        const lo = this.mapLo(i),
          hi = this.mapHi(i);
        if (lo !== 0 || hi !== 0) {
          this.cursor = i + 1;
          return [lo, hi];
        }
      }
    }
    this.cursor = this.geometry.firstIndex;
    return [ONES, ONES];
  }

  private writeRecord(effect: DeviceEffect): number {
    const xl = this.geometry.exchangeSize;
    const off = this.recordOffset;
    if (off > xl - CPER_RECORD_MIN_SIZE) return STATUS.FAILED;
    const x = new DataView(this.exchange.buffer, this.exchange.byteOffset + off);
    const len = x.getUint32(CPER_RECORD_LENGTH_OFFSET, true);
    if (len < CPER_RECORD_MIN_SIZE || this.recordTooLong(off, len, 'write')) return STATUS.FAILED;
    const lo = x.getUint32(CPER_RECORD_ID_OFFSET, true),
      hi = x.getUint32(CPER_RECORD_ID_OFFSET + 4, true);
    effect.id = join(lo, hi);
    if ((lo === 0 && hi === 0) || (lo === ONES && hi === ONES)) return STATUS.FAILED;
    let idx = this.lookup(lo, hi);
    const found = idx !== 0;
    if (!found) idx = this.firstFree();
    if (idx === 0) return STATUS.NOT_ENOUGH_SPACE;
    const at = this.slotOffset(idx);
    this.store.set(this.exchange.subarray(off, off + len), at);
    // 7.0/7.1: memset(nvram + len, xl - len, 0xFF), i.e. 255 bytes of (xl - len) that can run
    // into the next slot; the rest of the slot keeps its old bytes. Past the store end nothing lands.
    if (this.swappedFill) this.store.fill(swappedFillByte(xl, len), at + len, Math.min(at + len + SWAPPED_FILL_LENGTH, this.store.length));
    else this.store.fill(0xff, at + len, Math.min(at + xl, this.store.length));
    if (!found) this.dv.setUint32(STORE_HEADER_AT.recordCount, (this.recordCount() + 1) >>> 0, true);
    this.setMap(idx, lo, hi);
    effect.slot = idx;
    effect.overwrite = found;
    return STATUS.SUCCESS;
  }

  private readRecord(effect: DeviceEffect): number {
    if (this.recordCount() === 0) return STATUS.RECORD_STORE_EMPTY;
    const xl = this.geometry.exchangeSize;
    if (this.idLo === 0 && this.idHi === 0) [this.idLo, this.idHi] = this.nextId(true);
    effect.id = join(this.idLo, this.idHi);
    if (this.idLo === ONES && this.idHi === ONES) return STATUS.FAILED;
    const off = this.recordOffset;
    if (off > xl - CPER_RECORD_MIN_SIZE) return STATUS.FAILED;
    const idx = this.lookup(this.idLo, this.idHi);
    if (idx === 0) {
      // Not found: QEMU re-seeds record_identifier with the first id (and moves the cursor).
      [this.idLo, this.idHi] = this.nextId(true);
      return STATUS.RECORD_NOT_FOUND;
    }
    const at = this.slotOffset(idx);
    const len = this.dv.getUint32(at + CPER_RECORD_LENGTH_OFFSET, true);
    effect.slot = idx;
    if (len < CPER_RECORD_MIN_SIZE || this.recordTooLong(off, len, 'read')) return STATUS.FAILED;
    this.exchange.set(this.store.subarray(at, at + len), off);
    return STATUS.SUCCESS;
  }

  /**
   * `len > xl - off` (7.2+). 7.0/7.1 test `off + len > xl` in u32, which wraps for a length
   * near 4 GiB: the check passes and the memcpy that follows overruns the buffer.
   */
  private recordTooLong(off: number, len: number, op: 'read' | 'write'): boolean {
    const xl = this.geometry.exchangeSize;
    if (!this.wrappingCheck) return len > xl - off;
    if (off + len > 0xffffffff)
      throw new QemuWouldCrash(
        `QEMU ${this.qemu} would copy ${len} bytes in this ${op} (record_offset + length wraps past 2^32) and overrun its buffers`,
      );
    return off + len > xl;
  }

  private clearRecord(effect: DeviceEffect): number {
    effect.id = join(this.idLo, this.idHi);
    if ((this.idLo === 0 && this.idHi === 0) || (this.idLo === ONES && this.idHi === ONES)) return STATUS.FAILED;
    const idx = this.lookup(this.idLo, this.idHi);
    if (idx === 0) return STATUS.RECORD_NOT_FOUND;
    this.setMap(idx, 0, 0);
    this.dv.setUint32(STORE_HEADER_AT.recordCount, (this.recordCount() - 1) >>> 0, true);
    effect.slot = idx;
    return STATUS.SUCCESS;
  }
}

function join(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function sizeMask(size: number): number {
  return size >= 4 ? 0xffffffff : (1 << (8 * size)) - 1;
}

/** QEMU's memory_access_size: at most 4 bytes, never more than the address's natural alignment. */
function pieceSize(addr: number, remaining: number): number {
  let l = Math.min(remaining, 4);
  const align = addr & -addr;
  if (align !== 0 && align < l) l = align;
  return l >= 4 ? 4 : l >= 2 ? 2 : 1;
}

function checkAccess(offset: number, size: number): void {
  if (!(size === 1 || size === 2 || size === 4 || size === 8)) throw new RangeError(`access size ${size} is not 1, 2, 4 or 8`);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > REG.SIZE)
    throw new RangeError(`access of ${size} bytes at offset ${offset} does not fit BAR0 (${REG.SIZE} bytes)`);
}
