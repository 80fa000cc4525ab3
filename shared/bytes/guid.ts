/**
 * EFI GUIDs on the wire are mixed-endian: Data1 (u32), Data2 and Data3 (u16) little-endian,
 * Data4 as 8 raw bytes. Text form is lowercase, as Linux prints with %pUl.
 */
import { HEX_BYTES as HEX } from './hex';

export function guidAt(b: Uint8Array, o: number): string {
  return (
    HEX[b[o + 3]] +
    HEX[b[o + 2]] +
    HEX[b[o + 1]] +
    HEX[b[o]] +
    '-' +
    HEX[b[o + 5]] +
    HEX[b[o + 4]] +
    '-' +
    HEX[b[o + 7]] +
    HEX[b[o + 6]] +
    '-' +
    HEX[b[o + 8]] +
    HEX[b[o + 9]] +
    '-' +
    HEX[b[o + 10]] +
    HEX[b[o + 11]] +
    HEX[b[o + 12]] +
    HEX[b[o + 13]] +
    HEX[b[o + 14]] +
    HEX[b[o + 15]]
  );
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Wire bytes of a GUID's text form; throws on malformed text (only used on constants and encoder input). */
export function guidBytes(text: string): Uint8Array {
  if (!GUID_RE.test(text)) throw new Error(`not a GUID: ${text}`);
  const h = text.replace(/-/g, '');
  const raw = Array.from({ length: 16 }, (_, i) => parseInt(h.slice(i * 2, i * 2 + 2), 16));
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order.map((i) => raw[i]));
}

export const NULL_GUID = '00000000-0000-0000-0000-000000000000';
