/**
 * EFI GUIDs on the wire are mixed-endian: Data1 (u32), Data2 and Data3 (u16) little-endian,
 * Data4 as 8 raw bytes. Text form is lowercase, as Linux prints with %pUl.
 */
import { HEX_BYTES as HEX } from './hex';

/**
 * Wire byte of each text byte (Data1..3 reversed, Data4 as stored); the permutation is its own
 * inverse, so it also gives the text byte of each wire byte.
 */
const TEXT_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export function guidAt(b: Uint8Array, o: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[o + TEXT_ORDER[i]]];
  }
  return s;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Wire bytes of a GUID's text form; throws on malformed text (only used on constants and encoder input). */
export function guidBytes(text: string): Uint8Array {
  if (!GUID_RE.test(text)) throw new Error(`not a GUID: ${text}`);
  const h = text.replace(/-/g, '');
  const raw = Array.from({ length: 16 }, (_, i) => parseInt(h.slice(i * 2, i * 2 + 2), 16));
  return Uint8Array.from(TEXT_ORDER.map((i) => raw[i]));
}

export const NULL_GUID = '00000000-0000-0000-0000-000000000000';
