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
  type Qemu71Slot,
  type RecordsWindow,
  type StoreSummary,
} from '../../shared/contract/index';
import { CREATORS } from '../../shared/cper/guids';
import type { DecodedRecord } from '../../shared/cper/record';
import { severityName } from '../../shared/cper/strings';
import {
  F_MAPPED,
  indexDumpContext,
  indexDumps,
  NO_SEVERITY,
  PSTORE_NONE,
  queryRecords,
  recordIdOf,
  SLOT_STATES,
  type IndexDump,
  type StoreIndex,
} from '../../shared/index/index';
import { dumpFileName, reassembleDumps, stitchDump, type Dump, type DumpContext, type DumpPartInput } from '../../shared/pstore/dump';
import { indexCapacity } from '../../shared/report/capacity';
import { dumpSummary, storeGeometry, type RecordSummary } from '../../shared/report/inspect';
import { sectionName } from '../../shared/sections/registry';
import type { EvidenceFile } from '../evidence/file';
import { scanStore } from '../services/evidence-scan';
import { backgroundPace } from '../services/scan-pace';
import { EXPORT_KINDS } from '../services/export-kinds';
import { recordDetailOf } from '../services/record-detail';
import { DumpText } from './dump-lines';
import { decodeSlot, RowCache, slotRow, type EarlyRows } from './early-rows';
import { diffWith, type Progress, type Service } from './file-service';
import { openEvidence, type OpenedEvidence } from '../services/decode-file';
import { timelineSourceOf } from '../../shared/timeline/source';
import type { TimelineSource } from '../../shared/timeline/build';
import type { StoreDiff } from '../../shared/diff/store-diff';

const CACHE = 8;

/**
 * A large store served from its index (shared/index): one pass reads and hashes the file into
 * columns; a window of rows, a record or a dump decodes only the slots it shows. What the
 * index does not hold without inflating every part (record diagnostics found by a full decode)
 * is not in the summary; each record's are in its row and detail.
 */
export class IndexedService implements Service {
  private dumpLists = new Map<boolean, IndexDump[]>();
  private clearedTwins?: Map<string, IndexDump>;
  private newest?: string | null;
  private texts = new Map<string, { dump: Dump; text: DumpText }>();
  private dumpContext: DumpContext;

  private constructor(
    private file: EvidenceFile,
    private ix: StoreIndex,
    private sha256: string,
    private rowCache: RowCache,
  ) {
    this.dumpContext = indexDumpContext(ix);
  }

  /** `early`, when given, is handed each record slot as the pass finds it (the table's rows before the index is whole). */
  static async open(file: EvidenceFile, progress: (p: Progress) => void, early?: EarlyRows): Promise<IndexedService> {
    let last = 0;
    try {
      const r = await scanStore(file, {
        pace: backgroundPace(),
        ...(early ? { onRecord: (x) => early.add(x.slot!, x.state === 'live') } : {}),
        onProgress: (p) => {
          early?.advance();
          const now = Date.now();
          if (now - last < 50) return;
          last = now;
          progress({ phase: 'indexing', ...p });
        },
      });
      if (r.kind !== 'store') throw new Error('not a store');
      return new IndexedService(file, r.index, r.sha256, early?.cache ?? new RowCache());
    } finally {
      early?.end();
    }
  }

  info() {
    return { recordCount: this.ix.records.length, unrecognised: !this.ix.geometry, store: true, sha256: this.sha256 };
  }

  private get rs(): number {
    return this.ix.geometry?.recordSize ?? 0;
  }

  private state(slot: number): 'live' | 'cleared' {
    return this.ix.cols.flags[slot] & F_MAPPED ? 'live' : 'cleared';
  }

  private decode(slot: number, lean: boolean): DecodedRecord {
    return decodeSlot(this.file, this.rs, slot, lean);
  }

  /** Position of a record slot in the records table (slots are in slot order). */
  private indexOf(slot: number): number | null {
    const r = this.ix.records;
    let lo = 0,
      hi = r.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (r[mid] === slot) return mid;
      if (r[mid] < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  private row(index: number): RecordSummary {
    const slot = this.ix.records[index];
    return this.rowCache.row(index, () => slotRow(this.file, this.rs, index, slot, this.state(slot) === 'live'));
  }

  summary(): StoreSummary {
    const ix = this.ix;
    const c = ix.cols;
    const counts = { live: 0, cleared: 0, file: 0 };
    const sev = new Set<string>();
    for (const slot of ix.records) {
      counts[this.state(slot)]++;
      if (c.severity[slot] !== NO_SEVERITY) sev.add(severityName(c.severity[slot]));
    }
    const g = ix.geometry;
    const out: StoreSummary = {
      source: { path: this.file.path, size: this.file.size, sha256: this.sha256 },
      format: 'erst-store',
      recordCount: ix.records.length,
      counts,
      dumpCount: this.dumps(false).length,
      diagnostics: ix.diagnostics.slice(0, LIMITS.maxSummaryDiagnostics),
      diagnosticCount: ix.diagnostics.length,
      facets: {
        severity: [...sev].sort(),
        sectionType: [...new Set(ix.types.values.map(sectionName))].sort(),
        creator: [...new Set(ix.creators.values.map((v) => CREATORS[v] ?? v))].sort(),
        state: (['cleared', 'live'] as const).filter((s) => counts[s] > 0),
      },
    };
    if (g) {
      let letters = '';
      for (let i = 0; i < ix.slots; i++) letters += SLOT_LETTERS[SLOT_STATES[c.state[i]]];
      out.store = {
        ...storeGeometry(g),
        capacity: indexCapacity(ix),
        slotStates: letters,
      };
      if (ix.qemu71.size) {
        const slots = [...ix.qemu71.keys()].sort((a, b) => a - b).slice(0, MAX_QEMU71_SLOTS);
        out.store.qemu71 = { slots: slots.map((slot) => this.qemu71(slot)!), count: ix.qemu71.size };
      }
    }
    return out;
  }

  /** A slot QEMU 7.0/7.1 wrote, its remnant in file offsets. */
  private qemu71(slot: number): Qemu71Slot | undefined {
    const t = this.ix.qemu71.get(slot);
    if (!t) return undefined;
    return { slot, remnant: t.remnant ? { offset: slot * this.rs + t.remnant.offset, length: t.remnant.length } : null };
  }

  records(offset: number, limit: number, q: RecordQuery = {}): RecordsWindow {
    const ix = this.ix;
    const creator = q.creator ? (ix.creators.values.find((v) => (CREATORS[v] ?? v) === q.creator) ?? '\0none') : undefined;
    const sectionType = q.sectionType ? (ix.types.values.find((v) => sectionName(v) === q.sectionType) ?? '\0none') : undefined;
    const severities = q.severity ? [0, 1, 2, 3].filter((n) => severityName(n) === q.severity) : undefined;
    const sortable = ['slot', 'id', 'time', 'severity', 'creator'] as const;
    const sort = (sortable as readonly string[]).includes(q.sort ?? 'slot') ? (q.sort as (typeof sortable)[number]) : 'slot';
    const w = queryRecords(ix, {
      ...(q.state ? { states: [q.state as 'live' | 'cleared'] } : {}),
      ...(severities ? { severities } : {}),
      ...(creator !== undefined ? { creator } : {}),
      ...(sectionType !== undefined ? { sectionType } : {}),
      ...(q.text ? { text: q.text.trim() } : {}),
      sort,
      descending: q.dir === -1,
      offset,
      limit,
    });
    const rows = Array.from(w.slots, (slot) => this.row(this.indexOf(slot)!));
    return { offset, total: w.total, all: ix.records.length, rows };
  }

  locate(slot?: number, offset?: number): { index: number | null } {
    const s = slot ?? (offset !== undefined && this.rs ? Math.floor(offset / this.rs) : undefined);
    return { index: s === undefined ? null : this.indexOf(s) };
  }

  record(index: number): RecordDetail {
    const slot = this.ix.records[index];
    if (slot === undefined) throw new ContractError('not-found', `record ${index} does not exist (file has ${this.ix.records.length})`);
    const d = recordDetailOf({ record: this.decode(slot, false), slot, state: this.state(slot) }, index, this.rs);
    const q71 = this.qemu71(slot);
    if (q71) d.qemu71 = q71;
    return d;
  }

  private dumps(recovered: boolean): IndexDump[] {
    let d = this.dumpLists.get(recovered);
    if (!d) this.dumpLists.set(recovered, (d = indexDumps(this.ix, recovered)));
    return d;
  }

  /**
   * The dump of the same boot, reason and count in the list with cleared parts, so a dump
   * listed without them can still name the cleared slot that holds a missing part.
   */
  private clearedTwin(d: IndexDump): IndexDump | undefined {
    if (!this.clearedTwins) {
      this.clearedTwins = new Map();
      for (const x of this.dumps(true))
        if (x.parts.some((p) => p.state === 'cleared')) this.clearedTwins.set(`${x.bootId}/${x.reason}/${x.count}`, x);
    }
    return this.clearedTwins.get(`${d.bootId}/${d.reason}/${d.count}`);
  }

  /** The newest pstore record id in the store (a gap in an older dump may have been overwritten), from the columns. */
  private newestPstoreId(): string | null {
    if (this.newest !== undefined) return this.newest;
    const c = this.ix.cols;
    let best = -1;
    for (const slot of this.ix.records) {
      if (c.pstoreKind[slot] === PSTORE_NONE || recordIdOf(this.ix, slot) === null) continue;
      if (best < 0 || c.idHi[slot] > c.idHi[best] || (c.idHi[slot] === c.idHi[best] && c.idLo[slot] > c.idLo[best])) best = slot;
    }
    return (this.newest = best < 0 ? null : recordIdOf(this.ix, best));
  }

  /**
   * One dump rebuilt from its parts' bytes (the only slots read), with what the whole-file
   * reassembly sees beside them: cleared copies of its parts (named as recoverable when not
   * stitched in) and the store's newest pstore id (which tells an overwritten part from one
   * never written).
   */
  private dump(recovered: boolean, i: number): Dump {
    const d = this.dumps(recovered)[i];
    if (!d) throw new ContractError('not-found', `dump ${i} does not exist (file has ${this.dumps(recovered).length})`);
    const slots = [...d.parts];
    if (!recovered) for (const p of this.clearedTwin(d)?.parts ?? []) if (p.state === 'cleared') slots.push(p);
    const parts: DumpPartInput[] = [];
    for (const p of slots) {
      const rec = this.decode(p.slot, true);
      const ps = rec.sections[0]?.pstore;
      if (ps && rec.recordId) parts.push({ recordId: rec.recordId, slot: p.slot, state: p.state, pstore: ps });
    }
    const newest = this.newestPstoreId();
    // An MCE entry is not grouped into dumps; reassembly only reads its id as the store's newest.
    if (newest) parts.push({ recordId: newest, state: 'live', pstore: { kind: 'mce', compressed: false, textLength: 0 } });
    const key = `${d.bootId}/${d.reason}/${d.count}`;
    return reassembleDumps(parts, { ...this.dumpContext, recovered }).find((x) => `${x.bootId}/${x.reason}/${x.count}` === key)!;
  }

  dumpList(recovered: boolean, offset: number, limit: number): DumpList {
    const all = this.dumps(recovered);
    const dumps = [];
    for (let i = offset; i < Math.min(all.length, offset + limit); i++) {
      const d = this.dump(recovered, i);
      dumps.push({ ...dumpSummary(d), index: i, fileName: dumpFileName(d) });
    }
    return { offset, total: all.length, dumps };
  }

  private text(recovered: boolean, i: number): DumpText {
    const key = `${recovered}/${i}`;
    let hit = this.texts.get(key);
    if (!hit) {
      const dump = this.dump(recovered, i);
      const bytes =
        dump.text ??
        stitchDump(dump, (id) => {
          const p = dump.parts.find((x) => x.recordId === id);
          return p?.slot !== undefined ? this.decode(p.slot, false).sections[0]?.pstore?.text : undefined;
        });
      hit = { dump, text: new DumpText(dump, bytes) };
    }
    this.texts.delete(key);
    this.texts.set(key, hit);
    while (this.texts.size > CACHE) this.texts.delete(this.texts.keys().next().value!);
    return hit.text;
  }

  lines(recovered: boolean, i: number, offset: number, limit: number): DumpLines {
    return this.text(recovered, i).window(i, offset, limit);
  }

  search(recovered: boolean, i: number, query: string, offset: number, limit: number): DumpSearch {
    return this.text(recovered, i).search(i, query, offset, limit);
  }

  readDump(recovered: boolean, i: number, offset: number, length: number): ByteChunk {
    return this.text(recovered, i).read(offset, length);
  }

  /** From the columns: dmesg export needs a pstore record, the others any record. */
  exportKinds(): string[] {
    const records = this.ix.records.length > 0;
    let pstore = false;
    for (const slot of this.ix.records) if (this.ix.cols.pstoreKind[slot] !== PSTORE_NONE) pstore = true;
    return EXPORT_KINDS.filter((k) => (k.kind === 'dmesg' ? pstore : k.kind === 'report' || records)).map((k) => k.kind);
  }

  /**
   * The timeline and the diff need every record of the file: the whole file is decoded for
   * them here, in the file's worker, and let go once answered (the timeline's answer is kept).
   */
  private whole<T>(use: (ev: OpenedEvidence) => T): T {
    const ev = openEvidence(this.file.path);
    try {
      return use(ev);
    } finally {
      ev.file.close();
    }
  }

  private timeline?: { key: string; source: TimelineSource };

  timelineSource(fileId: string, name: string): TimelineSource {
    const key = `${fileId}/${name}`;
    if (this.timeline?.key !== key) this.timeline = { key, source: this.whole((ev) => timelineSourceOf(fileId, name, ev.input)) };
    return this.timeline.source;
  }

  diff(beforePath: string): StoreDiff {
    return this.whole((ev) => diffWith(beforePath, ev));
  }

  close(): void {
    this.file.close();
  }
}
