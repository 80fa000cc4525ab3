/**
 * CPER-JSON in libcper's conventions (key names, `{value,name}` pairs, `{major,minor}`
 * revisions, fields whose validation bit is clear left out, 64-bit integers exact), written
 * straight from a record's bytes into a JsonText. The header and the descriptors are written
 * from their declarations (cper/layout.ts) as any section is. The record's extent, section table and
 * section windows are worked out exactly as decodeRecord does; each section body is written
 * by its declaration's JSON writer (shared/sections/define.ts). A section with none (unknown
 * type, pstore) is `{"Unknown": {"data": base64}}` as libcper writes it.
 */
import { u16le as u16, u32le as u32 } from '../../bytes/le';
import { RECORD_HEADER, SECTION_DESCRIPTOR } from '../../cper/layout';
import { DESCRIPTOR_SIZE, descriptorsFit, HEADER_SIZE, recordExtent, sectionPresent } from '../../cper/layout';
import { guidText } from '../../decode/guid-text';
import { writeStruct } from '../../decode/json-plan';
import { keyBytes, type JsonText } from '../../decode/json-text';
import { sectionJsonWriterFor } from '../../sections/registry';

/** Reads `length` bytes at an absolute source offset (fewer or none past the end). */
export type ReadBytes = (offset: number, length: number) => Uint8Array | undefined;

/** A ReadBytes over a buffer whose first byte is at absolute offset `base`. */
export function bufferReader(buf: Uint8Array, base = 0): ReadBytes {
  return (offset, length) => {
    const s = Math.max(0, offset - base);
    return buf.subarray(Math.min(s, buf.length), Math.min(buf.length, s + Math.max(0, length)));
  };
}

const K = {
  header: keyBytes('header'),
  descriptors: keyBytes('sectionDescriptors'),
  sections: keyBytes('sections'),
  data: keyBytes('data'),
  unknown: keyBytes('Unknown'),
  sectionDescriptor: keyBytes('sectionDescriptor'),
  section: keyBytes('section'),
};

/** A section descriptor's object from the bytes at `at` (up to `end`), from its declaration. */
function writeDescriptor(w: JsonText, b: Uint8Array, at: number, end: number): void {
  writeStruct(w, SECTION_DESCRIPTOR, b, at, end);
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
  writeStruct(w, RECORD_HEADER, b, at, at + avail);
  w.key(K.descriptors);
  w.openArray();
  let n = 0;
  let extent = avail;
  if (avail >= HEADER_SIZE) {
    extent = recordExtent(u32(b, at + 20), avail);
    n = Math.min(u16(b, at + 10), descriptorsFit(extent));
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
    const present = sectionPresent(off, u32(b, d + 4), extent);
    w.item();
    if (present < 0) writeUnknown(w, b, at + extent, 0);
    else writeBody(w, guidText(b, d + 16), b, at + off, present);
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
    const present = sectionPresent(off, u32(b, 4), b.length);
    if (present < 0) writeUnknown(w, b, b.length, 0);
    else writeBody(w, guidText(b, 16), b, off, present);
  }
  w.close();
}
