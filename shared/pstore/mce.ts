import { struct, u32, u64, u8 } from '../decode/fields';
import type { BitSpec } from '../decode/spec';

const MCE_VENDORS: Readonly<Record<number, string>> = {
  0: 'Intel',
  1: 'Cyrix',
  2: 'AMD',
  3: 'UMC',
  5: 'Centaur',
  7: 'Transmeta',
  8: 'NSC',
  9: 'Hygon',
  10: 'Zhaoxin',
  11: 'Vortex',
  0xff: 'unknown',
};

// Intel SDM vol. 3B 16.3.2.2 (IA32_MCi_STATUS); SYNDV, DEFERRED and POISON are AMD's (APM vol. 2 9.3).
const MCI_STATUS_BITS: BitSpec[] = [
  { key: 'val', label: 'VAL: valid', lo: 63 },
  { key: 'over', label: 'OVER: error overflow', lo: 62 },
  { key: 'uc', label: 'UC: uncorrected', lo: 61 },
  { key: 'en', label: 'EN: error reporting enabled', lo: 60 },
  { key: 'miscv', label: 'MISCV: MCi_MISC valid', lo: 59 },
  { key: 'addrv', label: 'ADDRV: MCi_ADDR valid', lo: 58 },
  { key: 'pcc', label: 'PCC: processor context corrupt', lo: 57 },
  { key: 's', label: 'S: signaled', lo: 56 },
  { key: 'ar', label: 'AR: action required', lo: 55 },
  { key: 'syndv', label: 'SYNDV: syndrome valid', lo: 53 },
  { key: 'deferred', label: 'Deferred error', lo: 44 },
  { key: 'poison', label: 'Poison consumed', lo: 43 },
  { key: 'mscod', label: 'MSCOD: model-specific error code', lo: 16, width: 16 },
  { key: 'mcacod', label: 'MCACOD: MCA error code', lo: 0, width: 16 },
];

// Intel SDM vol. 3B 16.3.1.2 (IA32_MCG_STATUS).
const MCG_STATUS_BITS: BitSpec[] = [
  { key: 'ripv', label: 'RIPV: restart IP valid', lo: 0 },
  { key: 'eipv', label: 'EIPV: error IP valid', lo: 1 },
  { key: 'mcip', label: 'MCIP: machine check in progress', lo: 2 },
  { key: 'lmces', label: 'LMCES: local machine check signaled', lo: 3 },
];

/**
 * x86 `struct mce` (arch/x86/include/uapi/asm/mce.h), naturally aligned, 128 bytes on 6.x.
 * Older kernels wrote shorter structs (fields were only appended), so fields past the
 * section length are absent, not errors.
 */
export const STRUCT_MCE = struct({
  key: 'mce',
  label: 'struct mce',
  size: 128,
  fields: [
    u64('status', 0, { label: 'MCi_STATUS', hex: true, bits: MCI_STATUS_BITS }),
    u64('misc', 8, { label: 'MCi_MISC', hex: true }),
    u64('addr', 16, { label: 'MCi_ADDR', hex: true }),
    u64('mcgstatus', 24, { label: 'MCG_STATUS', hex: true, bits: MCG_STATUS_BITS }),
    u64('ip', 32, { label: 'RIP', hex: true }),
    u64('tsc', 40, { label: 'TSC', hex: true }),
    u64('time', 48, { label: 'Wall time (s)' }),
    u8('cpuvendor', 56, { label: 'CPU vendor', enum: MCE_VENDORS }),
    u8('injectFlags', 57, { label: 'Inject flags', hex: true }),
    u8('severity', 58, { label: 'Severity' }),
    u8('pad', 59, { label: 'Padding' }),
    u32('cpuid', 60, { label: 'CPUID.1:EAX', hex: true }),
    u8('cs', 64, { label: 'CS', hex: true }),
    u8('bank', 65, { label: 'Bank' }),
    u8('cpu', 66, { label: 'CPU (obsolete)' }),
    u8('finished', 67, { label: 'Finished' }),
    u32('extcpu', 68, { label: 'CPU' }),
    u32('socketid', 72, { label: 'Socket' }),
    u32('apicid', 76, { label: 'APIC ID', hex: true }),
    u64('mcgcap', 80, { label: 'MCG_CAP', hex: true }),
    u64('synd', 88, { label: 'Syndrome (SMCA)', hex: true }),
    u64('ipid', 96, { label: 'IPID (SMCA)', hex: true }),
    u64('ppin', 104, { label: 'PPIN', hex: true }),
    u32('microcode', 112, { label: 'Microcode', hex: true }),
    u32('padding', 116, { label: 'Padding' }),
    u64('kflags', 120, { label: 'Kernel flags', hex: true }),
  ],
});
