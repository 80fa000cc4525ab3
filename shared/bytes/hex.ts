/** Each byte value as two lower-case hex digits (the one table the hex and GUID formatters index). */
export const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX = HEX_BYTES;

/** `0x` and lower-case hex digits, zero-padded to `digits`. */
export function hex0x(v: number | bigint, digits = 1): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

export function toHex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i && sep ? sep : '') + HEX[b[i]];
  return s;
}

/** Parses hex text, ignoring whitespace, `0x` prefixes and separators; `undefined` if malformed. */
export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function hex64(v: bigint): string {
  return hex0x(v, 16);
}
