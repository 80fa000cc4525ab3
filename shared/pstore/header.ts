/** `Reason#count PartN\n` — the only place pstore keeps reason, dump count and part number. */

export interface DumpHeader {
  reason: string;
  count: number;
  part: number;
  /** Bytes taken by the header line, newline included. */
  length: number;
}

/** Where a header line's parts lie: the reason is bytes 0..reasonEnd. */
export interface DumpHeaderScan {
  reasonEnd: number;
  count: number;
  part: number;
  /** Bytes taken by the header line, newline included. */
  length: number;
}

/** The header is short ASCII: it is looked for only in the first bytes. */
const LIMIT = 48;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Reads the line `[A-Za-z]+#\d+ Part\d+\n` at the start of `b` (within its first 48 bytes) into
 * `out`, byte by byte, so a bulk reader can reuse one `out` and build no string per part;
 * false when there is no such line.
 */
export function scanDumpHeader(b: Uint8Array, out: DumpHeaderScan): boolean {
  const end = Math.min(b.length, LIMIT);
  let i = 0;
  while (i < end && isLetter(b[i])) i++;
  if (i === 0 || i >= end || b[i] !== 35) return false;
  const reasonEnd = i++;
  const countStart = i;
  while (i < end && isDigit(b[i])) i++;
  if (i === countStart || i + 5 > end) return false;
  const countEnd = i;
  // " Part"
  if (b[i] !== 32 || b[i + 1] !== 80 || b[i + 2] !== 97 || b[i + 3] !== 114 || b[i + 4] !== 116) return false;
  i += 5;
  const partStart = i;
  while (i < end && isDigit(b[i])) i++;
  if (i === partStart || i >= end || b[i] !== 10) return false;
  out.reasonEnd = reasonEnd;
  out.count = digits(b, countStart, countEnd);
  out.part = digits(b, partStart, i);
  out.length = i + 1;
  return true;
}

export function parseDumpHeader(text: Uint8Array): DumpHeader | undefined {
  const s: DumpHeaderScan = { reasonEnd: 0, count: 0, part: 0, length: 0 };
  if (!scanDumpHeader(text, s)) return undefined;
  return { reason: ascii(text, 0, s.reasonEnd), count: s.count, part: s.part, length: s.length };
}

/** A part's name as its header line gives it, without the newline: `Panic#1 Part3`. */
export function dumpPartName(reason: string | undefined, count: number | undefined, part: number | undefined): string {
  return `${reason}#${count} Part${part}`;
}

/** Bytes from..to as text, one character a byte. */
export function ascii(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** The value of a run of decimal digits, as Number(text) gives it (exact up to 15 digits, rounded past). */
function digits(b: Uint8Array, from: number, to: number): number {
  if (to - from > 15) return Number(ascii(b, from, to));
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (b[i] - 48);
  return n;
}
