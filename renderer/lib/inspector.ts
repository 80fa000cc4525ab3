import { guidAt } from '../../shared/bytes/guid';
import { decodeBcdTime, unixIso } from '../../shared/bytes/time';

export interface InspectorRow {
  label: string;
  value: string;
}

const hex = (v: number | bigint, digits: number) => '0x' + v.toString(16).padStart(digits, '0');

/**
 * The data inspector: the bytes at the cursor read as each type a CPER field can be
 * (little-endian). Rows whose bytes run past what is loaded say so instead of guessing.
 */
export function inspectAt(bytes: Uint8Array): InspectorRow[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: InspectorRow[] = [];
  const need = (n: number, label: string, f: () => string) => rows.push({ label, value: bytes.length >= n ? f() : '—' });
  need(1, 'u8', () => `${dv.getUint8(0)} (${hex(dv.getUint8(0), 2)})`);
  need(1, 'i8', () => String(dv.getInt8(0)));
  need(2, 'u16 LE', () => `${dv.getUint16(0, true)} (${hex(dv.getUint16(0, true), 4)})`);
  need(4, 'u32 LE', () => `${dv.getUint32(0, true)} (${hex(dv.getUint32(0, true), 8)})`);
  need(4, 'i32 LE', () => String(dv.getInt32(0, true)));
  need(8, 'u64 LE', () => `${dv.getBigUint64(0, true)} (${hex(dv.getBigUint64(0, true), 16)})`);
  need(16, 'GUID', () => guidAt(bytes, 0));
  need(8, 'BCD time', () => decodeBcdTime(bytes, 0)?.iso ?? 'not BCD');
  need(8, 'Unix time', () => {
    const v = dv.getBigUint64(0, true);
    return v > 0n && v < 32503680000n ? unixIso(v) : 'out of range';
  });
  need(1, 'ASCII', () => Array.from(bytes.subarray(0, 16), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·')).join(''));
  return rows;
}
