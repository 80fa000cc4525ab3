import {
  ContractError,
  LIMITS,
  MAX_QEMU71_SLOTS,
  SLOT_LETTERS,
  type ByteChunk,
  type DumpList,
  type DumpLines,
  type DumpSearch,
  type RecordDetail,
  type RecordQuery,
  type RecordsWindow,
  type StoreSummary,
} from '../../shared/contract/index';
import { dumpFileName, type Dump } from '../../shared/pstore/dump';
import { buildInspectReport, dumpsOf, dumpSummary, type InspectReport } from '../../shared/report/inspect';
import { decodeFile, openEvidence, type OpenedEvidence } from '../services/decode-file';
import { timelineSourceOf } from '../../shared/timeline/source';
import type { TimelineSource } from '../../shared/timeline/build';
import { diffSnapshots, type StoreDiff } from '../../shared/diff/store-diff';
import { dumpText } from '../services/payloads';
import { recordDetail } from '../services/record-detail';
import { EvidenceFile } from '../evidence/file';
import { DumpText } from './dump-lines';
import { IndexedService } from './indexed-service';
import { earlyRowsFor, type EarlyRows } from './early-rows';
import { isStore } from '../../shared/store/decode';
import { EXPORT_KINDS } from '../services/export-kinds';
import { facets, queryRecords } from './records-query';

export interface Progress {
  phase: 'indexing' | 'hashing';
  bytes: number;
  total: number;
  records: number;
}

/** An evidence file that reports how far reading has got (decoding reads it front to back). */
class CountingFile extends EvidenceFile {
  constructor(
    path: string,
    private tick: (bytes: number) => void,
  ) {
    super(path);
  }
  override read(offset: number, length: number): Uint8Array {
    this.tick(Math.min(this.size, offset + length));
    return super.read(offset, length);
  }
}

/** What a file's worker answers, whichever way the file was read. */
export interface Service {
  info(): { recordCount: number; unrecognised: boolean; store: boolean; sha256: string };
  summary(): StoreSummary;
  records(offset: number, limit: number, query?: RecordQuery): RecordsWindow;
  locate(slot?: number, offset?: number): { index: number | null };
  record(index: number): RecordDetail;
  dumpList(recovered: boolean, offset: number, limit: number): DumpList;
  lines(recovered: boolean, index: number, offset: number, limit: number): DumpLines;
  search(recovered: boolean, index: number, query: string, offset: number, limit: number): DumpSearch;
  readDump(recovered: boolean, index: number, offset: number, length: number): ByteChunk;
  /** The export kinds that apply to this file. */
  exportKinds(): string[];
  /** What the timeline needs from the whole file (its records, dumps and boots). */
  timelineSource(fileId: string, name: string): TimelineSource;
  /** This file compared with an earlier snapshot (another evidence file, read here by path). */
  diff(beforePath: string): StoreDiff;
  close(): void;
}

/** Compares an earlier snapshot, decoded from its path unless it is `after` itself, with `after`. */
export function diffWith(beforePath: string, after: OpenedEvidence): StoreDiff {
  const before = beforePath === after.file.path ? after : openEvidence(beforePath);
  try {
    return diffSnapshots({ input: before.input, bytes: before.file }, { input: after.input, bytes: after.file });
  } finally {
    if (before !== after) before.file.close();
  }
}

/**
 * From this size on a store is served from its index (one pass, rows decoded by window): the
 * first rows come as soon as the pass is done. Smaller stores (the usual 64 KiB to a few MiB)
 * are decoded whole, so the overview also lists every record's diagnostics.
 */
export const INDEX_FROM = 8 * 1024 * 1024;

/**
 * Opens a file for serving: a store from INDEX_FROM on through its index (one pass, records
 * decoded as windows ask), anything smaller decoded whole (every value at hand).
 */
export function openService(
  path: string,
  progress: (p: Progress) => void = () => {},
  early?: (rows: EarlyRows) => void,
): FileService | Promise<Service> {
  const probe = new EvidenceFile(path);
  const indexed = probe.size >= INDEX_FROM && isStore(probe);
  if (!indexed) {
    probe.close();
    return new FileService(path, progress);
  }
  const rows = early && earlyRowsFor(probe);
  if (rows) early!(rows);
  return IndexedService.open(probe, progress, rows).catch((e) => {
    probe.close();
    throw e;
  });
}

/** Query results and dump texts kept, newest use last; older ones are dropped past this. */
const CACHE = 8;

function remember<K, V>(m: Map<K, V>, k: K, v: V): V {
  m.delete(k);
  m.set(k, v);
  while (m.size > CACHE) m.delete(m.keys().next().value as K);
  return v;
}

/**
 * Everything the views ask of one open file, answered from its index by window. It runs in
 * the file's worker (main/worker/entry.ts), or in process where no worker is built (tests).
 */
export class FileService implements Service {
  readonly ev: OpenedEvidence;
  readonly report: InspectReport;
  private queries = new Map<string, Int32Array>();
  private dumpLists = new Map<boolean, Dump[]>();
  private texts = new Map<string, DumpText>();

  constructor(path: string, progress: (p: Progress) => void = () => {}) {
    let last = 0;
    const file = new CountingFile(path, (bytes) => {
      const now = Date.now();
      if (now - last < 50) return;
      last = now;
      progress({ phase: 'indexing', bytes, total: file.size, records: 0 });
    });
    progress({ phase: 'indexing', bytes: 0, total: file.size, records: 0 });
    this.ev = decodeFile(file);
    progress({ phase: 'hashing', bytes: file.size, total: file.size, records: this.ev.input.records.length });
    this.report = buildInspectReport({ path: file.path, size: file.size, sha256: file.sha256() }, this.ev.input, { fields: false });
  }

  info() {
    return {
      recordCount: this.ev.input.records.length,
      unrecognised: this.ev.unrecognised,
      store: !!this.ev.input.store,
      sha256: this.report.source.sha256,
    };
  }

  summary(): StoreSummary {
    const r = this.report;
    const counts = { live: 0, cleared: 0, file: 0 };
    for (const x of r.records) counts[x.state]++;
    const diagnostics = [...r.diagnostics];
    let diagnosticCount = r.diagnostics.length;
    for (const x of r.records) {
      diagnosticCount += x.diagnostics.length;
      for (const d of x.diagnostics) if (diagnostics.length < LIMITS.maxSummaryDiagnostics) diagnostics.push(d);
    }
    const out: StoreSummary = {
      source: r.source,
      format: r.format,
      recordCount: r.records.length,
      counts,
      dumpCount: r.dumps.length,
      diagnostics: diagnostics.slice(0, LIMITS.maxSummaryDiagnostics),
      diagnosticCount,
      facets: facets(r.records),
    };
    if (r.inputForm) out.inputForm = r.inputForm;
    if (r.sections) out.sections = r.sections;
    if (r.store) {
      const { slots, ...rest } = r.store;
      out.store = { ...rest, slotStates: slots.map((s) => SLOT_LETTERS[s.state]).join('') };
      const q71 = slots.filter((s) => s.writer === 'qemu-7.0/7.1');
      if (q71.length)
        out.store.qemu71 = {
          slots: q71.slice(0, MAX_QEMU71_SLOTS).map((s) => ({ slot: s.index, remnant: s.remnant ?? null })),
          count: q71.length,
        };
    }
    return out;
  }

  records(offset: number, limit: number, query: RecordQuery = {}): RecordsWindow {
    const key = JSON.stringify([query.sort, query.dir, query.text, query.severity, query.sectionType, query.creator, query.state]);
    const order = this.queries.get(key) ?? remember(this.queries, key, queryRecords(this.report.records, query));
    const rows = [];
    for (let i = offset; i < Math.min(order.length, offset + limit); i++) rows.push(this.report.records[order[i]]);
    return { offset, total: order.length, all: this.report.records.length, rows };
  }

  locate(slot?: number, offset?: number): { index: number | null } {
    const rec = this.report.records.find((x) =>
      slot !== undefined ? x.slot === slot : offset !== undefined && offset >= x.offset && offset < x.offset + (x.recordLength ?? 1),
    );
    return { index: rec ? rec.index : null };
  }

  record(index: number): RecordDetail {
    const d = recordDetail(this.ev, index);
    const slot = this.ev.input.records[index]?.slot;
    const sl = slot !== null && slot !== undefined ? this.report.store?.slots[slot] : undefined;
    if (sl?.writer === 'qemu-7.0/7.1') d.qemu71 = { slot: sl.index, remnant: sl.remnant ?? null };
    return d;
  }

  private dumps(recovered: boolean): Dump[] {
    let list = this.dumpLists.get(recovered);
    if (!list) this.dumpLists.set(recovered, (list = dumpsOf(this.ev.input, recovered)));
    return list;
  }

  dumpList(recovered: boolean, offset: number, limit: number): DumpList {
    const all = this.dumps(recovered);
    const dumps = all.slice(offset, offset + limit).map((d, i) => ({ ...dumpSummary(d), index: offset + i, fileName: dumpFileName(d) }));
    return { offset, total: all.length, dumps };
  }

  private text(recovered: boolean, index: number): DumpText {
    const key = `${recovered}/${index}`;
    const hit = this.texts.get(key);
    if (hit) return remember(this.texts, key, hit);
    const d = this.dumps(recovered)[index];
    if (!d) throw new ContractError('not-found', `dump ${index} does not exist (file has ${this.dumps(recovered).length})`);
    return remember(this.texts, key, new DumpText(d, dumpText(this.ev.input, d)));
  }

  lines(recovered: boolean, index: number, offset: number, limit: number): DumpLines {
    return this.text(recovered, index).window(index, offset, limit);
  }

  search(recovered: boolean, index: number, query: string, offset: number, limit: number): DumpSearch {
    return this.text(recovered, index).search(index, query, offset, limit);
  }

  readDump(recovered: boolean, index: number, offset: number, length: number): ByteChunk {
    return this.text(recovered, index).read(offset, length);
  }

  exportKinds(): string[] {
    return EXPORT_KINDS.filter((k) => k.appliesTo(this.ev)).map((k) => k.kind);
  }

  timelineSource(fileId: string, name: string): TimelineSource {
    return timelineSourceOf(fileId, name, this.ev.input);
  }

  diff(beforePath: string): StoreDiff {
    return diffWith(beforePath, this.ev);
  }

  close(): void {
    this.ev.file.close();
  }
}

/** The operations a file's worker answers: name → arguments. */
export type Op =
  | { op: 'summary' }
  | { op: 'records'; offset: number; limit: number; query?: RecordQuery }
  | { op: 'locate'; slot?: number; offset?: number }
  | { op: 'record'; index: number }
  | { op: 'dumpList'; recovered: boolean; offset: number; limit: number }
  | { op: 'lines'; recovered: boolean; dump: number; offset: number; limit: number }
  | { op: 'search'; recovered: boolean; dump: number; query: string; offset: number; limit: number }
  | { op: 'readDump'; recovered: boolean; dump: number; offset: number; length: number }
  | { op: 'exportKinds' }
  | { op: 'timelineSource'; fileId: string; name: string }
  | { op: 'diff'; beforePath: string };

export function runOp(s: Service, o: Op): unknown {
  switch (o.op) {
    case 'summary':
      return s.summary();
    case 'records':
      return s.records(o.offset, o.limit, o.query);
    case 'locate':
      return s.locate(o.slot, o.offset);
    case 'record':
      return s.record(o.index);
    case 'dumpList':
      return s.dumpList(o.recovered, o.offset, o.limit);
    case 'lines':
      return s.lines(o.recovered, o.dump, o.offset, o.limit);
    case 'search':
      return s.search(o.recovered, o.dump, o.query, o.offset, o.limit);
    case 'readDump':
      return s.readDump(o.recovered, o.dump, o.offset, o.length);
    case 'exportKinds':
      return s.exportKinds();
    case 'timelineSource':
      return s.timelineSource(o.fileId, o.name);
    case 'diff':
      return s.diff(o.beforePath);
  }
}
