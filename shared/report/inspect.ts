import type { InputForm } from '../input/index';
import type { DecodedRecord, DecodedSection } from '../cper/record';
import type { Diagnostic } from '../decode/diagnostics';
import type { FieldNode } from '../decode/node';
import type { RecordFacts } from '../index/rows';
import { reassembleDumps, type Dump, type DumpPartInput } from '../pstore/dump';
import type { DecodedStore, SlotState, StoreGeometry } from '../store/decode';
import type { ByteSource } from '../store/source';
import { storeCapacity, type Capacity } from './capacity';

/**
 * The one inspection document: what `inspect --json` prints, what the app shows. Plain JSON
 * (64-bit ids as decimal strings) so it crosses every transport unchanged.
 */
export interface InspectReport {
  source: { path: string; size: number; sha256: string };
  format: 'erst-store' | 'cper';
  /** For CPER input: how its bytes were carried. */
  inputForm?: InputForm;
  store?: Omit<StoreGeometry, 'fileSize'> & {
    capacity: Capacity;
    slots: {
      index: number;
      offset: number;
      state: SlotState;
      recordId: string | null;
      mapId: string | null;
      /** Set on slots QEMU 7.0/7.1 wrote; `remnant` (file offsets) is what an earlier record left after this one. */
      writer?: 'qemu-7.0/7.1';
      remnant?: { offset: number; length: number } | null;
    }[];
  };
  records: RecordSummary[];
  /** Sections given without a record header (section-only input). */
  sections?: SectionSummary[];
  dumps: DumpSummary[];
  diagnostics: Diagnostic[];
}

export interface SectionSummary {
  index: number;
  type: string;
  name: string;
  offset: number;
  length: number;
  severity: string;
  summary?: string;
  fields?: FieldNode;
}

export interface RecordSummary extends RecordFacts {
  /** Index in `records` (stable id for the app). */
  index: number;
  slot: number | null;
  state: 'live' | 'cleared' | 'file';
  notificationType: string | null;
  notificationName: string | null;
  sections: SectionSummary[];
  summary: string;
  diagnostics: Diagnostic[];
}

/** A dump as the inspect document gives it: its parts without payload facts, no stitched text. */
export interface DumpSummary extends Omit<Dump, 'parts' | 'text'> {
  parts: {
    part: number;
    recordId: string;
    slot: number | null;
    state: string;
    textLength: number;
    compressed: boolean;
    decoded: boolean;
  }[];
  /** Whether the dump includes parts recovered from cleared slots. */
  recovered: boolean;
}

export interface DecodedInput {
  store?: DecodedStore;
  /** How a non-store input carried its bytes (binary, hex or base64 text, kernel hex dumps). */
  form?: InputForm;
  /** Section-only input: a descriptor and body with no record header. */
  sections?: DecodedSection[];
  /** The bytes this was decoded from, for payloads that were not kept (large stores). */
  source?: ByteSource;
  /** Records with where they came from. */
  records: { record: DecodedRecord; slot: number | null; state: 'live' | 'cleared' | 'file' }[];
  diagnostics: Diagnostic[];
}

function sectionSummary(s: DecodedSection, withFields: boolean): SectionSummary {
  return {
    index: s.index,
    type: s.type,
    name: s.name,
    offset: s.offset,
    length: s.length,
    severity: s.severityName,
    summary: s.summary,
    ...(withFields && s.body ? { fields: s.body } : {}),
  };
}

export function recordSummary(index: number, e: DecodedInput['records'][number], withFields: boolean): RecordSummary {
  const r = e.record;
  const sections = r.sections.map((s) => sectionSummary(s, withFields));
  const p = r.sections.find((s) => s.pstore)?.pstore;
  const diagnostics = [...r.diagnostics, ...r.sections.flatMap((s) => s.diagnostics)];
  const out: RecordSummary = {
    index,
    slot: e.slot,
    state: e.state,
    offset: r.offset,
    recordId: r.recordId ?? null,
    recordIdHex: r.recordIdHex ?? null,
    recordLength: r.recordLength ?? null,
    timestamp: r.timestamp.iso,
    timestampEncoding: r.timestamp.encoding,
    severity: r.severityName,
    creatorId: r.creatorId ?? null,
    creatorName: r.creatorName ?? null,
    notificationType: r.notificationType ?? null,
    notificationName: r.notificationName ?? null,
    sections,
    summary: sections.map((s) => s.summary ?? s.name).join('; ') || 'no sections',
    diagnostics,
  };
  if (p) {
    out.pstore = {
      kind: p.kind,
      reason: p.reason ?? null,
      count: p.count ?? null,
      part: p.part ?? null,
      compressed: p.compressed,
      decompressed: p.compressed ? !!p.decompressed : null,
      textLength: p.textLength - (p.headerLength ?? 0),
    };
  }
  return out;
}

/**
 * Dump reassembly over the live records; cleared copies of parts are stitched in when
 * `recovered`, and otherwise named in the gaps as recoverable.
 */
export function dumpsOf(input: DecodedInput, recovered: boolean): Dump[] {
  const parts: DumpPartInput[] = [];
  for (const e of input.records) {
    const p = e.record.sections[0]?.pstore;
    if (!p || !e.record.recordId) continue;
    parts.push({ recordId: e.record.recordId, slot: e.slot ?? undefined, state: e.state === 'cleared' ? 'cleared' : 'live', pstore: p });
  }
  const g = input.store?.geometry;
  const storeFull = input.store ? !input.store.slots.some((sl) => sl.state === 'empty' || sl.state === 'cleared') : undefined;
  return reassembleDumps(parts, { recovered, recordSize: g?.recordSize, storeFull });
}

export function dumpSummary(d: Dump): DumpSummary {
  return {
    bootId: d.bootId,
    bootTime: d.bootTime,
    reason: d.reason,
    count: d.count,
    parts: d.parts.map((p) => ({ ...p, slot: p.slot ?? null })),
    missingParts: d.missingParts,
    gaps: d.gaps,
    producer: d.producer,
    recordIds: d.recordIds,
    textLength: d.textLength,
    recovered: d.parts.some((p) => p.state === 'cleared'),
  };
}

/** The geometry members of a report's `store`, in the document's order (every writer of it shares them). */
export function storeGeometry(g: StoreGeometry): Omit<StoreGeometry, 'fileSize'> {
  return {
    recordSize: g.recordSize,
    storageOffset: g.storageOffset,
    version: g.version,
    recordCount: g.recordCount,
    slotCount: g.slotCount,
    headerSlots: g.headerSlots,
  };
}

export function buildInspectReport(source: InspectReport['source'], input: DecodedInput, opts: { fields?: boolean } = {}): InspectReport {
  const records = input.records.map((e, i) => recordSummary(i, e, opts.fields ?? false));
  const report: InspectReport = {
    source,
    format: input.store ? 'erst-store' : 'cper',
    records,
    dumps: dumpsOf(input, false).map(dumpSummary),
    diagnostics: [...input.diagnostics],
  };
  if (input.form) report.inputForm = input.form;
  if (input.sections?.length) {
    report.sections = input.sections.map((s) => sectionSummary(s, opts.fields ?? false));
    report.diagnostics.push(...input.sections.flatMap((s) => s.diagnostics));
  }
  const s = input.store;
  if (s?.geometry) {
    const g = s.geometry;
    report.store = {
      ...storeGeometry(g),
      capacity: storeCapacity(
        s,
        input.records.map((e) => e.record),
      ),
      slots: s.slots.map((sl) => ({
        index: sl.index,
        offset: sl.offset,
        state: sl.state,
        recordId: sl.recordId ?? null,
        mapId: sl.mapId ?? null,
        // Only slots QEMU 7.0/7.1 wrote carry these: old bytes left after the record.
        ...(sl.tail?.writer === 'qemu-7.0/7.1'
          ? {
              writer: sl.tail.writer,
              remnant: sl.tail.remnant ? { offset: sl.offset + sl.tail.remnant.offset, length: sl.tail.remnant.length } : null,
            }
          : {}),
      })),
    };
  }
  return report;
}
