/**
 * The `Reason#count PartN\n` line at the start of a dmesg payload, read as parseDumpHeader reads
 * it (the same scan) without building a string per part: the reason is interned.
 */
import { ascii, scanDumpHeader, type DumpHeaderScan } from '../pstore/header';
import type { Interner } from './intern';

/** One scan result reused for every part. */
const SCAN: DumpHeaderScan = { reasonEnd: 0, count: 0, part: 0, length: 0 };

/** reason: index in `reasons`; length: bytes of the line, newline included. */
export function dumpHeaderOf(
  b: Uint8Array,
  reasons: Interner,
): { reason: number; count: number; part: number; length: number } | undefined {
  if (!scanDumpHeader(b, SCAN)) return undefined;
  return { reason: reasons.idOfBytes(b, 0, SCAN.reasonEnd, ascii), count: SCAN.count, part: SCAN.part, length: SCAN.length };
}
