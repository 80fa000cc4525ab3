/**
 * AMD FRU Memory Poison Manager section (GUID 5e4706c1-5356-48c6-930b-52f2120a4458), written to
 * ERST by Linux's drivers/ras/amd/fmpm.c under creator cd5c2993-f4b2-41b2-b5d4-f9c3a0330875:
 *
 *   struct cper_sec_fru_mem_poison (packed, 40)   checksum u32, validation_bits u64,
 *       fru_arch_type u32, fru_arch u64, fru_id_type u32, fru_id u64, nr_entries u32
 *   struct cper_fru_poison_desc (packed, 32)      timestamp u64, hw_id_type u32, hw_id u64,
 *       addr_type u32, addr u64
 *
 * The kernel lays its record out as `struct fru_rec { hdr; sec_desc; fmp; entries[] }` and sets
 * the descriptor's section offset to sizeof(hdr): the offset points at the descriptor itself, and
 * the section length covers the descriptor too. Such a body is read as a repeated descriptor
 * followed by the section; a body that starts with the section is read as UEFI lays it out.
 *
 * Checksum (do_fmp_checksum): the bytes from offset 4 over the section's length (the section
 * and its entries) are summed as u8 into a u32, and the stored checksum makes the total zero.
 * The kernel's sum runs 4 bytes past the section (it starts after the checksum but counts the
 * full length); those bytes are not stored, so they count as zero here, as the kernel's zeroed
 * buffer holds them.
 *
 * The kernel keeps one record per FRU and rewrites it in place under the same record id each
 * time an entry is added (update_record_on_storage → erst_write): a store holds only the latest
 * version, and the entry count and checksum belong to that write.
 */
import { guidBytes } from '../bytes/guid';
import { SECTION_DESCRIPTOR } from '../cper/layout';
import { expert } from '../decode/expert';
import type { FieldSpec, StructSpec } from '../decode/spec';
import { arrayNode, bytesNode, element } from './arrays';

import { structSection, type ExtendCtx, type JsonSectionDecoder } from './define';
import { bytes, u32, u64 } from '../decode/fields';
import { u32le as le32 } from '../bytes/le';

const FMPM_GUID = '5e4706c1-5356-48c6-930b-52f2120a4458';
const NAME = 'AMD FRU Memory Poison';

const ARCH_TYPES = { 0: 'x86 CPUID(1).EAX (family/model/stepping)' };
const ID_TYPES = { 0: 'x86 PPIN' };
const HW_ID_TYPES = { 0: 'MCA IPID' };
const ADDR_TYPES = { 0: 'MCA address' };

/** The section's fields at `base` within the declared structure. */
function fmpFields(base: number): FieldSpec[] {
  return [
    u32('checksum', base, { label: 'Checksum', hex: true }),
    u64('validationBits', base + 4, {
      label: 'Validation bits',
      flags: { 0: 'archTypeValid', 1: 'archValid', 2: 'idTypeValid', 3: 'idValid', 4: 'listEntriesValid', 5: 'listValid' },
    }),
    u32('fruArchType', base + 12, { label: 'FRU architecture type', valid: 0, enum: ARCH_TYPES }),
    u64('fruArch', base + 16, { label: 'FRU architecture', valid: 1, hex: true }),
    u32('fruIdType', base + 24, { label: 'FRU ID type', valid: 2, enum: ID_TYPES }),
    u64('fruId', base + 28, { label: 'FRU ID (PPIN)', valid: 3, hex: true }),
    u32('entryCount', base + 36, { label: 'Poison descriptor entries', valid: 4 }),
  ];
}

/** The section as UEFI lays a body out: it starts at the body. */
const FMP: StructSpec = { key: 'fmp', label: 'FRU memory poison section', size: 40, validation: 'validationBits', fields: fmpFields(0) };

/** The section in a Linux fmpm record: the descriptor again, then the section. */
const FMP_AFTER_DESCRIPTOR: StructSpec = {
  key: 'fmp',
  label: 'FRU memory poison section',
  size: 72 + 40,
  validation: 'validationBits',
  fields: [
    bytes('repeatedDescriptor', 0, 72, {
      label: "Section descriptor (the kernel's section offset points at it)",
      fields: SECTION_DESCRIPTOR.fields.map((d) => ({ ...d, key: `descriptor.${d.key}`, valid: undefined, json: undefined })),
    }),
    ...fmpFields(72),
  ],
};

const FMP_ENTRY: StructSpec = {
  key: 'entry',
  label: 'Memory poison descriptor',
  size: 32,
  fields: [
    u64('timestamp', 0, { label: 'Timestamp', hex: true }),
    u32('hwIdType', 8, { label: 'Hardware ID type', enum: HW_ID_TYPES }),
    u64('hwId', 12, { label: 'Hardware ID (MCA IPID)', hex: true }),
    u32('addrType', 20, { label: 'Address type', enum: ADDR_TYPES }),
    u64('addr', 24, { label: 'Address (MCA ADDR)', hex: true }),
  ],
};

/**
 * do_fmp_checksum over the section at `at` of `len` bytes plus its stored checksum: 0 when the
 * section is intact. Bytes past the data count as zero.
 */
function fmpChecksumTotal(b: Uint8Array, at: number, len: number, end: number): number {
  let sum = 0;
  for (let i = at + 4; i < at + 4 + len; i++) sum += i < end ? b[i] : 0;
  return (sum + le32(b, at)) >>> 0;
}

/** The checksum Linux stores for this section's bytes (its complement of the byte sum). */
function fmpChecksum(b: Uint8Array, at: number, len: number, end: number): number {
  return (0x100000000 - ((fmpChecksumTotal(b, at, len, end) - le32(b, at)) >>> 0)) >>> 0;
}

function extend(base: number) {
  return ({ r, at, length, node, v, diagnostics }: ExtendCtx): void => {
    const end = at + length;
    const fmp = at + base;
    if (fmp + 40 > end) return;
    const fmpLen = end - fmp;
    const total = fmpChecksumTotal(r.bytes, fmp, fmpLen, end);
    if (total !== 0) {
      diagnostics.push(
        expert(
          'fmpm.checksum',
          `FRU memory poison checksum 0x${le32(r.bytes, fmp).toString(16)} does not match the section's bytes (sum 0x${total.toString(16)}, 0 expected; the kernel would expect 0x${fmpChecksum(r.bytes, fmp, fmpLen, end).toString(16)}): the section was changed or cut after it was written`,
          r.abs(fmp),
          4,
        ),
      );
    }
    v.checksumOk = total === 0 ? 1 : 0;
    const count = Number(v.entryCount ?? 0);
    const fit = Math.floor((end - fmp - 40) / 32);
    if (count > fit)
      diagnostics.push(expert('fmpm.entries', `${count} poison descriptors declared; ${fit} fit in the section`, r.abs(fmp + 36), 4));
    const nodes = [];
    for (let i = 0; i < Math.min(count, fit); i++)
      nodes.push(element(r, fmp + 40 + i * 32, FMP_ENTRY, end, `entry${i}`, `Poison descriptor ${i}`).node);
    if (!r.lean) {
      node.children!.push(arrayNode('entries', 'Memory poison descriptors', r, fmp + 40, Math.min(count, fit) * 32, nodes));
      const spare = end - fmp - 40 - Math.min(count, fit) * 32;
      if (spare > 0)
        node.children!.push(
          bytesNode(
            'unusedEntries',
            'Room for more descriptors (the kernel sizes the record for its maximum)',
            r,
            end - spare,
            spare,
            'valid',
          ),
        );
    }
    diagnostics.push(
      expert(
        'fmpm.in-place',
        'Linux fmpm rewrites this record in place under the same record id whenever it adds an entry: this is its latest version',
        r.abs(fmp + 36),
        4,
      ),
    );
  };
}

const summary = (v: Record<string, unknown>): string =>
  `${NAME}: FRU ${typeof v.fruId === 'bigint' ? `0x${v.fruId.toString(16)}` : '?'}, ${Number(v.entryCount ?? 0)} poisoned address(es)${v.checksumOk === 0 ? ', checksum wrong' : ''}`;

const AS_UEFI = structSection({ guid: FMPM_GUID, name: NAME, jsonKey: null, spec: FMP, summary, extend: extend(0) });
const AS_LINUX = structSection({ guid: FMPM_GUID, name: NAME, jsonKey: null, spec: FMP_AFTER_DESCRIPTOR, summary, extend: extend(72) });
const TYPE = guidBytes(FMPM_GUID);

/** Does the body start with a section descriptor of this type (Linux fmpm's record layout)? */
function startsWithDescriptor(b: Uint8Array, at: number, length: number): boolean {
  if (length < 72 + 40 || at + 32 > b.length) return false;
  for (let i = 0; i < 16; i++) if (b[at + 16 + i] !== TYPE[i]) return false;
  return true;
}

export const FMPM: JsonSectionDecoder = {
  guid: FMPM_GUID,
  name: NAME,
  decode: (r, at, length) => (startsWithDescriptor(r.bytes, at, length) ? AS_LINUX : AS_UEFI).decode(r, at, length),
};
