import { decodeRecord, type DecodedRecord } from '../../shared/cper/record';
import { stitchDump, type Dump } from '../../shared/pstore/dump';
import type { DecodedInput } from '../../shared/report/inspect';

/**
 * Payloads of large stores are not kept after indexing (see StoreOptions.keepPayloads):
 * these fetch them again from the record's own bytes, one record at a time.
 */
export function payloadOf(input: DecodedInput, recordId: string): Uint8Array | undefined {
  const e =
    input.records.find((x) => x.record.recordId === recordId && x.state !== 'cleared') ??
    input.records.find((x) => x.record.recordId === recordId);
  if (!e) return undefined;
  const p = e.record.sections[0]?.pstore;
  if (p?.text) return p.text;
  return fullRecord(input, e.record).sections[0]?.pstore?.text;
}

/** The record with its field trees and payload: itself, or decoded again when it was indexed lean. */
export function fullRecord(input: DecodedInput, record: DecodedRecord): DecodedRecord {
  if (!record.lean || !input.source) return record;
  return decodeRecord(input.source.read(record.offset, record.length), 0, { base: record.offset });
}

export function dumpText(input: DecodedInput, d: Dump): Uint8Array {
  return d.text ?? stitchDump(d, (id) => payloadOf(input, id));
}
