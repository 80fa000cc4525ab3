/**
 * A deflate decoder (RFC 1951) after zlib's `puff` (canonical Huffman codes decoded bit by bit):
 * small, with no set-up per stream, for jobs a full inflater does badly.
 * - `inflateRawHead` stops after the first `want` bytes of output: enough to read a dmesg part's
 *   `Reason#N PartM` line. A stream cut short yields the bytes decoded so far; a malformed one
 *   throws, as a full inflater would when it reaches the same bytes.
 * - `maxBackReference` walks the codes without keeping output, for the largest back-reference
 *   distance: the window the compressor used.
 */

class Eof extends Error {}
class Stop extends Error {}

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
];
const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const OFFS = new Uint16Array(16);
/** How many literal/length and distance codes have each length, counted as the lengths are read. */
const LIT_COUNT = new Uint16Array(16);
const DIST_COUNT = new Uint16Array(16);

/**
 * Builds a canonical code from the `n` code lengths at `from`; returns how incomplete it is
 * (< 0: over-subscribed).
 */
function construct(h: Huffman, lengths: Uint8Array, n: number, from = 0, counted?: Uint16Array): number {
  if (counted) h.count.set(counted);
  else {
    h.count.fill(0);
    for (let s = 0; s < n; s++) h.count[lengths[from + s]]++;
  }
  if (h.count[0] === n) return 0;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left <<= 1;
    left -= h.count[len];
    if (left < 0) return left;
  }
  const offs = OFFS;
  offs[1] = 0;
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len] + h.count[len];
  for (let s = 0; s < n; s++) if (lengths[from + s] !== 0) h.symbol[offs[lengths[from + s]]++] = s;
  return left;
}

function huffman(n: number): Huffman {
  return { count: new Uint16Array(16), symbol: new Uint16Array(n) };
}

const FIXED_LEN = huffman(288);
const FIXED_DIST = huffman(30);
{
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  construct(FIXED_LEN, l, 288);
  construct(FIXED_DIST, new Uint8Array(30).fill(5), 30);
}

/** Decoder state, reused from one call to the next (one part after another, no allocation). */
class State {
  pos = 0;
  bitbuf = 0;
  bitcnt = 0;
  src: Uint8Array = new Uint8Array(0);
  want = 0;
  out: Uint8Array = new Uint8Array(1024);
  outLen = 0;
  readonly lencode = huffman(288);
  readonly distcode = huffman(30);
  readonly lengths = new Uint8Array(320);
  /**
   * The code-length code (at most 7 bits a code) as a lookup table: the next 7 bits of input,
   * least significant first, give `symbol << 4 | length`; 0 where no code matches. A dynamic
   * block spells ~300 code lengths with it, which bit-by-bit decoding makes its costliest part.
   */
  readonly clTable = new Uint16Array(128);
  /** Count output without keeping it (distances only); `want` still bounds it. */
  countOnly = false;
  maxDist = 0;
  /** Stop once a distance exceeds this. */
  stopAbove = Infinity;
  /** Stop once this byte was written (-1: none). */
  stopAt = -1;

  reset(src: Uint8Array, want: number, countOnly = false, stopAbove = Infinity, stopAt = -1): void {
    this.stopAt = stopAt;
    this.src = src;
    this.want = want;
    this.pos = 0;
    this.bitbuf = 0;
    this.bitcnt = 0;
    this.outLen = 0;
    this.countOnly = countOnly;
    this.maxDist = 0;
    this.stopAbove = stopAbove;
    // A match can run 258 bytes past what is wanted.
    if (!countOnly && this.out.length < want + 258) this.out = new Uint8Array(want + 258);
  }

  bits(need: number): number {
    let val = this.bitbuf;
    while (this.bitcnt < need) {
      if (this.pos >= this.src.length) throw new Eof();
      val |= this.src[this.pos++] << this.bitcnt;
      this.bitcnt += 8;
    }
    this.bitbuf = val >>> need;
    this.bitcnt -= need;
    return val & ((1 << need) - 1);
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    let buf = this.bitbuf;
    let cnt = this.bitcnt;
    const count = h.count;
    for (let len = 1; len <= 15; len++) {
      if (cnt === 0) {
        if (this.pos >= this.src.length) throw new Eof();
        buf = this.src[this.pos++];
        cnt = 8;
      }
      code |= buf & 1;
      buf >>>= 1;
      cnt--;
      const n = count[len];
      if (code - n < first) {
        this.bitbuf = buf;
        this.bitcnt = cnt;
        return h.symbol[index + (code - first)];
      }
      index += n;
      first += n;
      first <<= 1;
      code <<= 1;
    }
    throw new Error('invalid Huffman code');
  }

  /**
   * Fills clTable from the code-length code just built in `lencode` (complete or empty:
   * construct checked it); its symbols are in canonical order, by length then value.
   */
  buildClTable(): void {
    const t = this.clTable;
    t.fill(0);
    const { count, symbol } = this.lencode;
    let code = 0;
    let next = 0;
    for (let len = 1; len <= 7; len++) {
      for (let j = count[len]; j > 0; j--) {
        const s = symbol[next++];
        // Huffman codes are sent most significant bit first: the table is indexed bit-reversed.
        let rev = 0;
        for (let i = 0; i < len; i++) rev |= ((code >> i) & 1) << (len - 1 - i);
        for (let k = rev; k < 128; k += 1 << len) t[k] = (s << 4) | len;
        code++;
      }
      code <<= 1;
    }
  }

  stored(): void {
    // A stored block starts at the byte after the bits used: bytes read ahead go back.
    this.pos -= this.bitcnt >> 3;
    this.bitbuf = 0;
    this.bitcnt = 0;
    if (this.pos + 4 > this.src.length) throw new Eof();
    const s = this.src;
    const len = s[this.pos] | (s[this.pos + 1] << 8);
    const nlen = s[this.pos + 2] | (s[this.pos + 3] << 8);
    if (len !== (~nlen & 0xffff)) throw new Error('invalid stored block lengths');
    this.pos += 4;
    if (this.countOnly) {
      if (this.pos + len > s.length) throw new Eof();
      this.pos += len;
      this.outLen += len;
      return;
    }
    for (let i = 0; i < len && this.outLen < this.want; i++) {
      if (this.pos >= s.length) throw new Eof();
      const c = s[this.pos++];
      this.out[this.outLen++] = c;
      if (c === this.stopAt) this.want = this.outLen;
    }
  }

  codes(lencode: Huffman, distcode: Huffman): void {
    for (;;) {
      if (this.outLen >= this.want) return;
      let sym = this.decode(lencode);
      if (sym < 256) {
        if (this.countOnly) this.outLen++;
        else {
          this.out[this.outLen++] = sym;
          if (sym === this.stopAt) this.want = this.outLen;
        }
      } else if (sym === 256) return;
      else {
        sym -= 257;
        if (sym >= 29) throw new Error('invalid literal/length code');
        const len = LBASE[sym] + this.bits(LEXT[sym]);
        const dsym = this.decode(distcode);
        if (dsym >= 30) throw new Error('invalid distance code');
        const dist = DBASE[dsym] + this.bits(DEXT[dsym]);
        if (dist > this.outLen) throw new Error('invalid distance too far back');
        if (dist > this.maxDist) {
          this.maxDist = dist;
          if (dist > this.stopAbove) throw new Stop();
        }
        if (this.countOnly) {
          this.outLen += len;
          continue;
        }
        const from = this.outLen;
        for (let i = 0; i < len && this.outLen < this.out.length; i++) this.out[this.outLen] = this.out[this.outLen++ - dist];
        if (this.stopAt >= 0) {
          for (let i = from; i < this.outLen; i++) {
            if (this.out[i] === this.stopAt) {
              this.want = Math.min(this.want, i + 1);
              break;
            }
          }
        }
      }
    }
  }

  dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Error('invalid code lengths');
    const lengths = this.lengths;
    // The code-length code's 19 lengths (the rest is written below before it is read).
    lengths.fill(0, 0, 19);
    for (let i = 0; i < ncode; i++) lengths[ORDER[i]] = this.bits(3);
    const lencode = this.lencode;
    if (construct(lencode, lengths, 19) !== 0) throw new Error('invalid code lengths set');
    this.buildClTable();
    // The ~300 code lengths, read with the bit buffer in locals (the costliest loop of a
    // head inflate): up to 14 bits stay buffered (whole bytes of them go back
    // to the input before a stored block: see stored()).
    const src = this.src;
    const table = this.clTable;
    const total = nlen + ndist;
    let buf = this.bitbuf;
    let cnt = this.bitcnt;
    let pos = this.pos;
    let index = 0;
    const lit = LIT_COUNT.fill(0);
    const dist = DIST_COUNT.fill(0);
    while (index < total) {
      while (cnt < 7 && pos < src.length) {
        buf |= src[pos++] << cnt;
        cnt += 8;
      }
      const e = table[buf & 127];
      const elen = e & 15;
      let sym: number;
      if (elen !== 0 && elen <= cnt) {
        buf >>>= elen;
        cnt -= elen;
        sym = e >> 4;
      } else {
        // No entry, or the input ends inside the code: the bit-by-bit decoder says how it fails.
        this.bitbuf = buf & ((1 << cnt) - 1);
        this.bitcnt = cnt;
        this.pos = pos;
        sym = this.decode(lencode);
        buf = this.bitbuf;
        cnt = this.bitcnt;
        pos = this.pos;
      }
      if (sym < 16) {
        (index < nlen ? lit : dist)[sym]++;
        lengths[index++] = sym;
        continue;
      }
      if (sym === 16 && index === 0) throw new Error('invalid bit length repeat');
      const need = sym === 16 ? 2 : sym === 17 ? 3 : 7;
      while (cnt < need) {
        if (pos >= src.length) throw new Eof();
        buf |= src[pos++] << cnt;
        cnt += 8;
      }
      const extra = buf & ((1 << need) - 1);
      buf >>>= need;
      cnt -= need;
      let len = 0;
      let rep: number;
      if (sym === 16) {
        len = lengths[index - 1];
        rep = 3 + extra;
      } else rep = (sym === 17 ? 3 : 11) + extra;
      if (index + rep > total) throw new Error('invalid bit length repeat');
      while (rep--) {
        (index < nlen ? lit : dist)[len]++;
        lengths[index++] = len;
      }
    }
    this.bitbuf = buf & ((1 << cnt) - 1);
    this.bitcnt = cnt;
    this.pos = pos;
    if (lengths[256] === 0) throw new Error('invalid code -- missing end-of-block');
    let err = construct(lencode, lengths, nlen, 0, lit);
    if (err && (err < 0 || nlen !== lencode.count[0] + lencode.count[1])) throw new Error('invalid literal/lengths set');
    err = construct(this.distcode, lengths, ndist, nlen, dist);
    if (err && (err < 0 || ndist !== this.distcode.count[0] + this.distcode.count[1])) throw new Error('invalid distances set');
    this.codes(lencode, this.distcode);
  }
}

const STATE = new State();

function blocks(s: State): void {
  let last = 0;
  while (!last && s.outLen < s.want) {
    last = s.bits(1);
    const type = s.bits(2);
    if (type === 0) s.stored();
    else if (type === 1) s.codes(FIXED_LEN, FIXED_DIST);
    else if (type === 2) s.dynamic();
    else throw new Error('invalid block type');
  }
}

/**
 * The first `want` bytes a raw deflate stream inflates to (fewer when it ends or is cut
 * short first, or, with `stopAt`, up to and including the first such byte). Throws on
 * malformed data met before that point.
 */
export function inflateRawHead(src: Uint8Array, want: number, stopAt = -1): Uint8Array {
  const s = STATE;
  s.reset(src, want, false, Infinity, stopAt);
  try {
    blocks(s);
  } catch (e) {
    if (!(e instanceof Eof)) throw e;
  }
  return s.out.slice(0, Math.min(s.outLen, want));
}

export interface BackReference {
  /** Largest back-reference distance seen (0: literals only). */
  max: number;
  /** The walk stopped at `stopAbove`; the stream goes on. */
  stoppedEarly: boolean;
  /** Set when the stream is not valid raw deflate (or ends early) as far as it was walked. */
  error?: string;
}

/**
 * The largest back-reference distance in a raw deflate stream, walking at most `maxOutput`
 * bytes of output and stopping as soon as a distance exceeds `stopAbove`.
 */
export function maxBackReference(src: Uint8Array, stopAbove = Infinity, maxOutput = Infinity): BackReference {
  const s = STATE;
  s.reset(src, maxOutput, true, stopAbove);
  try {
    blocks(s);
  } catch (e) {
    if (e instanceof Stop) return { max: s.maxDist, stoppedEarly: true };
    return { max: s.maxDist, stoppedEarly: false, error: e instanceof Eof ? 'stream ends early' : (e as Error).message };
  } finally {
    s.countOnly = false;
    s.stopAbove = Infinity;
  }
  return { max: s.maxDist, stoppedEarly: false };
}

/** The same for a zlib-wrapped stream (RFC 1950): header checked, preset dictionaries refused. */
export function inflateZlibHead(src: Uint8Array, want: number, stopAt = -1): Uint8Array {
  if (src.length < 2 || (src[0] & 0x0f) !== 8 || ((src[0] << 8) | src[1]) % 31 !== 0) throw new Error('invalid zlib header');
  if (src[1] & 0x20) throw new Error('zlib preset dictionary not supported');
  return inflateRawHead(src.subarray(2), want, stopAt);
}
