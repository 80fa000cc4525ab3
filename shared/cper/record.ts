import { ByteReader } from '../bytes/reader';
import { hex64 } from '../bytes/hex';
import { NULL_GUID } from '../bytes/guid';
import { decodeCperTimestamp, type DecodedTime } from '../bytes/time';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import type { FieldNode } from '../decode/node';
import { decodeStruct } from '../decode/struct';
import { sectionDecoderFor, sectionName } from '../sections/registry';
import { CREATORS, NOTIFICATION_TYPES } from './guids';
import {
  CPER_SIGNATURE,
  DESCRIPTOR_SIZE,
  descriptorsFit,
  HEADER_SIZE,
  RECORD_HEADER,
  recordExtent,
  SECTION_DESCRIPTOR,
  sectionPresent,
} from './layout';
import type { PstoreInfo } from './section';
import { severityName } from './strings';

export interface DecodedSection {
  index: number;
  descriptor: FieldNode;
  type: string;
  name: string;
  severity?: number;
  severityName: string;
  /** Absolute offset and declared length of the body (the part present may be shorter). */
  offset: number;
  length: number;
  body?: FieldNode;
  summary?: string;
  pstore?: PstoreInfo;
  values?: unknown;
  diagnostics: Diagnostic[];
}

export interface DecodedRecord {
  /** Absolute offset of the record and the number of bytes it spans (≤ recordLength when cut). */
  offset: number;
  length: number;
  header: FieldNode;
  signatureOk: boolean;
  revision?: number;
  sectionCount?: number;
  severity?: number;
  severityName: string;
  validationBits?: number;
  recordLength?: number;
  timestamp: DecodedTime;
  platformId?: string;
  partitionId?: string;
  creatorId?: string;
  creatorName?: string;
  notificationType?: string;
  notificationName?: string;
  /** Decimal and hex text of the 64-bit record id (exact). */
  recordId?: string;
  recordIdHex?: string;
  flags?: number;
  persistenceInfo?: string;
  sections: DecodedSection[];
  diagnostics: Diagnostic[];
  /** Decoded for an index only: values and summaries, no field trees (see ByteReader.lean). */
  lean?: boolean;
}

export interface RecordOptions {
  /** Absolute offset of `bytes[0]` in the source (for spans). */
  base?: number;
  /** Upper bound on the record's extent from `at` (e.g. the slot size); defaults to the buffer end. */
  maxLength?: number;
  /** Values and summaries only, no field trees. */
  lean?: boolean;
}

/** Is there a CPER signature at `at`? Cheap check used to classify slots and split files. */
export function looksLikeRecord(bytes: Uint8Array, at: number): boolean {
  return at + 4 <= bytes.length && bytes[at] === 0x43 && bytes[at + 1] === 0x50 && bytes[at + 2] === 0x45 && bytes[at + 3] === 0x52;
}

/**
 * Decodes the CPER record at `at`. Never throws: whatever lies (signature, lengths, section
 * table) becomes a diagnostic at its byte offset and decoding continues as far as bytes allow.
 */
export function decodeRecord(bytes: Uint8Array, at = 0, opts: RecordOptions = {}): DecodedRecord {
  const base = opts.base ?? 0;
  const avail = Math.max(0, Math.min(bytes.length - at, opts.maxLength ?? Infinity));
  const abs = base + at;
  const diagnostics: Diagnostic[] = [];
  const lean = opts.lean ?? false;
  const full = new ByteReader(bytes.subarray(at, at + avail), abs, lean);
  const h = decodeStruct(full, 0, RECORD_HEADER);
  const v = h.v;
  const rec: DecodedRecord = {
    offset: abs,
    length: Math.min(avail, HEADER_SIZE),
    header: h.node,
    signatureOk: v.signature === 'CPER' && full.u32(0) === CPER_SIGNATURE,
    timestamp: { encoding: 'absent', iso: null },
    severityName: severityName(v.severity),
    sections: [],
    diagnostics,
  };
  if (lean) rec.lean = true;
  if (avail < HEADER_SIZE) {
    diagnostics.push(expert('record.truncated-header', `only ${avail} of the 128 header bytes are present`, abs, avail));
  }
  if (!rec.signatureOk) {
    diagnostics.push(expert('record.bad-signature', `signature is not "CPER"`, abs, 4));
  }
  if (v.signatureEnd !== undefined && v.signatureEnd !== 0xffffffff) {
    diagnostics.push(
      expert('record.bad-signature-end', `signature end is 0x${v.signatureEnd.toString(16)}, expected 0xffffffff`, abs + 6, 4),
    );
  }
  rec.revision = v.revision;
  rec.sectionCount = v.sectionCount;
  rec.severity = v.severity;
  rec.validationBits = v.validationBits;
  rec.recordLength = v.recordLength;
  rec.platformId = v.platformId;
  rec.partitionId = v.partitionId;
  rec.creatorId = v.creatorId;
  rec.creatorName = rec.creatorId ? CREATORS[rec.creatorId] : undefined;
  rec.notificationType = v.notificationType;
  rec.notificationName = rec.notificationType ? NOTIFICATION_TYPES[rec.notificationType] : undefined;
  rec.flags = v.flags;
  if (v.persistenceInfo !== undefined) rec.persistenceInfo = hex64(v.persistenceInfo);
  if (v.recordId !== undefined) {
    rec.recordId = v.recordId.toString();
    rec.recordIdHex = hex64(v.recordId);
  }
  if (rec.severity !== undefined && rec.severity > 3) {
    diagnostics.push(expert('record.unknown-severity', `error severity ${rec.severity} is not defined`, abs + 12, 4));
  }
  if (v.timestamp !== undefined) {
    rec.timestamp = decodeCperTimestamp(full.bytes, 24, ((rec.validationBits ?? 0) & 2) !== 0);
    const tsNode = h.node.children!.find((c) => c.key === 'timestamp');
    if (tsNode) {
      tsNode.type = 'timestamp';
      tsNode.text = rec.timestamp.iso ? `${rec.timestamp.iso} (${rec.timestamp.encoding})` : rec.timestamp.encoding;
    }
    if (rec.timestamp.problem) diagnostics.push(expert('record.timestamp', rec.timestamp.problem, abs + 24, 8));
  }
  if (avail < HEADER_SIZE) return rec;

  // The record's extent: what it claims, bounded by what is present.
  const claimed = rec.recordLength!;
  const extent = recordExtent(claimed, avail);
  if (claimed < HEADER_SIZE) {
    diagnostics.push(expert('record.length-too-small', `record length ${claimed} is smaller than the 128-byte header`, abs + 20, 4));
  } else if (claimed > avail) {
    diagnostics.push(expert('record.length-past-end', `record length ${claimed} runs past the ${avail} bytes present`, abs + 20, 4));
  }
  rec.length = extent;
  const r = new ByteReader(bytes.subarray(at, at + extent), abs, lean);

  const count = rec.sectionCount!;
  const fit = descriptorsFit(extent);
  if (count === 0) diagnostics.push(expert('record.no-sections', 'section count is 0', abs + 10, 2));
  if (count > fit) {
    diagnostics.push(
      expert(
        'record.section-count',
        `section count ${count} needs ${HEADER_SIZE + count * DESCRIPTOR_SIZE} bytes of descriptors; only ${fit} fit in ${extent} bytes`,
        abs + 10,
        2,
      ),
    );
  }
  const n = Math.min(count, fit);
  const tableEnd = HEADER_SIZE + n * DESCRIPTOR_SIZE;
  for (let i = 0; i < n; i++) rec.sections.push(decodeSection(r, i, HEADER_SIZE + i * DESCRIPTOR_SIZE, tableEnd, extent));
  // Bytes the record claims but no section covers: often a record_length that lies.
  const covered = Math.max(tableEnd, ...rec.sections.map((s) => s.offset - abs + s.length));
  if (n === count && covered < extent) {
    diagnostics.push(
      expert(
        'record.uncovered-tail',
        `${extent - covered} bytes after the last section are inside record_length but belong to no section`,
        abs + covered,
        extent - covered,
      ),
    );
  }
  return rec;
}

function decodeSection(r: ByteReader, index: number, at: number, tableEnd: number, extent: number): DecodedSection {
  // Only descriptors wholly inside the record are decoded, so the defaults never apply.
  const sec = sectionFromDescriptor(r, at, index, `Section descriptor ${index}`, { type: NULL_GUID, offset: 0 });
  const off = sec.offset - r.base;
  if (off < tableEnd && sec.length > 0) {
    sec.diagnostics.push(
      expert('section.overlaps-table', `section ${index} body at ${off} overlaps the descriptor table (ends at ${tableEnd})`, r.abs(at), 4),
    );
  }
  decodeSectionBody(sec, r, extent, r.abs(at));
  return sec;
}

/**
 * The section the descriptor at `at` of `r` names (its type, severity and body span), before
 * its body is decoded. `absent` gives the type and body offset of a descriptor cut short.
 */
export function sectionFromDescriptor(
  r: ByteReader,
  at: number,
  index: number,
  label: string,
  absent: { type: string; offset: number },
): DecodedSection {
  const d = decodeStruct(r, at, SECTION_DESCRIPTOR);
  d.node.key = `descriptor${index}`;
  d.node.label = label;
  const type = d.v.sectionType ?? absent.type;
  return {
    index,
    descriptor: d.node,
    type,
    name: sectionName(type),
    severity: d.v.severity,
    severityName: severityName(d.v.severity),
    offset: r.abs(d.v.sectionOffset ?? absent.offset),
    length: d.v.sectionLength ?? 0,
    diagnostics: [],
  };
}

/**
 * Bounds-checks a section body (`sec.length` bytes at `sec.offset`, absolute offsets of `r`)
 * against the `extent` bytes present and runs its decoder.
 * Never throws: a body past the end, a cut body, even a decoder bug, become diagnostics
 * (at the descriptor's offset `descriptorAt`), so one bad section never hides the others.
 */
export function decodeSectionBody(sec: DecodedSection, r: ByteReader, extent: number, descriptorAt: number): void {
  const diagnostics = sec.diagnostics;
  const off = sec.offset - r.base;
  const len = sec.length;
  const present = sectionPresent(off, len, extent);
  if (present < 0) {
    diagnostics.push(
      expert('section.offset-past-end', `section ${sec.index} offset ${off} is past the ${extent} bytes present`, descriptorAt, 4),
    );
    return;
  }
  if (present < len) {
    diagnostics.push(
      expert(
        'section.length-past-end',
        `section ${sec.index} (${len} bytes at ${off}) runs past the ${extent} bytes present; ${present} present`,
        descriptorAt + 4,
        4,
      ),
    );
  }
  try {
    const body = sectionDecoderFor(sec.type).decode(r, off, present);
    sec.body = body.node;
    sec.summary = body.summary;
    sec.pstore = body.pstore;
    sec.values = body.values;
    diagnostics.push(...body.diagnostics);
  } catch (e) {
    // A decoder bug must not hide the other sections; report it where it happened.
    diagnostics.push(expert('section.decoder-failed', `decoder for ${sec.name} failed: ${(e as Error).message}`, r.abs(off), present));
  }
}
