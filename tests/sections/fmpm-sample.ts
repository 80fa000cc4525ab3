/**
 * A Linux fmpm record built as drivers/ras/amd/fmpm.c (torvalds/linux 4b0e527c) writes it:
 * set_rec_fields (header and descriptor, section offset = sizeof(header)), set_fmp_fields,
 * update_fru_record (entries) and update_record_on_storage (checksum = -byte sum). The values
 * (CPUID, PPIN, IPID, addresses, times) are made up; the layout is the kernel's.
 */
import { guidBytes } from '../../shared/bytes/guid';

const FMP_CREATOR = 'cd5c2993-f4b2-41b2-b5d4-f9c3a0330875';
export const FMP_SECTION = '5e4706c1-5356-48c6-930b-52f2120a4458';
const NOTIFY_MCE = 'e8f56ffe-919c-4cc5-ba88-65abe14913bb';

export interface FmpEntry {
  timestamp: bigint;
  ipid: bigint;
  addr: bigint;
}

/** One FRU record with room for `max` entries (FMPM_DEFAULT_MAX_NR_ENTRIES is 8). */
export function fmpmRecord(entries: FmpEntry[], opts: { max?: number; recordId?: bigint; ppin?: bigint; cpuid?: bigint } = {}): Uint8Array {
  const max = opts.max ?? 8;
  const len = 128 + 72 + 40 + 32 * max;
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  b.set([0x43, 0x50, 0x45, 0x52], 0);
  dv.setUint16(4, 0x0100, true); // CPER_RECORD_REV
  dv.setUint32(6, 0xffffffff, true);
  dv.setUint16(10, 1, true);
  dv.setUint32(12, 0, true); // CPER_SEV_RECOVERABLE
  dv.setUint32(16, 0, true);
  dv.setUint32(20, len, true);
  b.set(guidBytes(FMP_CREATOR), 64);
  b.set(guidBytes(NOTIFY_MCE), 80);
  dv.setBigUint64(96, opts.recordId ?? 0x6543210000000001n, true);
  dv.setUint32(104, 2, true); // CPER_HW_ERROR_FLAGS_PREVERR
  const d = 128;
  dv.setUint32(d, 128, true); // section_offset = sizeof(struct cper_record_header)
  dv.setUint32(d + 4, len - 128, true);
  dv.setUint16(d + 8, 0x0100, true); // CPER_SEC_REV
  dv.setUint32(d + 12, 1, true); // CPER_SEC_PRIMARY
  b.set(guidBytes(FMP_SECTION), d + 16);
  dv.setUint32(d + 48, 0, true);
  const f = 200;
  let vb = 0xfn;
  dv.setUint32(f + 12, 0, true); // FMP_ARCH_TYPE_X86_CPUID_1_EAX
  dv.setBigUint64(f + 16, opts.cpuid ?? 0xa90f11n, true);
  dv.setUint32(f + 24, 0, true); // FMP_ID_TYPE_X86_PPIN
  dv.setBigUint64(f + 28, opts.ppin ?? 0x02b4a7c9e1f30d57n, true);
  entries.forEach((e, i) => {
    const o = f + 40 + i * 32;
    dv.setBigUint64(o, e.timestamp, true);
    dv.setUint32(o + 8, 0, true); // FPD_HW_ID_TYPE_MCA_IPID
    dv.setBigUint64(o + 12, e.ipid, true);
    dv.setUint32(o + 20, 0, true); // FPD_ADDR_TYPE_MCA_ADDR
    dv.setBigUint64(o + 24, e.addr, true);
  });
  if (entries.length) vb |= 0x30n;
  dv.setUint32(f + 36, entries.length, true);
  dv.setBigUint64(f + 4, vb, true);
  // update_record_on_storage: the byte sum from offset 4 over the section's length (it runs 4
  // bytes past the record, which are zero in the kernel's zeroed buffer).
  let sum = 0;
  for (let i = f + 4; i < len; i++) sum += b[i];
  dv.setUint32(f, (0x100000000 - (sum >>> 0)) >>> 0, true);
  return b;
}
