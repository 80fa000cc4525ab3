/**
 * Bulk CPER-JSON: bytes in, text out, nothing decoded into objects. Records back to back are
 * found as decodeRecords finds them (a record whose length lies ends at the next "CPER"
 * signature) and each is written straight from its bytes by writeRecordJson. The text equals
 * `cperJsonText` of the same records decoded (tests/export/lean.test.ts).
 */
import { looksLikeRecord } from '../../cper/record';
import { HEADER_SIZE } from '../../cper/layout';
import { decodeInput } from '../../input/index';
import { cperJsonBytes } from './index';
import { bufferReader, writeRecordJson } from './record';
import { JsonText } from './text';

function findSignature(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= bytes.length; i++) {
    if (bytes[i] === 0x43 && looksLikeRecord(bytes, i)) return i;
  }
  return -1;
}

/** CPER-JSON (ASCII bytes, trailing newline) of any CPER input; compact when `indent` is 0. */
export function cperJsonBytesOf(bytes: Uint8Array, indent = 0): Uint8Array {
  if (!looksLikeRecord(bytes, 0)) {
    const res = decodeInput(bytes, { lean: true });
    return cperJsonBytes(res.records, bufferReader(res.bytes), res.sections, indent);
  }
  const w = new JsonText(indent, Math.max(1 << 16, bytes.length * 8));
  w.openArray();
  let count = 0;
  let first = 0;
  let at = 0;
  const len = bytes.length;
  while (at < len) {
    if (!looksLikeRecord(bytes, at)) {
      const next = findSignature(bytes, at + 1);
      if (next < 0) break;
      at = next;
      continue;
    }
    if (count++ === 0) first = at;
    w.item();
    writeRecordJson(w, bytes, at, len - at);
    const claimed = at + 24 <= len ? (bytes[at + 20] | (bytes[at + 21] << 8) | (bytes[at + 22] << 16) | (bytes[at + 23] << 24)) >>> 0 : 0;
    if (claimed >= HEADER_SIZE && at + claimed <= len) at += claimed;
    else {
      const next = findSignature(bytes, at + 4);
      if (next < 0) break;
      at = next;
    }
  }
  if (count === 1) {
    const one = new JsonText(indent);
    writeRecordJson(one, bytes, first, len - first);
    one.byte(10);
    return one.bytes();
  }
  w.closeArray();
  w.byte(10);
  return w.bytes();
}

export function cperJsonTextOf(bytes: Uint8Array, indent = 0): string {
  return new TextDecoder().decode(cperJsonBytesOf(bytes, indent));
}
