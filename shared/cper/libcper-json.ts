/**
 * CPER-JSON lines of the record header and section descriptor that the declared shapes cannot
 * say, kept beside their declarations (layout.ts): libcper's timestamp text and its test for a
 * printable FRU text.
 */
import { u32le } from '../bytes/le';
import { keyBytes, strBytes, type JsonText } from '../decode/json-text';

const KEY_TIMESTAMP = keyBytes('timestamp');
const KEY_PRECISE = keyBytes('timestampIsPrecise');
const KEY_FRU_TEXT = keyBytes('fruText');

/** Timestamps repeat across records: their JSON text is kept by raw value. */
interface Stamp {
  text: Uint8Array | null;
  precise: boolean;
}
const STAMPS = new Map<number, Map<number, Stamp>>();
let stampCount = 0;

/**
 * libcper's timestamp_to_string: each byte read as two BCD digits without checking the nibbles,
 * century and year taken mod 100, and the time left out when month > 12, day > 31, hours > 24,
 * minutes > 60 or seconds >= 60. A Unix-seconds timestamp (Linux pstore) is read the same way.
 */
function libcperStamp(b: Uint8Array, o: number): Uint8Array | null {
  const d = (x: number) => (x >> 4) * 10 + (x & 15);
  const [sec, min, hour, day, mon] = [d(b[o]), d(b[o + 1]), d(b[o + 2]), d(b[o + 4]), d(b[o + 5])];
  if (mon > 12 || day > 31 || hour > 24 || min > 60 || sec >= 60) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return strBytes(`${p(d(b[o + 7]) % 100)}${p(d(b[o + 6]) % 100)}-${p(mon)}-${p(day)}T${p(hour)}:${p(min)}:${p(sec)}+00:00`);
}

function stamp(b: Uint8Array, o: number): Stamp {
  const lo = u32le(b, o);
  const hi = u32le(b, o + 4);
  let m = STAMPS.get(hi);
  const hit = m?.get(lo);
  if (hit) return hit;
  const s: Stamp = { text: libcperStamp(b, o), precise: b[o + 3] !== 0 };
  if (stampCount < 4096) {
    stampCount++;
    if (!m) STAMPS.set(hi, (m = new Map()));
    m.set(lo, s);
  }
  return s;
}

/** `timestamp` and `timestampIsPrecise`, or nothing when libcper cannot read the time. */
export function writeLibcperTimestamp(w: JsonText, b: Uint8Array, off: number): void {
  const s = stamp(b, off);
  if (!s.text) return;
  w.key(KEY_TIMESTAMP);
  w.raw(s.text);
  w.key(KEY_PRECISE);
  w.bool(s.precise);
}

/** libcper's add_untrusted_string test: non-empty, printable, and NUL-terminated within `n`. */
function printableZ(b: Uint8Array, o: number, n: number): boolean {
  let i = 0;
  for (; i < n && b[o + i] !== 0; i++) if (b[o + i] < 0x20 || b[o + i] > 0x7e) return false;
  return i > 0 && i < n;
}

/** `fruText` when the 20 bytes at `off` are a printable, NUL-terminated string. */
export function writeLibcperFruText(w: JsonText, b: Uint8Array, off: number): void {
  if (!printableZ(b, off, 20)) return;
  w.key(KEY_FRU_TEXT);
  w.asciiz(b, off, 20);
}
