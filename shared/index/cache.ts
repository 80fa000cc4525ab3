/**
 * What the index does not keep, decoded from a slot's bytes when asked for: the full record
 * (field trees, payload text), with a bounded least-recently-used cache. Computing a payload
 * also fills the index's text-length column, so lengths accumulate as records are opened.
 */
import { decodeRecord, type DecodedRecord } from '../cper/record';
import type { ByteSource } from '../store/source';
import type { StoreIndex } from './store-index';

export class RecordCache {
  private readonly entries = new Map<number, { record: DecodedRecord; bytes: number }>();
  private bytes = 0;

  constructor(
    readonly ix: StoreIndex,
    readonly src: ByteSource,
    readonly maxBytes = 64 * 1024 * 1024,
    readonly maxEntries = 256,
  ) {}

  /** The record in `slot` decoded with its field trees and payload. */
  record(slot: number): DecodedRecord | undefined {
    const hit = this.entries.get(slot);
    if (hit) {
      this.entries.delete(slot);
      this.entries.set(slot, hit);
      return hit.record;
    }
    const rs = this.ix.geometry?.recordSize;
    if (!rs || slot < 0 || slot >= this.ix.slots) return undefined;
    const bytes = this.src.read(slot * rs, rs).slice();
    if (bytes.length < 4 || bytes[0] !== 0x43) return undefined;
    const record = decodeRecord(bytes, 0, { base: slot * rs, maxLength: rs });
    const p = record.sections[0]?.pstore;
    if (p) this.ix.cols.textLength[slot] = p.textLength;
    const size = bytes.length + (p?.text?.length ?? 0) * 2 + 4096;
    this.entries.set(slot, { record, bytes: size });
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
    return record;
  }

  /** The pstore payload as /sys/fs/pstore shows it (header line included). */
  payload(slot: number): Uint8Array | undefined {
    return this.record(slot)?.sections[0]?.pstore?.text;
  }

  /** The payload's length (header line included), inflating it once when not known yet. */
  textLength(slot: number): number | undefined {
    const known = this.ix.cols.textLength[slot];
    if (known >= 0) return known;
    const p = this.record(slot)?.sections[0]?.pstore;
    return p?.textLength;
  }
}
