/** Base64 (RFC 4648, with padding) without Buffer or atob, for shared code. */
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC: string[] = [];
for (let i = 0; i < 4096; i++) ENC.push(ALPHA[i >> 6] + ALPHA[i & 63]);

export function toBase64(b: Uint8Array): string {
  let s = '';
  const n = b.length - (b.length % 3);
  for (let i = 0; i < n; i += 3) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += ENC[v >> 12] + ENC[v & 4095];
  }
  const rem = b.length - n;
  if (rem === 1) {
    const v = b[n] << 16;
    s += ENC[v >> 12] + '==';
  } else if (rem === 2) {
    const v = (b[n] << 16) | (b[n + 1] << 8);
    s += ENC[v >> 12] + ALPHA[(v >> 6) & 63] + '=';
  }
  return s;
}

const DEC = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DEC[ALPHA.charCodeAt(i)] = i;
DEC['-'.charCodeAt(0)] = 62; // base64url
DEC['_'.charCodeAt(0)] = 63;

/** Decodes base64 (standard or URL alphabet; whitespace ignored); `undefined` if malformed. */
export function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s]/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const d = c < 128 ? DEC[c] : -1;
    if (d < 0) return undefined;
    acc = (acc << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
