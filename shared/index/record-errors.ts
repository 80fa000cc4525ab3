/**
 * Whether decodeRecord would report an error for a record, found without decoding it: the
 * record-level errors come from header fields read straight from the bytes, and only the
 * section bodies go through their decoders (lean, no trees). A bulk export needs nothing
 * more than this verdict for its exit status, and the header decode (values, texts, the
 * descriptor structs) costs as much as writing the record's JSON.
 */
import { ByteReader } from '../bytes/reader';
import { u16le as u16, u32le as u32 } from '../bytes/le';
import { DESCRIPTOR_SIZE, descriptorsFit, HEADER_SIZE, recordExtent, recordLengthHolds, sectionPresent } from '../cper/layout';
import { guidText } from '../decode/guid-text';
import { sectionDecoderFor } from '../sections/registry';

/**
 * True when decoding the record at `at` of `b` (at most `avail` bytes, absolute offset
 * `base + at`) gives a diagnostic of level error, in the record or any of its sections.
 */
export function recordHasErrors(b: Uint8Array, at: number, avail: number, base = 0): boolean {
  avail = Math.max(0, Math.min(b.length - at, avail));
  // record.truncated-header (nothing past the header is decoded then)
  if (avail < HEADER_SIZE) return true;
  // record.bad-signature
  let bad = b[at] !== 0x43 || b[at + 1] !== 0x50 || b[at + 2] !== 0x45 || b[at + 3] !== 0x52;
  // record.length-too-small, record.length-past-end
  const claimed = u32(b, at + 20);
  if (!recordLengthHolds(claimed, avail)) bad = true;
  const extent = recordExtent(claimed, avail);
  // record.section-count
  const count = u16(b, at + 10);
  const fit = descriptorsFit(extent);
  if (count > fit) bad = true;
  // Every section decoder runs, as in decodeRecord: a compressed payload charges the file's
  // inflate budget whatever the verdict, so later records see the same budget.
  const n = Math.min(count, fit);
  let r: ByteReader | undefined;
  for (let i = 0; i < n; i++) {
    const d = at + HEADER_SIZE + i * DESCRIPTOR_SIZE;
    const off = u32(b, d);
    const len = u32(b, d + 4);
    const present = sectionPresent(off, len, extent);
    // section.offset-past-end
    if (present < 0) {
      bad = true;
      continue;
    }
    // section.length-past-end
    if (present < len) bad = true;
    r ??= new ByteReader(b.subarray(at, at + extent), base + at, true);
    try {
      const body = sectionDecoderFor(guidText(b, d + 16)).decode(r, off, present);
      for (const x of body.diagnostics) if (x.level === 'error') bad = true;
    } catch {
      // section.decoder-failed
      bad = true;
    }
  }
  return bad;
}
