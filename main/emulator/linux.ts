import { toHex } from '../../shared/bytes/hex';
import { ACTION, CPER_RECORD_ID_OFFSET, CPER_RECORD_LENGTH_OFFSET, EXECUTE_MAGIC, REG } from '../../shared/erst/actions';
import type { Access } from './accesses';

/**
 * Access lists the way Linux drives the device: the APEI interpreter runs the ERST table's
 * instructions (doc §6) with 32-bit accesses, set actions as VALUE-then-ACTION and get
 * actions as ACTION-then-read. These are exactly the register sequences seen in the corpus
 * traces, so the same builders serve the session service, tests and the random generator.
 */

const hex = (n: number | bigint) => '0x' + n.toString(16);
export const act = (code: number): Access => ({ op: 'write', offset: REG.ACTION, size: 4, value: hex(code) });
export const setValue32 = (v: number | bigint): Access => ({
  op: 'write',
  offset: REG.VALUE,
  size: 4,
  value: hex(BigInt(v) & 0xffffffffn),
});
export const readValue32: Access = { op: 'read', offset: REG.VALUE, size: 4 };
const readValueHi: Access = { op: 'read', offset: REG.VALUE_HI, size: 4 };

function setValue64(v: bigint): Access[] {
  return [setValue32(v & 0xffffffffn), { op: 'write', offset: REG.VALUE_HI, size: 4, value: hex(v >> 32n) }];
}

/** EXECUTE, then CHECK_BUSY_STATUS and GET_COMMAND_STATUS reads, then END: Linux's tail of every operation. Reads: busy, status. */
function executeAndEnd(): Access[] {
  return [
    setValue32(EXECUTE_MAGIC),
    act(ACTION.EXECUTE),
    act(ACTION.CHECK_BUSY_STATUS),
    readValue32,
    act(ACTION.GET_COMMAND_STATUS),
    readValue32,
    act(ACTION.END),
  ];
}

/** erst_write: copy the record into the exchange buffer, then write it. Reads: busy, status. */
export function linuxWrite(record: Uint8Array, offset = 0): Access[] {
  return [
    { op: 'buf-write', offset, hex: toHex(record) },
    act(ACTION.BEGIN_WRITE),
    setValue32(offset),
    act(ACTION.SET_RECORD_OFFSET),
    ...executeAndEnd(),
  ];
}

/** erst_read of one id; the record is then in the buffer. Reads: busy, status[, the record bytes when `length` is given]. */
export function linuxRead(id: bigint, offset = 0, length?: number): Access[] {
  const out: Access[] = [
    act(ACTION.BEGIN_READ),
    setValue32(offset),
    act(ACTION.SET_RECORD_OFFSET),
    ...setValue64(id),
    act(ACTION.SET_RECORD_IDENTIFIER),
    ...executeAndEnd(),
  ];
  if (length !== undefined) out.push({ op: 'buf-read', offset, length });
  return out;
}

/** erst_clear. Reads: busy, status. */
export function linuxClear(id: bigint): Access[] {
  return [act(ACTION.BEGIN_CLEAR), ...setValue64(id), act(ACTION.SET_RECORD_IDENTIFIER), ...executeAndEnd()];
}

/** Reads: count. */
export function linuxCount(): Access[] {
  return [act(ACTION.GET_RECORD_COUNT), readValue32];
}

/** One GET_RECORD_IDENTIFIER. Reads: id lo, id hi. */
export function linuxNextId(): Access[] {
  return [act(ACTION.GET_RECORD_IDENTIFIER), readValue32, readValueHi];
}

/** Reads: busy, status. */
export function linuxDummyWrite(offset = 0): Access[] {
  return [act(ACTION.BEGIN_DUMMY_WRITE), setValue32(offset), act(ACTION.SET_RECORD_OFFSET), ...executeAndEnd()];
}

/** erst_get_erange at driver load. Reads: base lo, base hi, length lo, length hi, attributes. */
export function linuxRanges(): Access[] {
  return [
    act(ACTION.GET_ERROR_LOG_ADDRESS_RANGE),
    readValue32,
    readValueHi,
    act(ACTION.GET_ERROR_LOG_ADDRESS_LENGTH),
    readValue32,
    readValueHi,
    act(ACTION.GET_ERROR_LOG_ADDRESS_RANGE_ATTRIBUTES),
    readValue32,
  ];
}

/** Timings. Reads: lo, hi. */
export function linuxTimings(): Access[] {
  return [act(ACTION.GET_EXECUTE_OPERATION_TIMINGS), readValue32, readValueHi];
}

/** A CPER-shaped record: only the two fields QEMU reads are meaningful (length @20, id @96). */
export function fakeRecord(id: bigint, length: number, fill = 0x5a, total = length): Uint8Array {
  const b = new Uint8Array(Math.max(total, 104));
  for (let i = 0; i < b.length; i++) b[i] = (fill + i * 7) & 0xff;
  b.set([0x43, 0x50, 0x45, 0x52], 0);
  const dv = new DataView(b.buffer);
  dv.setUint32(CPER_RECORD_LENGTH_OFFSET, length >>> 0, true);
  dv.setBigUint64(CPER_RECORD_ID_OFFSET, BigInt.asUintN(64, id), true);
  return b;
}
