/**
 * Where the index finds a record's header values and its first section's body in a slot's
 * bytes: small on purpose (no section decoders), so the reader thread that inflates part heads
 * ahead of the index (main/services/head-worker.ts) loads it quickly and finds the same bodies.
 */
import { SECTION_DMESG_Z } from '../cper/guids';
import { DESCRIPTOR_SIZE, HEADER_SIZE, RECORD_HEADER, recordExtent, SECTION_DESCRIPTOR } from '../cper/layout';
import { guidText, leanPlan } from '../decode/lean';

const HP = leanPlan(RECORD_HEADER);
const DP = leanPlan(SECTION_DESCRIPTOR);
const at = (p: typeof HP, key: string) => p.at[p.keys.indexOf(key)];
export const H_SEVERITY = at(HP, 'severity'),
  H_VALID = at(HP, 'validationBits'),
  H_LENGTH = at(HP, 'recordLength');
export const H_NOTIFY = at(HP, 'notificationType');
export const H_TIME = at(HP, 'timestamp'),
  H_CREATOR = at(HP, 'creatorId'),
  H_ID = at(HP, 'recordId'),
  H_COUNT = at(HP, 'sectionCount');
export const D_OFFSET = at(DP, 'sectionOffset'),
  D_LENGTH = at(DP, 'sectionLength'),
  D_TYPE = at(DP, 'sectionType'),
  D_SEVERITY = at(DP, 'severity');

export const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
export const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);

export const guidAt = (b: Uint8Array, from: number): string => guidText(b, from);

/**
 * The first section's body as the index bounds it (inside the record's extent, at most
 * `avail` bytes of the record), or undefined when there is none.
 */
export function firstBody(b: Uint8Array, avail: number): Uint8Array | undefined {
  if (avail < HEADER_SIZE) return undefined;
  const extent = recordExtent(u32(b, H_LENGTH), avail);
  const fit = Math.max(0, Math.floor((extent - HEADER_SIZE) / DESCRIPTOR_SIZE));
  if (Math.min(u16(b, H_COUNT), fit) === 0) return undefined;
  const so = u32(b, HEADER_SIZE + D_OFFSET);
  const sl = u32(b, HEADER_SIZE + D_LENGTH);
  if (so >= extent) return undefined;
  return b.subarray(so, so + Math.min(sl, extent - so));
}

/**
 * The compressed dmesg payload of a whole slot's record, found as the index finds it (a CPER
 * record whose first section is DMESG_Z), or undefined.
 */
export function compressedDmesgBody(slot: Uint8Array): Uint8Array | undefined {
  const b = slot;
  if (b.length < HEADER_SIZE || b[0] !== 0x43 || b[1] !== 0x50 || b[2] !== 0x45 || b[3] !== 0x52) return undefined;
  if (guidAt(b, HEADER_SIZE + D_TYPE) !== SECTION_DMESG_Z) return undefined;
  return firstBody(b, b.length);
}
