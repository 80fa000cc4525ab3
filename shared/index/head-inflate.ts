/**
 * The first bytes of a compressed dmesg payload without inflating the rest: the index needs
 * only the `Reason#N PartM` line, and inflating a whole part costs ten times more than reading
 * its slot. The compressed stream is fed in growing prefixes until enough text came out.
 */
import { pluggable } from '../bytes/pluggable';
import { inflateRawHead, inflateZlibHead } from '../bytes/puff';

/** The text length that always holds the dump header line (see pstore/header.ts). */
const HEAD_BYTES = 48;
/** The header line ends at the first newline: the text after it is not needed. */
const NEWLINE = 10;

/**
 * Inflates a prefix of `input` (raw deflate, or zlib-wrapped when `zlib`) and returns what
 * came out of it, stopping early: no error for a stream cut short, an error for a bad one.
 */
export type PrefixInflater = (input: Uint8Array, zlib: boolean) => Uint8Array;

/** The early-stopping decoder (bytes/puff.ts): pure JS, so the browser indexes the same way. */
const headPrefix: PrefixInflater = (input, zlib) =>
  zlib ? inflateZlibHead(input, HEAD_BYTES, NEWLINE) : inflateRawHead(input, HEAD_BYTES, NEWLINE);

const prefixInflater = pluggable<PrefixInflater>(headPrefix);

/** Lets a host plug another inflater (e.g. Node's zlib with a sync flush); returns the previous one. */
export const usePrefixInflater = prefixInflater.use;

/** Is the index's own early-stopping decoder in use (not a host's)? */
export const defaultPrefixInflater = prefixInflater.isDefault;

export interface HeadResult {
  format: 'deflate' | 'zlib' | 'zstd' | 'unknown';
  /** The text up to its first newline within HEAD_BYTES, else at least HEAD_BYTES of it (all of a shorter text). */
  head?: Uint8Array;
  error?: string;
}

function looksZlib(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

function headOf(b: Uint8Array, zlib: boolean): Uint8Array {
  // Dynamic Huffman tables take up to ~300 bytes before the first literal.
  for (let n = Math.min(b.length, 512); ; n = Math.min(b.length, n * 4)) {
    const out = prefixInflater.current(b.subarray(0, n), zlib);
    const nl = out.indexOf(NEWLINE);
    if (nl >= 0 && nl < HEAD_BYTES) return out.length > nl + 1 ? out.subarray(0, nl + 1) : out;
    if (out.length >= HEAD_BYTES || n === b.length) return out;
  }
}

/**
 * The head of a DMESG_Z payload, chosen as inflateDmesg chooses the format (zstd refused,
 * zlib when the header says so and it inflates, else raw deflate).
 */
export function inflateHead(b: Uint8Array): HeadResult {
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) {
    return { format: 'zstd', error: 'zstd-compressed dmesg is not supported' };
  }
  if (looksZlib(b)) {
    try {
      return { format: 'zlib', head: headOf(b, true) };
    } catch {
      // A raw stream can start with bytes that look like a zlib header; fall through.
    }
  }
  try {
    return { format: 'deflate', head: headOf(b, false) };
  } catch (e) {
    return { format: 'unknown', error: `raw inflate failed: ${(e as Error).message}` };
  }
}
