/**
 * The largest back-reference distance in a raw deflate stream (RFC 1951), found by walking its
 * Huffman codes without producing output. The window a compressor used bounds this distance:
 * Linux ≤ 6.5 compressed pstore dumps through the crypto API's "deflate" (window 2^11), Linux
 * 6.6+ through the zlib library with window 2^15, so a distance above 2048 proves the newer
 * producer. A short stream can stay below 2048 under either, so only "above" is evidence.
 */

const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Canonical Huffman decoding table: counts per length and symbols in code order (zlib's puff). */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman | undefined {
  const count = new Uint16Array(16);
  for (let i = 0; i < n; i++) count[lengths[i]]++;
  if (count[0] === n) return { count, symbol: new Uint16Array(0) };
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left = (left << 1) - count[len];
    if (left < 0) return undefined; // over-subscribed
  }
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len] + count[len];
  const symbol = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i]) symbol[offs[lengths[i]]++] = i;
  return { count, symbol };
}

class Bits {
  pos = 0;
  bit = 0;
  constructor(readonly b: Uint8Array) {}
  need(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (this.pos >= this.b.length) throw new RangeError('stream ends early');
      v |= ((this.b[this.pos] >> this.bit) & 1) << i;
      if (++this.bit === 8) {
        this.bit = 0;
        this.pos++;
      }
    }
    return v;
  }
  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= this.need(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new RangeError('invalid Huffman code');
  }
}

let fixed: { lit: Huffman; dist: Huffman } | undefined;
function fixedTables() {
  if (!fixed) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixed = { lit: huffman(l, 288)!, dist: huffman(new Uint8Array(30).fill(5), 30)! };
  }
  return fixed;
}

function dynamicTables(s: Bits): { lit: Huffman; dist: Huffman } {
  const nlen = s.need(5) + 257;
  const ndist = s.need(5) + 1;
  const ncode = s.need(4) + 4;
  if (nlen > 286 || ndist > 30) throw new RangeError('bad counts');
  const lengths = new Uint8Array(320);
  for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]] = s.need(3);
  const lencode = huffman(lengths, 19);
  if (!lencode) throw new RangeError('bad code lengths');
  lengths.fill(0);
  for (let i = 0; i < nlen + ndist; ) {
    let sym = s.decode(lencode);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let len = 0;
    if (sym === 16) {
      if (i === 0) throw new RangeError('repeat with no first length');
      len = lengths[i - 1];
      sym = 3 + s.need(2);
    } else if (sym === 17) sym = 3 + s.need(3);
    else sym = 11 + s.need(7);
    if (i + sym > nlen + ndist) throw new RangeError('too many lengths');
    while (sym--) lengths[i++] = len;
  }
  const lit = huffman(lengths.subarray(0, nlen), nlen);
  const dist = huffman(lengths.subarray(nlen, nlen + ndist), ndist);
  if (!lit || !dist) throw new RangeError('bad literal/length or distance code');
  return { lit, dist };
}

export interface DeflateDistance {
  /** Largest back-reference distance seen (0: literals only). */
  max: number;
  /** True when the walk stopped at `stopAbove` (the stream went on). */
  stoppedEarly: boolean;
  /** Set when the stream is not valid raw deflate as far as it was walked. */
  error?: string;
}

/**
 * Walks a raw deflate stream; stops as soon as a distance exceeds `stopAbove` (the question is
 * usually "above 2048 or not", so a 6.6+ record costs only its first few hundred codes).
 */
export function maxDeflateDistance(stream: Uint8Array, stopAbove = Infinity): DeflateDistance {
  const s = new Bits(stream);
  let max = 0;
  try {
    for (let last = 0; !last; ) {
      last = s.need(1);
      const type = s.need(2);
      if (type === 0) {
        if (s.bit) {
          s.bit = 0;
          s.pos++;
        }
        if (s.pos + 4 > stream.length) throw new RangeError('stream ends early');
        const len = stream[s.pos] | (stream[s.pos + 1] << 8);
        s.pos += 4 + len;
        if (s.pos > stream.length) throw new RangeError('stream ends early');
        continue;
      }
      if (type === 3) throw new RangeError('invalid block type');
      const { lit, dist } = type === 1 ? fixedTables() : dynamicTables(s);
      for (;;) {
        const sym = s.decode(lit);
        if (sym < 256) continue;
        if (sym === 256) break;
        const li = sym - 257;
        if (li >= 29) throw new RangeError('invalid length symbol');
        s.need(LEN_EXTRA[li]); // the length itself does not matter, only its extra bits
        const di = s.decode(dist);
        if (di >= 30) throw new RangeError('invalid distance symbol');
        const d = DIST_BASE[di] + s.need(DIST_EXTRA[di]);
        if (d > max) {
          max = d;
          if (max > stopAbove) return { max, stoppedEarly: true };
        }
      }
    }
  } catch (e) {
    return { max, stoppedEarly: false, error: (e as Error).message };
  }
  return { max, stoppedEarly: false };
}
