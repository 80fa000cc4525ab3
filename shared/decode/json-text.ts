/**
 * JSON text written straight into a growing byte buffer: the CPER-JSON writers call
 * `key`/`open`/`close` and the value methods while they read the source bytes, so no object
 * tree is built and no built-in is patched. Output is pure ASCII (anything else is escaped),
 * 64-bit integers are written exact from their two 32-bit halves, and `indent > 0` gives the
 * same layout as JSON.stringify(v, null, indent).
 */

const ENC = new TextEncoder();
const DEC = new TextDecoder();
const HEXL = new Uint8Array(16);
const HEXU = new Uint8Array(16);
for (let i = 0; i < 16; i++) {
  HEXL[i] = '0123456789abcdef'.charCodeAt(i);
  HEXU[i] = '0123456789ABCDEF'.charCodeAt(i);
}
const B64 = new Uint8Array(64);
for (let i = 0; i < 64; i++) B64[i] = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i);

const KEYS = new Map<string, Uint8Array>();
const STRS = new Map<string, Uint8Array>();

/** `"k":` as bytes, interned: the compiled plans hold these. */
export function keyBytes(k: string): Uint8Array {
  let b = KEYS.get(k);
  if (b === undefined) {
    b = ENC.encode(quoteAscii(k) + ':');
    KEYS.set(k, b);
  }
  return b;
}

/** A constant string value (enum names, descriptions) quoted once, as bytes. */
export function strBytes(s: string): Uint8Array {
  let b = STRS.get(s);
  if (b === undefined) {
    b = ENC.encode(quoteAscii(s));
    if (STRS.size < 65536) STRS.set(s, b);
  }
  return b;
}

/** JSON string literal with every non-printable-ASCII character escaped. */
function quoteAscii(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}

const TRUE = ENC.encode('true');
const FALSE = ENC.encode('false');

export class JsonText {
  buf: Uint8Array;
  pos = 0;
  readonly indent: number;
  private depth = 0;
  /** Nothing written yet in the innermost open container. */
  private first = true;
  /** `first` of the enclosing containers (bit per level). */
  private firsts: number[] = [];
  /** Keys of objects opened lazily (written only when a member is written into them). */
  private pending: Uint8Array[] = [];
  private npending = 0;

  constructor(indent = 0, capacity = 1 << 16) {
    this.indent = indent;
    this.buf = new Uint8Array(capacity);
  }

  private grow(n: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.pos));
    this.buf = nb;
  }

  /** Room for `n` more bytes. */
  need(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private newline(): void {
    const n = 1 + this.depth * this.indent;
    this.need(n);
    const b = this.buf;
    b[this.pos++] = 10;
    for (let i = 1; i < n; i++) b[this.pos++] = 32;
  }

  /** Separator before a member or element (and any lazily opened objects first). */
  private sep(): void {
    if (this.npending) this.flushPending();
    if (this.first) this.first = false;
    else {
      this.need(1);
      this.buf[this.pos++] = 44;
    }
    if (this.indent) this.newline();
  }

  private flushPending(): void {
    const n = this.npending;
    this.npending = 0;
    for (let i = 0; i < n; i++) {
      this.key(this.pending[i]);
      this.open();
    }
  }

  /** A member's key (`keyBytes`); its value follows. */
  key(k: Uint8Array): void {
    if (this.npending) this.flushPending();
    // Comma, newline and indent, the key and a space, with one check for room.
    const n = k.length;
    const ind = this.indent ? 1 + this.depth * this.indent : 0;
    this.need(n + ind + 2);
    const b = this.buf;
    let p = this.pos;
    if (this.first) this.first = false;
    else b[p++] = 44;
    if (ind) {
      b[p++] = 10;
      for (let i = 1; i < ind; i++) b[p++] = 32;
    }
    for (let i = 0; i < n; i++) b[p++] = k[i];
    if (ind) b[p++] = 32;
    this.pos = p;
  }

  /** Before an array element. */
  item(): void {
    this.sep();
  }

  open(): void {
    this.byte(123);
    this.push();
  }

  close(): void {
    this.pop(125);
  }

  openArray(): void {
    this.byte(91);
    this.push();
  }

  closeArray(): void {
    this.pop(93);
  }

  /** An object member opened only if something is written into it (libcper omits empty groups). */
  lazy(k: Uint8Array): void {
    this.pending[this.npending++] = k;
  }

  endLazy(): void {
    if (this.npending) this.npending--;
    else this.close();
  }

  private push(): void {
    this.firsts.push(this.first ? 1 : 0);
    this.first = true;
    this.depth++;
  }

  private pop(c: number): void {
    this.depth--;
    if (!this.first && this.indent) this.newline();
    this.first = this.firsts.pop() === 1;
    this.byte(c);
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** Pre-encoded bytes (a quoted constant, true/false/null). */
  raw(s: Uint8Array): void {
    const n = s.length;
    this.need(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s[i];
    this.pos = p;
  }

  bool(v: boolean): void {
    this.raw(v ? TRUE : FALSE);
  }

  /** A non-negative integer below 2^53 (or any finite number, via its shortest text). */
  int(n: number): void {
    if (n >= 0 && n < 4294967296 && n === Math.floor(n)) {
      this.need(10);
      const b = this.buf;
      if (n < 10) {
        b[this.pos++] = 48 + n;
        return;
      }
      let len = 1;
      for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
      let p = this.pos + len;
      this.pos = p;
      let v = n;
      while (v >= 10) {
        const q = Math.floor(v / 10);
        b[--p] = 48 + (v - q * 10);
        v = q;
      }
      b[--p] = 48 + v;
      return;
    }
    this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

  /** The unsigned 64-bit integer hi·2^32 + lo, exact. */
  u64(lo: number, hi: number): void {
    if (hi === 0) this.int(lo);
    else if (hi < 0x200000) this.ascii(String(hi * 4294967296 + lo));
    else this.ascii(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  }

  /** "0x…" upper-case hex of hi·2^32 + lo, at least `digits` wide. */
  hex(lo: number, hi: number, digits: number): void {
    let n = 0;
    if (hi !== 0) n = (8 + (32 - Math.clz32(hi) + 3) / 4) | 0;
    else n = lo === 0 ? 1 : ((32 - Math.clz32(lo) + 3) / 4) | 0;
    if (n < digits) n = digits;
    this.need(n + 4);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 34;
    b[p++] = 48;
    b[p++] = 120;
    for (let i = n - 1; i >= 0; i--) {
      const nib = i >= 8 ? (i >= 16 ? 0 : (hi >>> ((i - 8) * 4)) & 15) : (lo >>> (i * 4)) & 15;
      b[p++] = HEXU[nib];
    }
    b[p++] = 34;
    this.pos = p;
  }

  /** Text known to need no escaping and no quotes (numbers). */
  ascii(s: string): void {
    const n = s.length;
    this.need(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A string value, escaped as needed. */
  str(s: string): void {
    const n = s.length;
    this.need(n + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        // Rare: write the string again with the full escaper.
        this.raw(ENC.encode(quoteAscii(s)));
        return;
      }
      b[p++] = c;
    }
    b[p++] = 34;
    this.pos = p;
  }

  /**
   * NUL-terminated text of at most `size` bytes at `off`, as a string value: each byte is the
   * character of that code (Latin-1), escaped as quoteAscii escapes it.
   */
  asciiz(src: Uint8Array, off: number, size: number): void {
    let n = 0;
    while (n < size && src[off + n] !== 0) n++;
    this.need(n * 6 + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = src[off + i];
      if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
        b[p++] = c;
        continue;
      }
      b[p++] = 0x5c;
      if (c === 0x22 || c === 0x5c) b[p++] = c;
      else if (c === 0x0a) b[p++] = 0x6e;
      else if (c === 0x0d) b[p++] = 0x72;
      else if (c === 0x09) b[p++] = 0x74;
      else {
        b[p++] = 0x75;
        b[p++] = 0x30;
        b[p++] = 0x30;
        b[p++] = HEXL[c >> 4];
        b[p++] = HEXL[c & 15];
      }
    }
    b[p++] = 34;
    this.pos = p;
  }

  /** The GUID at `off` (mixed-endian, lower-case text as guidAt), quoted. */
  guid(src: Uint8Array, off: number): void {
    this.need(38);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 34;
    for (let k = 0; k < 20; k++) {
      const i = ORDER[k];
      if (i < 0) b[p++] = 45;
      else {
        const v = src[off + i];
        b[p++] = HEXL[v >> 4];
        b[p++] = HEXL[v & 15];
      }
    }
    b[p++] = 34;
    this.pos = p;
  }

  /** Base64 (with padding) of `len` bytes at `off`, quoted. */
  b64(src: Uint8Array, off: number, len: number): void {
    this.need((((len + 2) / 3) | 0) * 4 + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 34;
    const end = off + len - (len % 3);
    let i = off;
    for (; i < end; i += 3) {
      const v = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];
      b[p++] = B64[v >> 18];
      b[p++] = B64[(v >> 12) & 63];
      b[p++] = B64[(v >> 6) & 63];
      b[p++] = B64[v & 63];
    }
    const rem = len % 3;
    if (rem === 1) {
      const v = src[i] << 16;
      b[p++] = B64[v >> 18];
      b[p++] = B64[(v >> 12) & 63];
      b[p++] = 61;
      b[p++] = 61;
    } else if (rem === 2) {
      const v = (src[i] << 16) | (src[i + 1] << 8);
      b[p++] = B64[v >> 18];
      b[p++] = B64[(v >> 12) & 63];
      b[p++] = B64[(v >> 6) & 63];
      b[p++] = 61;
    }
    b[p++] = 34;
    this.pos = p;
  }

  /** State to return to if a writer fails half-way. */
  mark(): Mark {
    return { pos: this.pos, depth: this.depth, first: this.first, firsts: this.firsts.length, npending: this.npending };
  }

  reset(m: Mark): void {
    this.pos = m.pos;
    this.depth = m.depth;
    this.first = m.first;
    this.firsts.length = m.firsts;
    this.npending = m.npending;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  text(): string {
    return DEC.decode(this.bytes());
  }
}

export interface Mark {
  pos: number;
  depth: number;
  first: boolean;
  firsts: number;
  npending: number;
}

const ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
