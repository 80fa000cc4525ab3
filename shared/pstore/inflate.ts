import { inflateSync, unzlibSync } from 'fflate';
import { pluggable } from '../bytes/pluggable';

/** The most a single dmesg record may inflate to. Linux caps it far lower (3 × bufsize). */
export const MAX_INFLATED = 64 * 1024 * 1024;

export type Compression = 'deflate' | 'zlib' | 'zstd' | 'unknown';

/** Inflates `input` (raw deflate, or zlib-wrapped when `zlib`), throwing past `limit` output bytes. */
export type Inflater = (input: Uint8Array, zlib: boolean, limit: number) => Uint8Array;

/** fflate: pure JS, so the same decoder runs in the browser. */
const fflateInflater: Inflater = (b, zlib, limit) =>
  zlib ? bounded((out) => unzlibSync(b, { out }), b.length, limit) : bounded((out) => inflateSync(b, { out }), b.length, limit);

const inflater = pluggable<Inflater>(fflateInflater);

/**
 * Lets a host with a native inflater (Node's zlib, ~2.6× faster here) use it instead; both
 * are complete inflaters, so results are the same bytes. Returns the previous one.
 */
export const useInflater = inflater.use;

export interface InflateResult {
  format: Compression;
  data?: Uint8Array;
  error?: string;
}

function looksZlib(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

/**
 * Inflates into a buffer of bounded size, growing it only while the stream keeps filling it,
 * so a hostile stream cannot make us allocate more than MAX_INFLATED.
 */
function bounded(run: (out: Uint8Array) => Uint8Array, inputLength: number, limit: number): Uint8Array {
  let size = Math.min(limit + 1, Math.max(4096, inputLength * 8));
  for (;;) {
    const out = run(new Uint8Array(size));
    if (out.length < size) return out;
    if (size > limit) throw new Error(`inflates to more than ${limit} bytes`);
    size = Math.min(limit + 1, size * 8);
  }
}

/**
 * Linux's DMESG_Z GUID does not say which stream format it holds (4.3 of the reference):
 * old kernels wrote zlib-wrapped streams, 4.19–6.x raw deflate (any window size).
 */
export function inflateDmesg(b: Uint8Array, limit = MAX_INFLATED): InflateResult {
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) {
    return { format: 'zstd', error: 'zstd-compressed dmesg is not supported' };
  }
  if (looksZlib(b)) {
    try {
      return { format: 'zlib', data: inflater.current(b, true, limit) };
    } catch (e) {
      // Past the limit it is a real zlib stream that inflates too far: trying it again as raw would only repeat the work.
      const msg = (e as Error).message;
      if (/more than|larger than/i.test(msg)) return { format: 'zlib', error: `zlib inflate failed: ${msg}` };
      // A raw stream can start with bytes that look like a zlib header; fall through.
    }
  }
  try {
    return { format: 'deflate', data: inflater.current(b, false, limit) };
  } catch (e) {
    return { format: 'unknown', error: `raw inflate failed: ${(e as Error).message}` };
  }
}
