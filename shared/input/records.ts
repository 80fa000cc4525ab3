import { decodeRecord, looksLikeRecord, type DecodedRecord } from '../cper/record';
import { recordLengthHolds } from '../cper/layout';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';

export interface RecordsInput {
  kind: 'cper';
  records: DecodedRecord[];
  diagnostics: Diagnostic[];
}

/**
 * Splits a file of CPER records laid back to back. A record whose length lies ends the walk
 * at the next "CPER" signature found, so one bad record does not hide the ones after it.
 * `lean`: values and CPER-JSON only, no field trees (bulk export; see ByteReader.lean).
 */
export function decodeRecords(bytes: Uint8Array, base = 0, opts: { lean?: boolean } = {}): RecordsInput {
  const records: DecodedRecord[] = [];
  const diagnostics = walkRecords(bytes, base, opts, (rec) => records.push(rec));
  return { kind: 'cper', records, diagnostics };
}

/**
 * The same walk handing each record to `onRecord` as it is decoded, keeping none: a bulk
 * export writes a record's text and lets it go. `onRecord` gets the count seen so far.
 */
function walkRecords(
  bytes: Uint8Array,
  base: number,
  opts: { lean?: boolean },
  onRecord: (rec: DecodedRecord, seen: number) => void,
): Diagnostic[] {
  const lean = opts.lean ?? false;
  const diagnostics: Diagnostic[] = [];
  let seen = 0;
  eachRecordStart(
    bytes,
    (at) => {
      const rec = decodeRecord(bytes, at, { base, lean });
      onRecord(rec, ++seen);
      return rec.recordLength ?? 0;
    },
    (at, next) => {
      const tail = (next < 0 ? bytes.length : next) - at;
      const allPad = bytes.subarray(at, at + tail).every((b) => b === 0 || b === 0xff);
      if (!allPad || seen === 0) {
        diagnostics.push(
          expert(
            'input.not-cper',
            `${tail} bytes at offset ${base + at} are not a CPER record`,
            base + at,
            tail,
            seen ? 'warning' : 'error',
          ),
        );
      }
    },
  );
  return diagnostics;
}

/**
 * Records laid back to back: `onRecord(at)` for each record start, returning the length its
 * header claims. A record whose length lies (past the bytes, or shorter than a header) ends at
 * the next "CPER" signature, so one bad record does not hide the ones after it. `onGap(at, next)`
 * gets bytes that start no record, up to the next signature (`next`, -1 when there is none).
 */
export function eachRecordStart(bytes: Uint8Array, onRecord: (at: number) => number, onGap?: (at: number, next: number) => void): void {
  let at = 0;
  while (at < bytes.length) {
    if (!looksLikeRecord(bytes, at)) {
      const next = findSignature(bytes, at + 1);
      onGap?.(at, next);
      if (next < 0) break;
      at = next;
      continue;
    }
    const claimed = onRecord(at);
    if (recordLengthHolds(claimed, bytes.length - at)) at += claimed;
    else {
      const next = findSignature(bytes, at + 4);
      if (next < 0) break;
      at = next;
    }
  }
}

function findSignature(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= bytes.length; i++) {
    if (bytes[i] === 0x43 && looksLikeRecord(bytes, i)) return i;
  }
  return -1;
}
