/**
 * Base64 (RFC 4648, padded) without Buffer or atob, for shared code: bytes cross every transport
 * as base64 strings, CPER-JSON carries raw blocks in it, and pasted records may be base64 text.
 */
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Two output characters per 12 input bits. */
const PAIRS: string[] = [];
for (let i = 0; i < 4096; i++) PAIRS.push(ALPHA[i >> 6] + ALPHA[i & 63]);

export function toBase64(b: Uint8Array): string {
  const parts: string[] = [];
  const n = b.length - (b.length % 3);
  // Chunked so a large read does not build one enormous string by repeated concatenation.
  for (let start = 0; start < n; start += 3 * 4096) {
    const end = Math.min(n, start + 3 * 4096);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      s += PAIRS[v >> 12] + PAIRS[v & 4095];
    }
    parts.push(s);
  }
  const rem = b.length - n;
  if (rem === 1) parts.push(PAIRS[(b[n] << 16) >> 12] + '==');
  else if (rem === 2) {
    const v = (b[n] << 16) | (b[n + 1] << 8);
    parts.push(PAIRS[v >> 12] + ALPHA[(v >> 6) & 63] + '=');
  }
  return parts.join('');
}

const DEC = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DEC[ALPHA.charCodeAt(i)] = i;
const URL_DEC = DEC.slice();
URL_DEC['-'.charCodeAt(0)] = 62;
URL_DEC['_'.charCodeAt(0)] = 63;

function decode(clean: string, table: Int16Array): Uint8Array | undefined {
  if (clean.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const d = c < 128 ? table[c] : -1;
    if (d < 0) return undefined;
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Decodes pasted base64: standard or URL alphabet, whitespace ignored, padding optional; `undefined` if malformed. */
export function fromBase64(text: string): Uint8Array | undefined {
  return decode(text.replace(/\s/g, '').replace(/=+$/, ''), URL_DEC);
}

/** Decodes base64 exactly as toBase64 writes it (the contract's bytes): whole quads, padding only at the end. */
export function fromBase64Strict(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  return decode(body, DEC);
}
