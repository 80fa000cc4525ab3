import type { StructSpec } from '../decode/spec';

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

/**
 * x86 `struct mce` (arch/x86/include/uapi/asm/mce.h), naturally aligned, 128 bytes on 6.x.
 * Older kernels wrote shorter structs (fields were only appended), so fields past the
 * section length are absent, not errors.
 */
export const STRUCT_MCE: StructSpec = {
  key: 'mce',
  label: 'struct mce',
  size: 128,
  fields: [
    {
      key: 'status',
      label: 'MCi_STATUS',
      at: 0,
      type: 'u64',
      hex: true,
      bits: [
        // Intel SDM vol. 3B 16.3.2.2 (IA32_MCi_STATUS); SYNDV, DEFERRED and POISON are AMD's (APM vol. 2 9.3).
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
      ],
    },
    { key: 'misc', label: 'MCi_MISC', at: 8, type: 'u64', hex: true },
    { key: 'addr', label: 'MCi_ADDR', at: 16, type: 'u64', hex: true },
    {
      key: 'mcgstatus',
      label: 'MCG_STATUS',
      at: 24,
      type: 'u64',
      hex: true,
      // Intel SDM vol. 3B 16.3.1.2 (IA32_MCG_STATUS).
      bits: [
        { key: 'ripv', label: 'RIPV: restart IP valid', lo: 0 },
        { key: 'eipv', label: 'EIPV: error IP valid', lo: 1 },
        { key: 'mcip', label: 'MCIP: machine check in progress', lo: 2 },
        { key: 'lmces', label: 'LMCES: local machine check signaled', lo: 3 },
      ],
    },
    { key: 'ip', label: 'RIP', at: 32, type: 'u64', hex: true },
    { key: 'tsc', label: 'TSC', at: 40, type: 'u64', hex: true },
    { key: 'time', label: 'Wall time (s)', at: 48, type: 'u64' },
    { key: 'cpuvendor', label: 'CPU vendor', at: 56, type: 'u8', enum: MCE_VENDORS },
    { key: 'injectFlags', label: 'Inject flags', at: 57, type: 'u8', hex: true },
    { key: 'severity', label: 'Severity', at: 58, type: 'u8' },
    { key: 'pad', label: 'Padding', at: 59, type: 'u8' },
    { key: 'cpuid', label: 'CPUID.1:EAX', at: 60, type: 'u32', hex: true },
    { key: 'cs', label: 'CS', at: 64, type: 'u8', hex: true },
    { key: 'bank', label: 'Bank', at: 65, type: 'u8' },
    { key: 'cpu', label: 'CPU (obsolete)', at: 66, type: 'u8' },
    { key: 'finished', label: 'Finished', at: 67, type: 'u8' },
    { key: 'extcpu', label: 'CPU', at: 68, type: 'u32' },
    { key: 'socketid', label: 'Socket', at: 72, type: 'u32' },
    { key: 'apicid', label: 'APIC ID', at: 76, type: 'u32', hex: true },
    { key: 'mcgcap', label: 'MCG_CAP', at: 80, type: 'u64', hex: true },
    { key: 'synd', label: 'Syndrome (SMCA)', at: 88, type: 'u64', hex: true },
    { key: 'ipid', label: 'IPID (SMCA)', at: 96, type: 'u64', hex: true },
    { key: 'ppin', label: 'PPIN', at: 104, type: 'u64', hex: true },
    { key: 'microcode', label: 'Microcode', at: 112, type: 'u32', hex: true },
    { key: 'padding', label: 'Padding', at: 116, type: 'u32' },
    { key: 'kflags', label: 'Kernel flags', at: 120, type: 'u64', hex: true },
  ],
};
