/**
 * The `Reason#count PartN\n` line at the start of a dmesg payload, read from its bytes as
 * parseDumpHeader reads it (same pattern, within the same first 48 bytes) without building a
 * string per part: the reason is interned, the numbers are read digit by digit.
 */
import type { Interner } from './intern';

const LIMIT = 48;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** reason: index in `reasons`; length: bytes of the line, newline included. */
export function dumpHeaderOf(
  b: Uint8Array,
  reasons: Interner,
): { reason: number; count: number; part: number; length: number } | undefined {
  const end = Math.min(b.length, LIMIT);
  let i = 0;
  while (i < end && isLetter(b[i])) i++;
  if (i === 0 || i >= end || b[i] !== 35) return undefined;
  const reasonEnd = i++;
  const countStart = i;
  while (i < end && isDigit(b[i])) i++;
  if (i === countStart || i + 5 > end) return undefined;
  const countEnd = i;
  // " Part"
  if (b[i] !== 32 || b[i + 1] !== 80 || b[i + 2] !== 97 || b[i + 3] !== 114 || b[i + 4] !== 116) return undefined;
  i += 5;
  const partStart = i;
  while (i < end && isDigit(b[i])) i++;
  if (i === partStart || i >= end || b[i] !== 10) return undefined;
  return {
    reason: reasons.idOfBytes(b, 0, reasonEnd, ascii),
    count: digits(b, countStart, countEnd),
    part: digits(b, partStart, i),
    length: i + 1,
  };
}

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Number(text) of a run of digits, as parseDumpHeader computes it. */
function digits(b: Uint8Array, from: number, to: number): number {
  if (to - from > 15) return Number(ascii(b, from, to));
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (b[i] - 48);
  return n;
}
