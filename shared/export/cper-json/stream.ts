/**
 * CPER-JSON written from bytes (libcper's conventions): one record gives libcper's object,
 * several an array of them, a section-only input `{sectionDescriptor, section}`. Each record
 * is written straight from its bytes by writeRecordJson (compiled declarations, no objects),
 * so decoded records, lean ones and raw bytes all give the same text.
 *
 * CperJsonStream writes record by record into a sink, flushing as it goes: memory holds one
 * record's text and a flush buffer, whatever the number of records.
 */
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import { looksLikeRecord } from '../../cper/record';
import { concatBytes } from '../../bytes/concat';
import { recordExtent } from '../../cper/layout';
import { u32le } from '../../bytes/le';
import { decodeInput } from '../../input/index';
import { eachRecordStart } from '../../input/records';
import { bufferReader, writeRecordJson, writeSectionOnlyJson, type ReadBytes } from './record';
import { JsonText } from '../../decode/json-text';

const EMPTY = new Uint8Array(0);
/** Text is handed to the sink in pieces of about this size. */
const FLUSH_AT = 1 << 20;

/**
 * Writes records one at a time. Whether the document is one object or an array is known
 * only at the second record: the first is kept as its bytes' place until then and written
 * again inside the array (records are re-read, never held as text twice).
 */
export class CperJsonStream {
  private w: JsonText | null = null;
  private first: { b: Uint8Array; at: number; avail: number } | null = null;
  private count = 0;

  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    private readonly indent = 2,
  ) {}

  /** Number of records written. */
  get records(): number {
    return this.count;
  }

  /** The record at `at` of `b`, with `avail` bytes present from there (the record's extent bound). */
  record(b: Uint8Array, at: number, avail: number): void {
    this.count++;
    if (this.count === 1) {
      // Kept only until the next record says the document is an array.
      this.first = { b: b.slice(at, at + Math.max(0, Math.min(avail, b.length - at))), at: 0, avail };
      return;
    }
    if (!this.w) {
      this.w = new JsonText(this.indent, FLUSH_AT * 2);
      this.w.openArray();
      const f = this.first!;
      this.first = null;
      this.w.item();
      writeRecordJson(this.w, f.b, f.at, f.avail);
    }
    this.w.item();
    writeRecordJson(this.w, b, at, avail);
    if (this.w.pos >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    const w = this.w!;
    if (w.pos) this.sink(w.buf.subarray(0, w.pos));
    w.pos = 0;
  }

  /** Closes the document (trailing newline) and flushes it. */
  finish(): void {
    if (this.count === 1) {
      const one = new JsonText(this.indent);
      const f = this.first!;
      this.first = null;
      writeRecordJson(one, f.b, f.at, f.avail);
      one.byte(10);
      this.sink(one.bytes());
      return;
    }
    if (!this.w) {
      this.w = new JsonText(this.indent);
      this.w.openArray();
    }
    this.w.closeArray();
    this.w.byte(10);
    this.flush();
  }
}

function writeSection(w: JsonText, sec: DecodedSection, read?: ReadBytes): void {
  const d = sec.descriptor;
  const bytes = read?.(d.offset, Math.max(d.length, sec.offset - d.offset + sec.length)) ?? EMPTY;
  writeSectionOnlyJson(w, bytes);
}

/** The JSON of section-only input: one object, or an array of them. */
function sectionsJson(w: JsonText, sections: readonly DecodedSection[], read?: ReadBytes): void {
  if (sections.length === 1) return writeSection(w, sections[0], read);
  w.openArray();
  for (const s of sections) {
    w.item();
    writeSection(w, s, read);
  }
  w.closeArray();
}

/** The JSON of decoded records (or a section-only input) as bytes of text (ASCII). */
export function cperJsonBytes(
  records: readonly DecodedRecord[],
  read?: ReadBytes,
  sections: readonly DecodedSection[] = [],
  indent = 2,
): Uint8Array {
  if (!records.length && sections.length) {
    const w = new JsonText(indent);
    sectionsJson(w, sections, read);
    w.byte(10);
    return w.bytes();
  }
  const parts: Uint8Array[] = [];
  const s = new CperJsonStream((c) => parts.push(c.slice()), indent);
  for (const r of records) {
    const bytes = read?.(r.offset, r.length) ?? EMPTY;
    s.record(bytes, 0, bytes.length);
  }
  s.finish();
  return concat(parts);
}

/** The JSON text as written by `export --json` (2-space indent, 64-bit integers exact). */
export function cperJsonText(...args: Parameters<typeof cperJsonBytes>): string {
  return new TextDecoder().decode(cperJsonBytes(...args));
}

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/** CPER-JSON (ASCII bytes, trailing newline) of any CPER input; compact when `indent` is 0. */
function cperJsonBytesOf(bytes: Uint8Array, indent = 0): Uint8Array {
  if (!looksLikeRecord(bytes, 0)) {
    const res = decodeInput(bytes, { lean: true });
    return cperJsonBytes(res.records, bufferReader(res.bytes), res.sections, indent);
  }
  const parts: Uint8Array[] = [];
  const s = new CperJsonStream((c) => parts.push(c.slice()), indent);
  // Records found as decodeRecords finds them; each is given the bytes present from its start
  // (to the end of the input: a lying length is bounded by what exists).
  eachRecordStart(bytes, (at) => {
    const claimed = at + 24 <= bytes.length ? u32le(bytes, at + 20) : 0;
    s.record(bytes, at, recordExtent(claimed, bytes.length - at));
    return claimed;
  });
  s.finish();
  return concat(parts);
}

export function cperJsonTextOf(bytes: Uint8Array, indent = 0): string {
  return new TextDecoder().decode(cperJsonBytesOf(bytes, indent));
}
