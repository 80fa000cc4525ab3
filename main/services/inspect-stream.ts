/**
 * `inspect` of a store or of CPER records back to back, written as it goes. Pass one reads the
 * file once (sha256 and the store index); pass two decodes one record at a time and writes its
 * summary, keeping only what the dumps need (part metadata, no text). The JSON document is the
 * one JSON.stringify(report, null, 2) gives for the whole-file report, key for key and byte for
 * byte, but never exists as one string; the text is formatInspectText's.
 */
import { decodeRecord } from '../../shared/cper/record';
import type { PstoreInfo } from '../../shared/cper/section';
import type { Diagnostic } from '../../shared/decode/diagnostics';
import {
  F_MAPPED,
  F_PSTORE_COMPRESSED,
  F_PSTORE_FAILED,
  F_RECORD,
  HEADER,
  indexDumpContext,
  indexDumpList,
  PSTORE_DMESG,
  SLOT_STATES,
  u64Text,
  type StoreIndex,
} from '../../shared/index/index';
import { indexDumpSummary, indexRecordLine, indexRecordSummary, indexSummaryJson, INDEX_MODE_NOTE } from '../../shared/report/index-report';
import { reassembleDumps, type Dump, type DumpPartInput } from '../../shared/pstore/dump';
import { indexCapacity } from '../../shared/report/capacity';
import { dumpSummary, recordSummary, storeGeometry, type InspectReport, type RecordSummary } from '../../shared/report/inspect';
import type { EvidenceFile } from '../evidence/file';
import { KEEP_PAYLOADS_BELOW } from './decode-file';
import { ScanCancelled, scanRecords, scanStore, streamable, type ScanHooks, type ScanResult } from './evidence-scan';
import { diagnosticLines, dumpLines, headLines, recordLine, slotMapOf } from './inspect-text';

export interface InspectStreamOptions extends Pick<ScanHooks, 'onProgress' | 'cancelled'> {
  json: boolean;
  /** Field trees in the JSON (records decoded with trees). */
  fields: boolean;
  /**
   * 'full' decodes every record (inflating every compressed part); 'index' summarises a store's
   * compressed dmesg parts from the index; 'auto' (default): 'index' from INDEX_MODE_FROM on.
   */
  mode?: 'auto' | 'index' | 'full';
}

/**
 * From this size on a store is inspected from its index: compressed parts are not inflated
 * (the same size from which the viewer keeps no payloads in memory).
 */
const INDEX_MODE_FROM = KEEP_PAYLOADS_BELOW;

/**
 * A value as it appears at `depth` inside JSON.stringify(…, null, 2): stringified inside
 * `depth` arrays, which indent it natively, and cut out of them (no pass over the text).
 */
function at(v: unknown, depth: number): string {
  let wrapped = v;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  // Each wrapper adds `[`, a newline and its indent before the value, and as much after it.
  const cut = depth * (depth + 1);
  return s.slice(cut + 2 * depth, s.length - cut);
}

/** Text lines joined in batches (the output function batches the writes). */
class Lines {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly out: (s: string) => void) {}

  line(s: string): void {
    this.parts.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.parts.length) this.out(this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }
}

/** Writes `[ … ]` item by item at `depth` (as JSON.stringify would lay it out). */
class ArrayWriter {
  private n = 0;
  constructor(
    private readonly out: (s: string) => void,
    private readonly depth: number,
  ) {}

  item(v: unknown): void {
    this.itemText(at(v, this.depth + 1));
  }

  /** An item already laid out as it appears at this depth. */
  itemText(text: string): void {
    this.out(`${this.n++ ? ',' : '['}\n${'  '.repeat(this.depth + 1)}${text}`);
  }

  close(): void {
    this.out(this.n ? `\n${'  '.repeat(this.depth)}]` : '[]');
  }
}

/** The `store` member from the index (slots listed one by one into `out`). */
function writeStore(ix: StoreIndex, out: (s: string) => void): void {
  const g = ix.geometry!;
  const head = { ...storeGeometry(g), capacity: indexCapacity(ix) };
  // The object without its last member, then the slots array streamed in its place.
  const open = at(head, 1);
  out(open.slice(0, open.lastIndexOf('\n')) + ',\n    "slots": ');
  const slots = new ArrayWriter(out, 2);
  for (let i = 0; i < ix.slots; i++) {
    const e = slotEntry(ix, i);
    // Most slots hold plain members: written as JSON.stringify lays them out, without it.
    slots.itemText(
      'writer' in e
        ? at(e, 3)
        : `{\n        "index": ${e.index},\n        "offset": ${e.offset},\n        "state": "${e.state}",\n        "recordId": ${e.recordId === null ? 'null' : `"${e.recordId}"`},\n        "mapId": ${e.mapId === null ? 'null' : `"${e.mapId}"`}\n      }`,
    );
  }
  slots.close();
  out('\n  }');
}

function slotEntry(ix: StoreIndex, i: number) {
  const c = ix.cols;
  // Header slots are listed bare, whatever the map says about them.
  const mapped = c.state[i] !== HEADER && (c.mapLo[i] !== 0 || c.mapHi[i] !== 0);
  const tail = ix.qemu71.get(i);
  const off = i * ix.geometry!.recordSize;
  return {
    index: i,
    offset: off,
    state: SLOT_STATES[c.state[i]],
    recordId: c.flags[i] & F_RECORD && c.avail[i] >= 104 ? u64Text(c.idLo[i], c.idHi[i]) : null,
    mapId: mapped ? u64Text(c.mapLo[i], c.mapHi[i]) : null,
    ...(tail
      ? { writer: tail.writer, remnant: tail.remnant ? { offset: off + tail.remnant.offset, length: tail.remnant.length } : null }
      : {}),
  };
}

/**
 * Runs the inspection; undefined when the input is not a store or binary CPER records (the
 * caller decodes those whole). Returns the exit status (0, 1 errors, 3 unrecognised).
 */
export async function streamInspect(
  file: EvidenceFile,
  write: (s: string) => void,
  opts: InspectStreamOptions,
): Promise<0 | 1 | 3 | undefined> {
  const kind = streamable(file);
  if (!kind) return undefined;
  // Output leaves in writes of about 256 KiB, whatever the size of the pieces.
  let pending: string[] = [];
  let pendingSize = 0;
  // The text of a store is held after its head while the store's hash (on the first line) is
  // finished on the reader thread, so making the rest overlaps it; it is let go once the hash
  // is known.
  let held: string[] | null = null;
  let hashed = false;
  let letGo = () => {};
  const flush = () => {
    if (pending.length) {
      const s = pending.join('');
      if (held) held.push(s);
      else write(s);
    }
    pending = [];
    pendingSize = 0;
    if (held && hashed) letGo();
  };
  const out = (s: string) => {
    pending.push(s);
    pendingSize += s.length;
    if (pendingSize >= 1 << 18) flush();
  };
  const hooks = { onProgress: opts.onProgress, cancelled: opts.cancelled };
  const first: ScanResult =
    kind === 'store' ? await scanStore(file, { ...hooks, deferDigest: !opts.json }) : await scanRecords(file, hooks);
  if (first.kind === 'store' && first.digest) {
    held = [];
    void first.digest.then(
      (sha) => {
        source.sha256 = sha;
        hashed = true;
      },
      () => undefined,
    );
  }
  const ix = first.kind === 'store' ? first.index : undefined;
  const unrecognised = ix ? !ix.geometry : first.records === 0;
  const source = { path: file.path, size: file.size, sha256: first.sha256 };
  const reportDiagnostics: Diagnostic[] = first.kind === 'store' ? first.index.diagnostics : first.diagnostics;
  let errors = reportDiagnostics.some((d) => d.level === 'error');
  const recordDiagnostics: Diagnostic[] = [];
  const parts: DumpPartInput[] = [];
  let n = 0;

  const text = new Lines(out);
  // Records, in order, each summarised as the whole-file report summarises it.
  const records = opts.json ? new ArrayWriter(out, 1) : undefined;
  const lean = !!ix && file.size >= KEEP_PAYLOADS_BELOW;
  const mode = opts.mode ?? 'auto';
  const indexMode = !!ix?.geometry && (mode === 'index' || (mode === 'auto' && file.size >= INDEX_MODE_FROM));
  const onRecord = (bytes: Uint8Array, offset: number, avail: number, slot: number | null, state: 'live' | 'cleared' | 'file') => {
    const rec = decodeRecord(bytes, 0, { base: offset, maxLength: avail, lean });
    const summary: RecordSummary = recordSummary(n++, { record: rec, slot, state }, opts.fields);
    for (const d of summary.diagnostics) if (d.level === 'error') errors = true;
    if (records) records.item(summary);
    else {
      text.line(recordLine(summary));
      recordDiagnostics.push(...summary.diagnostics);
    }
    const p = rec.sections[0]?.pstore;
    if (p && rec.recordId) {
      const meta: PstoreInfo = { ...p, text: undefined };
      parts.push({ recordId: rec.recordId, slot: slot ?? undefined, state: state === 'cleared' ? 'cleared' : 'live', pstore: meta });
    }
  };

  const headText = () => {
    // The slot map is read from the state column (no entry per slot).
    const store = ix?.geometry ? { ...ix.geometry, capacity: indexCapacity(ix), slots: [] } : undefined;
    const map = ix?.geometry ? slotMapOf(ix.cols.state.subarray(0, ix.slots)) : undefined;
    const head = headLines({ source, store: store as InspectReport['store'] }, first.records, map);
    if (indexMode) head.splice(head.length - 2, 0, `index mode: ${INDEX_MODE_NOTE}`);
    return head;
  };
  letGo = () => {
    const body = held!;
    held = null;
    write(headText().join('\n') + '\n');
    for (const s of body) write(s);
  };
  if (opts.json) out(`{\n  "source": ${at(source, 1)},\n  "format": ${JSON.stringify(ix ? 'erst-store' : 'cper')},\n  "records": `);
  else if (!held) for (const l of headText()) text.line(l);
  if (ix) {
    const rs = ix.geometry?.recordSize ?? 0;
    const writeSlot = (slot: number) => {
      if (indexMode && ix.cols.pstoreKind[slot] === PSTORE_DMESG && ix.cols.flags[slot] & F_PSTORE_COMPRESSED) {
        if (!records && !(ix.cols.flags[slot] & F_PSTORE_FAILED)) {
          // The common case of a large store, written without building the summary.
          n++;
          text.line(indexRecordLine(ix, slot));
          return;
        }
        const summary = indexRecordSummary(ix, n++, slot);
        for (const d of summary.diagnostics) if (d.level === 'error') errors = true;
        if (records) records.itemText(indexSummaryJson(summary, 2) ?? at(summary, 2));
        else {
          text.line(recordLine(summary));
          recordDiagnostics.push(...summary.diagnostics);
        }
        return;
      }
      const bytes = file.read(slot * rs, rs).slice();
      onRecord(bytes, slot * rs, Math.min(bytes.length, rs), slot, ix.cols.flags[slot] & F_MAPPED ? 'live' : 'cleared');
    };
    // Each batch in a function of its own, between yields: a loop in this long function would be
    // optimised on its own by V8 and thrown away at its end, over and over.
    const writeSlots = (from: number, to: number) => {
      for (let i = from; i < to; i++) writeSlot(ix.records[i]);
    };
    for (let from = 0; from < ix.records.length; from += 4096) {
      await new Promise<void>((r) => setImmediate(r));
      if (opts.cancelled?.()) throw new ScanCancelled();
      opts.onProgress?.({ bytes: file.size, total: file.size, records: from + 1 });
      writeSlots(from, Math.min(ix.records.length, from + 4096));
    }
  } else {
    await scanRecords(file, { ...hooks, onRecord: (r) => onRecord(r.bytes.slice(0, r.avail), r.offset, r.avail, null, 'file') });
  }

  // Each dump's summary is made as it is written, and index dumps are made then too (a large
  // store has tens of thousands).
  const indexList = indexMode ? indexDumpList(ix!) : undefined;
  const dumpList = indexList ?? reassembleDumps(parts, { ...(ix ? indexDumpContext(ix) : {}), recovered: false });
  const summaryOf = (i: number) => (indexList ? indexDumpSummary(indexList.at(i)) : dumpSummary((dumpList as Dump[])[i]));
  if (records) {
    records.close();
    out(',\n  "dumps": ');
    const dw = new ArrayWriter(out, 1);
    for (let i = 0; i < dumpList.length; i++) dw.item(summaryOf(i));
    dw.close();
    out(`,\n  "diagnostics": ${at(reportDiagnostics, 1)}`);
    if (!ix) out(',\n  "inputForm": "binary"');
    if (ix?.geometry) {
      out(',\n  "store": ');
      writeStore(ix, out);
    }
    if (indexMode) out(`,\n  "mode": "index",\n  "note": ${JSON.stringify(INDEX_MODE_NOTE)}`);
    out('\n}\n');
    flush();
  } else {
    const dumpText = (i: number) => {
      const batch = [];
      for (let j = i; j < Math.min(i + 256, dumpList.length); j++) batch.push(summaryOf(j));
      // dumpLines heads its lines with a blank line and `dumps:`, once.
      for (const l of dumpLines(batch).slice(i ? 2 : 0)) text.line(l);
    };
    for (let i = 0; i < dumpList.length; i += 256) dumpText(i);
    for (const l of diagnosticLines([...reportDiagnostics, ...recordDiagnostics])) text.line(l);
    text.flush();
    flush();
    if (held && first.kind === 'store' && first.digest) {
      source.sha256 = await first.digest;
      letGo();
    }
  }
  if (unrecognised) return 3;
  return errors ? 1 : 0;
}
