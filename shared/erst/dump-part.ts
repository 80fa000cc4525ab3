import { guidAt } from '../bytes/guid';
import { SECTION_DMESG, SECTION_DMESG_Z } from '../cper/guids';
import { parseDumpHeader, type DumpHeader } from '../pstore/header';
import { inflateDmesg } from '../pstore/inflate';

/**
 * The `Reason#N PartM` header of a pstore dmesg record written by Linux's erst_writer
 * (section descriptor at 0x80, type GUID at 0x90, payload at 0xC8), without building the
 * full decode tree: replay needs it for every record a trace writes.
 */
export function dmesgPartOf(rec: Uint8Array): DumpHeader | undefined {
  if (rec.length <= 0xc8) return undefined;
  const len = Math.min(rec.length, new DataView(rec.buffer, rec.byteOffset, rec.byteLength).getUint32(20, true));
  if (len <= 0xc8) return undefined;
  const type = guidAt(rec, 0x90);
  const payload = rec.subarray(0xc8, len);
  if (type === SECTION_DMESG) return parseDumpHeader(payload);
  if (type !== SECTION_DMESG_Z) return undefined;
  // The header is in the first bytes of the text; a small limit keeps a hostile stream cheap.
  const r = inflateDmesg(payload, 1 << 20);
  return r.data ? parseDumpHeader(r.data) : undefined;
}
