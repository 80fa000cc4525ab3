import type { RecordQuery, RecordsWindow } from '../../shared/contract/index';
import { decodeRecord, type DecodedRecord } from '../../shared/cper/record';
import { recordSummary, type RecordSummary } from '../../shared/report/inspect';
import type { EvidenceFile } from '../evidence/file';
import type { Op } from './file-service';

/** A store slot's record, decoded from the slot's bytes only (`lean`: values without field trees). */
export function decodeSlot(file: EvidenceFile, recordSize: number, slot: number, lean: boolean): DecodedRecord {
  const bytes = file.read(slot * recordSize, recordSize).slice();
  return decodeRecord(bytes, 0, { base: slot * recordSize, maxLength: Math.min(bytes.length, recordSize), lean });
}

/**
 * Rows of the records table already decoded, by their index (slot order), the newest kept: a
 * row costs a decode of its slot (a compressed part is inflated for it), and the same rows are
 * asked again (the first window while indexing and once it is done, a table scrolled back).
 */
export class RowCache {
  private rows = new Map<number, RecordSummary>();
  constructor(private readonly max = 1000) {}

  row(index: number, make: () => RecordSummary): RecordSummary {
    let r = this.rows.get(index);
    if (!r) {
      r = make();
      this.rows.set(index, r);
      if (this.rows.size > this.max) this.rows.delete(this.rows.keys().next().value!);
    }
    return r;
  }
}

/** Row `index` of the records table, the record in `slot`. */
export function slotRow(file: EvidenceFile, recordSize: number, index: number, slot: number, live: boolean): RecordSummary {
  return recordSummary(index, { record: decodeSlot(file, recordSize, slot, true), slot, state: live ? 'live' : 'cleared' }, false);
}

/** The table's own order (by slot, ascending, nothing filtered): the one order known before the index is whole. */
export function inSlotOrder(q: RecordQuery | undefined): boolean {
  if (!q) return true;
  return (
    (q.sort === undefined || q.sort === 'slot') &&
    q.dir !== -1 &&
    !(q.text ?? '').trim() &&
    !q.severity &&
    !q.sectionType &&
    !q.creator &&
    !q.state
  );
}

/**
 * The records table while a large store is still being indexed. The index pass hands over
 * each record's slot as it finds it, in slot order, so a window of the table in its own order
 * is final as soon as the pass has gone past it: it is answered then (marked `indexing`, its
 * counts those found so far), not when the whole file has been read. A window the pass has
 * not reached waits for it; when the pass ends first, the whole index answers instead.
 */
export class EarlyRows {
  private slots = new Int32Array(4096);
  private live = new Uint8Array(4096);
  private count = 0;
  private ended = false;
  private waiting: { offset: number; limit: number; resolve(w: RecordsWindow | null): void }[] = [];

  /** Rows decoded before the index is whole, kept for it (the same slots give the same rows). */
  readonly cache = new RowCache();

  constructor(
    private readonly file: EvidenceFile,
    private readonly recordSize: number,
  ) {}

  /** The pass found a record in `slot` (slots come in ascending order). */
  add(slot: number, live: boolean): void {
    if (this.count === this.slots.length) {
      const s = new Int32Array(this.slots.length * 2);
      s.set(this.slots);
      this.slots = s;
      const l = new Uint8Array(this.live.length * 2);
      l.set(this.live);
      this.live = l;
    }
    this.slots[this.count] = slot;
    this.live[this.count++] = live ? 1 : 0;
  }

  /** After each step of the pass: answers the windows it has now gone past. */
  advance(): void {
    if (!this.waiting.length) return;
    const still = [];
    for (const w of this.waiting) {
      if (this.count >= w.offset + w.limit) w.resolve(this.rows(w.offset, w.limit));
      else still.push(w);
    }
    this.waiting = still;
  }

  /** The pass is over (done or failed): what still waits is left to the whole index. */
  end(): void {
    this.ended = true;
    for (const w of this.waiting) w.resolve(null);
    this.waiting = [];
  }

  /**
   * Rows [offset, offset + limit) in the table's own order once the pass has found them;
   * null when the pass ended before (the whole index then answers, with the exact counts).
   */
  window(offset: number, limit: number): Promise<RecordsWindow | null> {
    if (this.ended) return Promise.resolve(null);
    if (this.count >= offset + limit) return Promise.resolve(this.rows(offset, limit));
    return new Promise((resolve) => this.waiting.push({ offset, limit, resolve }));
  }

  private rows(offset: number, limit: number): RecordsWindow {
    const rows: RecordSummary[] = [];
    for (let i = offset; i < offset + limit; i++)
      rows.push(this.cache.row(i, () => slotRow(this.file, this.recordSize, i, this.slots[i], this.live[i] === 1)));
    return { offset, total: this.count, all: this.count, rows, indexing: true };
  }
}

/** Early rows for a store whose header names a record size (the slots are found by it); none otherwise. */
export function earlyRowsFor(file: EvidenceFile): EarlyRows | undefined {
  const h = file.read(8, 4);
  const rs = h.length === 4 ? (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0 : 0;
  return rs > 0 ? new EarlyRows(file, rs) : undefined;
}

/**
 * How an operation sent while the file is still being indexed can be answered early: a
 * records window in the table's own order, by `early`; undefined when it must wait for the
 * whole index (any other operation or order), and the promise gives null when it must after all.
 */
export function answerEarly(early: EarlyRows | undefined, op: Op): Promise<RecordsWindow | null> | undefined {
  if (!early || op.op !== 'records' || !inSlotOrder(op.query)) return undefined;
  return early.window(op.offset, op.limit);
}
