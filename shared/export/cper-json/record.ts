/**
 * CPER-JSON in libcper's conventions (key names, `{value,name}` pairs, `{major,minor}`
 * revisions, fields whose validation bit is clear left out, 64-bit integers exact), written
 * straight from a record's bytes into a JsonText. The record's extent, section table and
 * section windows are worked out exactly as decodeRecord does; each section body is written
 * by its declaration's JSON writer (shared/sections/define.ts). A section with none (unknown
 * type, pstore) is `{"Unknown": {"data": base64}}` as libcper writes it.
 */
import { u16le as u16, u32le as u32 } from '../../bytes/le';
import { LIBCPER_NOTIFICATION_TYPES } from '../../cper/guids';
import { DESCRIPTOR_SIZE, HEADER_SIZE, recordExtent } from '../../cper/layout';
import { LIBCPER_HEADER_FLAGS, LIBCPER_SEVERITY, SECTION_FLAGS } from '../../cper/strings';
import { guidText } from '../../decode/guid-text';
import { keyBytes, strBytes, type JsonText } from '../../decode/json-text';
import { libcperSectionName, sectionJsonWriterFor } from '../../sections/registry';

/** Reads `length` bytes at an absolute source offset (fewer or none past the end). */
export type ReadBytes = (offset: number, length: number) => Uint8Array | undefined;

/** A ReadBytes over a buffer whose first byte is at absolute offset `base`. */
export function bufferReader(buf: Uint8Array, base = 0): ReadBytes {
  return (offset, length) => {
    const s = Math.max(0, offset - base);
    return buf.subarray(Math.min(s, buf.length), Math.min(buf.length, s + Math.max(0, length)));
  };
}

const SECTION_FLAG_KEYS = Array.from({ length: 8 }, (_, i) => keyBytes(SECTION_FLAGS[i]));

const K = {
  header: keyBytes('header'), descriptors: keyBytes('sectionDescriptors'), sections: keyBytes('sections'),
  revision: keyBytes('revision'), major: keyBytes('major'), minor: keyBytes('minor'), sectionCount: keyBytes('sectionCount'),
  severity: keyBytes('severity'), code: keyBytes('code'), name: keyBytes('name'), recordLength: keyBytes('recordLength'),
  timestamp: keyBytes('timestamp'), precise: keyBytes('timestampIsPrecise'), platformID: keyBytes('platformID'), partitionID: keyBytes('partitionID'),
  creatorID: keyBytes('creatorID'), notificationType: keyBytes('notificationType'), guid: keyBytes('guid'), type: keyBytes('type'),
  recordID: keyBytes('recordID'), flags: keyBytes('flags'), value: keyBytes('value'), persistenceInfo: keyBytes('persistenceInfo'),
  sectionOffset: keyBytes('sectionOffset'), sectionLength: keyBytes('sectionLength'), sectionType: keyBytes('sectionType'), data: keyBytes('data'),
  fruID: keyBytes('fruID'), fruText: keyBytes('fruText'), unknown: keyBytes('Unknown'), sectionDescriptor: keyBytes('sectionDescriptor'), section: keyBytes('section'),
};


function revision(w: JsonText, v: number): void {
  w.key(K.revision);
  w.open();
  w.key(K.major);
  w.int(v >> 8);
  w.key(K.minor);
  w.int(v & 0xff);
  w.close();
}

function severity(w: JsonText, v: number): void {
  w.key(K.severity);
  w.open();
  w.key(K.code);
  w.int(v);
  w.key(K.name);
  w.raw(strBytes(LIBCPER_SEVERITY[v] ?? 'Unknown'));
  w.close();
}

/** Timestamps repeat across records: their JSON text is kept by raw value. */
interface Stamp { text: Uint8Array | null; precise: boolean }
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
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
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

/** The header object from the first `avail` bytes at `at` (fields past them left out). */
function writeHeader(w: JsonText, b: Uint8Array, at: number, avail: number): void {
  w.open();
  const vb = avail >= 20 ? u32(b, at + 16) : 0;
  if (avail >= 6) revision(w, u16(b, at + 4));
  if (avail >= 12) {
    w.key(K.sectionCount);
    w.int(u16(b, at + 10));
  }
  if (avail >= 16) severity(w, u32(b, at + 12));
  if (avail >= 24) {
    w.key(K.recordLength);
    w.int(u32(b, at + 20));
  }
  if (avail >= 32 && vb & 2) {
    const s = stamp(b, at + 24);
    if (s.text) {
      w.key(K.timestamp);
      w.raw(s.text);
      w.key(K.precise);
      w.bool(s.precise);
    }
  }
  if (avail >= 48 && vb & 1) {
    w.key(K.platformID);
    w.guid(b, at + 32);
  }
  if (avail >= 64 && vb & 4) {
    w.key(K.partitionID);
    w.guid(b, at + 48);
  }
  if (avail >= 80) {
    w.key(K.creatorID);
    w.guid(b, at + 64);
  }
  if (avail >= 96) {
    w.key(K.notificationType);
    w.open();
    w.key(K.guid);
    w.guid(b, at + 80);
    w.key(K.type);
    w.raw(strBytes(LIBCPER_NOTIFICATION_TYPES[guidText(b, at + 80)] ?? 'Unknown'));
    w.close();
  }
  if (avail >= 104) {
    w.key(K.recordID);
    w.u64(u32(b, at + 96), u32(b, at + 100));
  }
  if (avail >= 108) {
    const fl = u32(b, at + 104);
    w.key(K.flags);
    w.open();
    w.key(K.value);
    w.int(fl);
    w.key(K.name);
    w.raw(strBytes(LIBCPER_HEADER_FLAGS[fl] ?? 'Unknown'));
    w.close();
  }
  if (avail >= 116) {
    w.key(K.persistenceInfo);
    w.u64(u32(b, at + 108), u32(b, at + 112));
  }
  w.close();
}

/** A section descriptor's object from the bytes at `at` (up to `end`). */
function writeDescriptor(w: JsonText, b: Uint8Array, at: number, end: number): void {
  const has = (o: number, n: number) => at + o + n <= end;
  w.open();
  if (has(0, 4)) {
    w.key(K.sectionOffset);
    w.int(u32(b, at));
  }
  if (has(4, 4)) {
    w.key(K.sectionLength);
    w.int(u32(b, at + 4));
  }
  if (has(8, 2)) revision(w, u16(b, at + 8));
  if (has(12, 4)) {
    const fl = u32(b, at + 12);
    w.key(K.flags);
    w.open();
    for (let i = 0; i < 8; i++) {
      w.key(SECTION_FLAG_KEYS[i]);
      w.bool(((fl >>> i) & 1) === 1);
    }
    w.close();
  }
  if (has(16, 16)) {
    w.key(K.sectionType);
    w.open();
    w.key(K.data);
    w.guid(b, at + 16);
    w.key(K.type);
    w.raw(strBytes(libcperSectionName(guidText(b, at + 16))));
    w.close();
  }
  const vb = has(10, 1) ? b[at + 10] : 0;
  if (vb & 1 && has(32, 16)) {
    w.key(K.fruID);
    w.guid(b, at + 32);
  }
  if (vb & 2 && has(52, 20) && printableZ(b, at + 52, 20)) {
    w.key(K.fruText);
    w.asciiz(b, at + 52, 20);
  }
  if (has(48, 4)) severity(w, u32(b, at + 48));
  w.close();
}

/** libcper's add_untrusted_string test: non-empty, printable, and NUL-terminated within `n`. */
function printableZ(b: Uint8Array, o: number, n: number): boolean {
  let i = 0;
  for (; i < n && b[o + i] !== 0; i++) if (b[o + i] < 0x20 || b[o + i] > 0x7e) return false;
  return i > 0 && i < n;
}

function writeUnknown(w: JsonText, b: Uint8Array, at: number, length: number): void {
  w.open();
  w.key(K.unknown);
  w.open();
  w.key(K.data);
  w.b64(b, at, Math.max(0, length));
  w.close();
  w.close();
}

/** A section body's object: its declaration's writer, else raw bytes. Never throws. */
function writeBody(w: JsonText, type: string, b: Uint8Array, at: number, present: number): void {
  const write = sectionJsonWriterFor(type);
  if (write) {
    const m = w.mark();
    try {
      write(w, b, at, present);
      return;
    } catch {
      // A writer bug must not cut the export short: this section falls back to its bytes.
      w.reset(m);
    }
  }
  writeUnknown(w, b, at, present);
}

/**
 * The record at `at` of `b`, `avail` bytes at most (the record's slot or the rest of the
 * buffer), as libcper's `{header, sectionDescriptors, sections}`.
 */
export function writeRecordJson(w: JsonText, b: Uint8Array, at: number, avail: number): void {
  avail = Math.max(0, Math.min(avail, b.length - at));
  w.open();
  w.key(K.header);
  writeHeader(w, b, at, avail);
  w.key(K.descriptors);
  w.openArray();
  let n = 0;
  let extent = avail;
  if (avail >= HEADER_SIZE) {
    extent = recordExtent(u32(b, at + 20), avail);
    n = Math.min(u16(b, at + 10), Math.max(0, Math.floor((extent - HEADER_SIZE) / DESCRIPTOR_SIZE)));
  }
  for (let i = 0; i < n; i++) {
    w.item();
    writeDescriptor(w, b, at + HEADER_SIZE + i * DESCRIPTOR_SIZE, at + extent);
  }
  w.closeArray();
  w.key(K.sections);
  w.openArray();
  for (let i = 0; i < n; i++) {
    const d = at + HEADER_SIZE + i * DESCRIPTOR_SIZE;
    const off = u32(b, d);
    const len = u32(b, d + 4);
    w.item();
    if (off >= extent) writeUnknown(w, b, at + extent, 0);
    else writeBody(w, guidText(b, d + 16), b, at + off, Math.min(len, extent - off));
  }
  w.closeArray();
  w.close();
}

/** A section-only file (descriptor at 0, body at its offset) as `{sectionDescriptor, section}`. */
export function writeSectionOnlyJson(w: JsonText, b: Uint8Array): void {
  w.open();
  w.key(K.sectionDescriptor);
  writeDescriptor(w, b, 0, b.length);
  w.key(K.section);
  if (b.length < DESCRIPTOR_SIZE) writeUnknown(w, b, b.length, 0);
  else {
    const off = u32(b, 0);
    const len = u32(b, 4);
    if (off >= b.length) writeUnknown(w, b, b.length, 0);
    else writeBody(w, guidText(b, 16), b, off, Math.min(len, b.length - off));
  }
  w.close();
}
