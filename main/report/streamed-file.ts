/**
 * A large input's part of the case report, from the one streaming pass `inspect` uses: a store
 * is read once into its index (hashing as it goes), each record is summarised from the index
 * (a compressed dmesg part from its `Reason#N PartM` line) or decoded from its slot alone, and
 * handed on at once (the CSV row); only what the HTML shows is kept: counts, the first rows of
 * the records table, a bounded list of diagnostics, the hardware errors, the dumps as index
 * metadata and the texts of the most recent dumps within a fixed budget.
 */
import { decodeRecord, type DecodedRecord } from '../../shared/cper/record';
import {
  F_MAPPED,
  F_PSTORE_COMPRESSED,
  F_RECORD,
  HEADER,
  indexDumps,
  PSTORE_DMESG,
  PSTORE_NONE,
  SLOT_STATES,
  timestampOf,
  u64Text,
  type StoreIndex,
} from '../../shared/index/index';
import { reassembleDumps, type Dump, type DumpPartInput } from '../../shared/pstore/dump';
import { indexCapacity } from '../../shared/report/capacity';
import { indexDumpSummary, indexRecordSummary, INDEX_MODE_NOTE } from '../../shared/report/index-report';
import { dumpSummary, recordSummary, storeGeometry, type RecordSummary } from '../../shared/report/inspect';
import { MAX_SLOT_CELLS, type FileView, type ReportDump } from '../../shared/report-html/view';
import type { TimelineDumpInput, TimelineRecordInput, TimelineSource } from '../../shared/timeline/build';
import { timelineDump } from '../../shared/timeline/source';
import type { EvidenceFile } from '../evidence/file';
import { ScanCancelled, scanRecords, scanStore, streamable, type ScanHooks } from '../services/evidence-scan';
import { recentDumpTexts } from './recent-dump-texts';
import { SlotReader } from './slot-reader';
import { mergeTallies, parseIso, Tally, timelineRecord } from './tally';

/** Dump texts a large store's report carries, in all (the most recent dumps first). */
const DUMP_TEXT_BUDGET = 4 * 1024 * 1024;

export interface StreamedFile {
  view: FileView;
  sha256: string;
  /** 0 clean, 1 errors found, 3 not recognised. */
  status: 0 | 1 | 3;
  /**
   * The timeline's part of this file: its hardware errors, and the dumps a hardware error may
   * be linked to (`linkable`, given the dump's time: the only dumps the report shows in it).
   */
  timelineSource(fileId: string, linkable: (at: number) => boolean): TimelineSource;
  /** The times of the hardware errors kept for the timeline (milliseconds since the epoch). */
  hardwareErrorTimes(): number[];
}

export interface StreamOptions extends Pick<ScanHooks, 'onProgress' | 'cancelled'> {
  /** Each record's summary, in order, as soon as it is made (the CSV row). */
  onRecord?(r: RecordSummary): void;
  /** Bytes of dump text kept (default DUMP_TEXT_BUDGET). */
  textBudget?: number;
}

/**
 * Reads `file` (a store, or binary CPER records back to back) in one pass and returns its part
 * of the report; undefined when the file cannot be read that way.
 */
export async function streamReportFile(file: EvidenceFile, name: string, opts: StreamOptions = {}): Promise<StreamedFile | undefined> {
  const kind = streamable(file);
  if (!kind) return undefined;
  const hooks = { onProgress: opts.onProgress, cancelled: opts.cancelled };
  if (kind === 'store') {
    const scan = await scanStore(file, hooks);
    if (scan.kind !== 'store') return undefined;
    return fromIndex(file, name, scan.index, scan.sha256, opts);
  }
  return fromRecords(file, name, opts);
}

async function fromIndex(file: EvidenceFile, name: string, ix: StoreIndex, sha256: string, opts: StreamOptions): Promise<StreamedFile> {
  const rs = ix.geometry?.recordSize ?? 0;
  const tally = new Tally(ix.diagnostics);
  const slots = new SlotReader(file.path, rs);
  try {
    return await indexPass(file, name, ix, sha256, opts, tally, slots);
  } finally {
    slots.close();
  }
}

async function indexPass(
  file: EvidenceFile,
  name: string,
  ix: StoreIndex,
  sha256: string,
  opts: StreamOptions,
  tally: Tally,
  slots: SlotReader,
): Promise<StreamedFile> {
  const c = ix.cols;
  let n = 0;
  for (const slot of ix.records) {
    if (n % 4096 === 0) {
      await new Promise<void>((r) => setImmediate(r));
      if (opts.cancelled?.()) throw new ScanCancelled();
      opts.onProgress?.({ bytes: file.size, total: file.size, records: n });
    }
    let summary: RecordSummary;
    let rec: DecodedRecord | undefined;
    if (c.pstoreKind[slot] === PSTORE_DMESG && c.flags[slot] & F_PSTORE_COMPRESSED) summary = indexRecordSummary(ix, n, slot);
    else {
      // Field trees only for the hardware errors the timeline keeps (it reads their location).
      rec = slots.decode(slot, c.pstoreKind[slot] !== PSTORE_NONE || !tally.keepsHardwareErrors());
      summary = recordSummary(n, { record: rec, slot, state: c.flags[slot] & F_MAPPED ? 'live' : 'cleared' }, false);
    }
    n++;
    tally.record(summary, rec);
    opts.onRecord?.(summary);
  }

  const list = indexDumps(ix);
  const texts = recentDumpTexts(slots, ix, list, opts.textBudget ?? DUMP_TEXT_BUDGET);
  const dumpAt = (i: number): ReportDump => {
    const t = texts.get(i);
    return t ? dumpSummary(t.dump) : indexDumpSummary(list[i]);
  };
  let incomplete = 0;
  for (let i = 0; i < list.length; i++) {
    const t = texts.get(i);
    if (t ? t.dump.missingParts.length || t.dump.gaps?.length : list[i].missingParts.length) incomplete++;
  }
  const states = new Map<string, number>();
  for (let i = 0; i < ix.slots; i++) states.set(SLOT_STATES[c.state[i]], (states.get(SLOT_STATES[c.state[i]]) ?? 0) + 1);
  const diags = tally.diagnostics();
  const view: FileView = {
    name,
    source: { size: file.size, sha256 },
    format: 'erst-store',
    fromPstoreFiles: false,
    counts: { ...tally.counts, incomplete },
    unmeasuredDumps: list.length - texts.size,
    hwLeftOut: tally.hwLeftOut,
    firstRecords: tally.first,
    store: ix.geometry
      ? {
          geometry: { ...storeGeometry(ix.geometry), capacity: indexCapacity(ix) },
          states: [...states],
          slots: ix.slots,
          cells: ix.slots > MAX_SLOT_CELLS ? undefined : Array.from({ length: ix.slots }, (_, i) => slotCell(ix, i)),
        }
      : undefined,
    dumpCount: list.length,
    *dumps() {
      for (let i = 0; i < list.length; i++) yield { dump: dumpAt(i), text: texts.get(i)?.text ?? null };
    },
    diagnostics: diags.list,
    diagnosticsLeftOut: diags.leftOut,
    note: `Read from the store's index as it streamed: ${INDEX_MODE_NOTE}. The texts of the most recent dumps are included, up to ${(opts.textBudget ?? DUMP_TEXT_BUDGET).toLocaleString('en-US')} bytes in all.`,
    noTextReason: NO_TEXT,
  };
  return {
    view,
    sha256,
    status: !ix.geometry ? 3 : tally.counts.errors ? 1 : 0,
    hardwareErrorTimes: () => tally.hwTimes(),
    timelineSource(fileId, linkable) {
      const records = [...tally.hw];
      const dumps: TimelineDumpInput[] = [];
      for (const d of list) {
        // The dump's time is its earliest part's (else its boot's), as the timeline dates it: that part stands for all of them.
        let best = -1;
        let bestAt = Infinity;
        for (const p of d.parts) {
          const at = parseIso(timestampOf(ix, p.slot).iso);
          if (at < bestAt) [best, bestAt] = [p.slot, at];
        }
        if (!linkable(best >= 0 ? bestAt : parseIso(d.bootTime))) continue;
        if (best >= 0) {
          const r = indexRecordSummary(ix, indexOfSlot(ix, best), best);
          records.push({
            ...timelineRecord(r),
            pstore: { kind: 'dmesg', reason: d.reason, count: d.count, part: r.pstore?.part ?? null },
          });
        }
        dumps.push(timelineDump(d));
      }
      return { fileId, name, records, dumps };
    },
  };
}

const NO_TEXT =
  'The text of this dump is not in the report: for a large store only the most recent dumps are, within a fixed size; export it with <code>erst-viewer export --dmesg</code>.';

/** Position of a record slot among the store's records (slot order). */
function indexOfSlot(ix: StoreIndex, slot: number): number {
  const r = ix.records;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (r[mid] === slot) return mid;
    if (r[mid] < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function slotCell(ix: StoreIndex, i: number) {
  const c = ix.cols;
  // Header slots are listed bare, whatever the map says about them (as the inspect document lists them).
  const mapped = c.state[i] !== HEADER && (c.mapLo[i] !== 0 || c.mapHi[i] !== 0);
  return {
    index: i,
    offset: i * ix.geometry!.recordSize,
    state: SLOT_STATES[c.state[i]],
    recordId: c.flags[i] & F_RECORD && c.avail[i] >= 104 ? u64Text(c.idLo[i], c.idHi[i]) : null,
    mapId: mapped ? u64Text(c.mapLo[i], c.mapHi[i]) : null,
  };
}

/** CPER records back to back: each decoded as the scan finds it; dumps rebuilt from their parts' metadata (no texts). */
async function fromRecords(file: EvidenceFile, name: string, opts: StreamOptions): Promise<StreamedFile> {
  const tally = new Tally([]);
  const parts: DumpPartInput[] = [];
  /** Each pstore record's timeline entry, by record id (a dump's time is its parts'). */
  const pstore = new Map<string, TimelineRecordInput>();
  let n = 0;
  const scan = await scanRecords(file, {
    onProgress: opts.onProgress,
    cancelled: opts.cancelled,
    onRecord: (r) => {
      const rec = decodeRecord(r.bytes.slice(0, r.avail), 0, { base: r.offset, maxLength: r.avail });
      const summary = recordSummary(n++, { record: rec, slot: null, state: 'file' }, false);
      tally.record(summary, rec);
      opts.onRecord?.(summary);
      const p = rec.sections[0]?.pstore;
      if (p && rec.recordId) {
        parts.push({ recordId: rec.recordId, state: 'live', pstore: { ...p, text: undefined } });
        const sp = rec.sections.find((s) => s.pstore)?.pstore;
        if (sp)
          pstore.set(rec.recordId, {
            ...timelineRecord(summary),
            pstore: { kind: sp.kind, reason: sp.reason ?? null, count: sp.count ?? null, part: sp.part ?? null },
          });
      }
    },
  });
  const reportDiagnostics = scan.kind === 'records' ? scan.diagnostics : [];
  // File diagnostics come first in the list, as the whole report lists them.
  const fileTally = new Tally(reportDiagnostics);
  const dumps = reassembleDumps(parts, { recovered: false });
  const diags = mergeTallies(fileTally, tally);
  const view: FileView = {
    name,
    source: { size: file.size, sha256: scan.sha256 },
    format: 'cper',
    inputForm: 'binary',
    fromPstoreFiles: false,
    counts: {
      ...tally.counts,
      errors: tally.counts.errors + fileTally.counts.errors,
      warnings: tally.counts.warnings + fileTally.counts.warnings,
      incomplete: dumps.filter((d) => d.missingParts.length || d.gaps?.length).length,
    },
    firstRecords: tally.first,
    hwLeftOut: tally.hwLeftOut,
    dumpCount: dumps.length,
    *dumps() {
      for (const d of dumps) yield { dump: dumpSummary(d), text: null };
    },
    diagnostics: diags.list,
    diagnosticsLeftOut: diags.leftOut,
    note: 'Read as it streamed: dump texts are not included (export them with erst-viewer export --dmesg).',
    noTextReason: 'The texts of a large input’s dumps are not in the report; export them with <code>erst-viewer export --dmesg</code>.',
  };
  const errors = tally.counts.errors + fileTally.counts.errors;
  return {
    view,
    sha256: scan.sha256,
    status: scan.records === 0 ? 3 : errors ? 1 : 0,
    hardwareErrorTimes: () => tally.hwTimes(),
    timelineSource(fileId, linkable) {
      const records = [...tally.hw];
      const linked: Dump[] = [];
      for (const d of dumps) {
        const parts = d.recordIds.map((id) => pstore.get(id)).filter((r): r is TimelineRecordInput => !!r);
        const times = parts.map((r) => parseIso(r.timestamp)).filter((t) => !Number.isNaN(t));
        if (!linkable(times.length ? Math.min(...times) : parseIso(d.bootTime))) continue;
        records.push(...parts);
        linked.push(d);
      }
      return { fileId, name, records, dumps: linked.map(timelineDump) };
    },
  };
}
