/**
 * Microsoft WHEA section bodies whose layout the Windows SDK's public `cper.h` gives (packed,
 * pshpack1), read as ralish/DecodeWheaRecord reads them:
 *
 *   WHEA_ARM_RAS_NODE_SECTION (80)         NodeFieldCount u32, NodeIndex u32, InterfaceType u8,
 *       AestNodeType u8, Reserved[6], ERR<n>FR, CTLR, STATUS, ADDR, MISC0..3 (u64 each)
 *   WHEA_XPF_MCA_SECTION (264/272/292)    VersionNumber u32, CpuVendor u32, Timestamp u64,
 *       ProcessorNumber u32, MCG_STATUS u64, InstructionPointer u64, BankNumber u32,
 *       MCi_STATUS u64, MCi_ADDR u64, MCi_MISC u64, ExtendedRegisterCount u32, ApicId u32,
 *       ExtendedRegisters[24] u64; v2 MCG_CAP u64; v3 XPF_RECOVERY_INFO (20)
 *   WHEA_SEA_SECTION (21)                  Esr u32, Far u64, Par u64, WasKernel u8
 *   WHEA_SEI_SECTION (12)                  Esr u32, Far u64
 *   WHEA_NMI_ERROR_SECTION (12)            Data[8], Flags u32 (bit 0 HypervisorError)
 *   WHEA_PCI_RECOVERY_SECTION (3)          SignalType u8, RecoveryAttempted u8, RecoveryStatus u8
 *   WHEA_PCIE_CORRECTABLE_ERROR_SECTION    Version u16, Count u16, then Count × 156-byte devices:
 *       ValidBits u64, Segment/Bus/Device/Function u32, Mask u32, CorrectableErrorCount[32] u32
 *   WHEA_MEMORY_CORRECTABLE_ERROR_SECTION  Version u16, Count u16, then Count × 24-byte entries:
 *       ValidBits u64, SocketId, ChannelId, DimmSlot, CorrectableErrorCount (u32 each)
 *
 * The WHEA ARM RAS node (GUID e3ebf4a2-…) is Windows' own section for an Arm RAS error record;
 * libcper's ARM RAS section (bf32d4d5-…, DEN0085) is a different layout (see arm-ras.ts).
 * libcper decodes none of these, so their CPER-JSON stays its `Unknown` form.
 */
import type { FieldSpec, StructSpec } from '../decode/spec';
import { expert } from '../decode/expert';
import { arrayNode, bytesNode, element } from './arrays';

import { structSection, type ExtendCtx, type JsonSectionDecoder } from './define';
import { bytes, u16, u32, u64, u8 } from '../decode/fields';

const reg = (key: string, label: string, at: number): FieldSpec => u64(key, at, { label, hex: true });

const AEST_NODE_TYPES = { 0: 'Processor', 1: 'Memory', 2: 'SMMU', 3: 'Vendor-defined', 4: 'GIC', 5: 'PCIe' };
const ARM_RAS_INTERFACES = { 0: 'System register', 1: 'MMIO', 2: 'Single-record MMIO' };

const WHEA_ARM_RAS_NODE: StructSpec = {
  key: 'wheaArmRasNode',
  label: 'WHEA ARM RAS node',
  size: 80,
  fields: [
    u32('nodeFieldCount', 0, { label: 'Node field count' }),
    u32('nodeIndex', 4, { label: 'Node index' }),
    u8('interfaceType', 8, { label: 'Interface type', enum: ARM_RAS_INTERFACES }),
    u8('aestNodeType', 9, { label: 'AEST node type', enum: AEST_NODE_TYPES }),
    bytes('reserved', 10, 6, { label: 'Reserved' }),
    reg('errFr', 'ERR<n>FR', 16),
    reg('errCtlr', 'ERR<n>CTLR', 24),
    reg('errStatus', 'ERR<n>STATUS', 32),
    reg('errAddr', 'ERR<n>ADDR', 40),
    reg('errMisc0', 'ERR<n>MISC0', 48),
    reg('errMisc1', 'ERR<n>MISC1', 56),
    reg('errMisc2', 'ERR<n>MISC2', 64),
    reg('errMisc3', 'ERR<n>MISC3', 72),
  ],
};

/** Windows writes 8 node fields (WHEA_ARM_RAS_NODE_FIELD_COUNT); a larger count means fields this layout does not know. */
const WHEA_ARM_RAS_NODE_SECTION = structSection({
  guid: 'e3ebf4a2-df50-4708-b2d7-0b29ec2f7aa9',
  name: 'WHEA ARM RAS node',
  jsonKey: null,
  spec: WHEA_ARM_RAS_NODE,
  summary: (v) =>
    `WHEA ARM RAS ${AEST_NODE_TYPES[v.aestNodeType as keyof typeof AEST_NODE_TYPES] ?? 'node'} node ${Number(v.nodeIndex ?? 0)}, ERR<n>STATUS 0x${(v.errStatus as bigint | undefined)?.toString(16) ?? '?'}`,
  extend({ r, at, length, v, diagnostics }) {
    const n = v.nodeFieldCount as number | undefined;
    if (n !== undefined && n !== 8 && length >= 4)
      diagnostics.push(
        expert(
          'whea.arm-ras-fields',
          `node field count ${n}; Windows writes 8 (ERR<n>FR … MISC3)${n > 8 ? ': the extra fields are not shown' : ''}`,
          r.abs(at),
          4,
          n < 8 ? 'error' : 'warning',
        ),
      );
  },
});

const WHEA_SEA_SECTION = structSection({
  guid: 'f5fe48a6-84ce-4c1e-aa64-20c9a53099f1',
  name: 'WHEA ARM synchronous external abort',
  jsonKey: null,
  spec: {
    key: 'wheaSea',
    label: 'WHEA SEA',
    size: 21,
    fields: [
      u32('esr', 0, { label: 'ESR', hex: true }),
      reg('far', 'FAR', 4),
      reg('par', 'PAR', 12),
      u8('wasKernel', 20, { label: 'Was kernel' }),
    ],
  },
  summary: (v) =>
    `ARM synchronous external abort (${v.wasKernel ? 'kernel' : 'user'}), FAR 0x${(v.far as bigint | undefined)?.toString(16) ?? '?'}`,
});

const WHEA_SEI_SECTION = structSection({
  guid: 'f2a4a152-9c6d-4020-aecf-7695b389251b',
  name: 'WHEA ARM SError interrupt',
  jsonKey: null,
  spec: {
    key: 'wheaSei',
    label: 'WHEA SEI',
    size: 12,
    fields: [u32('esr', 0, { label: 'ESR', hex: true }), reg('far', 'FAR', 4)],
  },
  summary: (v) => `ARM SError interrupt, ESR 0x${(v.esr as number | undefined)?.toString(16) ?? '?'}`,
});

const WHEA_NMI_SECTION = structSection({
  guid: 'e71254e7-c1b9-4940-ab76-909703a4320f',
  name: 'WHEA NMI',
  jsonKey: null,
  spec: {
    key: 'wheaNmi',
    label: 'WHEA NMI',
    size: 12,
    fields: [
      bytes('data', 0, 8, { label: 'Data read from the NMI ports' }),
      u32('flags', 8, { label: 'Flags', flags: { 0: 'hypervisorError' } }),
    ],
  },
  summary: (v) => `NMI${Number(v.flags ?? 0) & 1 ? ' (hypervisor error)' : ''}`,
});

const RECOVERY_SIGNALS = { 0: 'Unknown', 1: 'AER', 2: 'DPC' };
const RECOVERY_STATUS = {
  0: 'Unknown',
  1: 'No error',
  2: 'Link disable timeout',
  3: 'Link enable timeout',
  4: 'Root port busy timeout',
  5: 'Complex tree',
  6: 'Bus not found',
  7: 'Device not found',
  8: 'DDA AER not recoverable',
  9: 'Failed recovery',
};

const WHEA_PCI_RECOVERY_SECTION = structSection({
  guid: 'dd060800-f6e1-4204-ac27-c4bca9568402',
  name: 'WHEA PCI recovery',
  jsonKey: null,
  spec: {
    key: 'wheaPciRecovery',
    label: 'WHEA PCI recovery',
    size: 3,
    fields: [
      u8('signalType', 0, { label: 'Signal type', enum: RECOVERY_SIGNALS }),
      u8('recoveryAttempted', 1, { label: 'Recovery attempted' }),
      u8('recoveryStatus', 2, { label: 'Recovery status', enum: RECOVERY_STATUS }),
    ],
  },
  summary: (v) =>
    `PCI recovery by ${RECOVERY_SIGNALS[v.signalType as keyof typeof RECOVERY_SIGNALS] ?? '?'}: ${v.recoveryAttempted ? (RECOVERY_STATUS[v.recoveryStatus as keyof typeof RECOVERY_STATUS] ?? (v.recoveryStatus === undefined ? 'status absent' : 'status ' + String(v.recoveryStatus))) : 'not attempted'}`,
});

const CPU_VENDORS = { 0: 'Other', 1: 'Intel', 2: 'AMD' };
const MCI_STATUS_BITS = [
  { key: 'mcaErrorCode', label: 'MCA error code', lo: 0, width: 16 },
  { key: 'modelErrorCode', label: 'Model-specific error code', lo: 16, width: 16 },
  { key: 'otherInformation', label: 'Other information', lo: 32, width: 23 },
  { key: 'actionRequired', label: 'AR (action required)', lo: 55 },
  { key: 'signalling', label: 'S (signalled)', lo: 56 },
  { key: 'contextCorrupt', label: 'PCC (processor context corrupt)', lo: 57 },
  { key: 'addressValid', label: 'ADDRV', lo: 58 },
  { key: 'miscValid', label: 'MISCV', lo: 59 },
  { key: 'errorEnabled', label: 'EN', lo: 60 },
  { key: 'uncorrected', label: 'UC (uncorrected)', lo: 61 },
  { key: 'overflow', label: 'OVER (overflow)', lo: 62 },
  { key: 'valid', label: 'VAL', lo: 63 },
];

/**
 * WHEA_XPF_MCA_SECTION: one machine-check bank as Windows captured it. Version 1 ends after the
 * 24 extended registers (264 bytes); version 2 adds MCG_CAP, version 3 XPF_RECOVERY_INFO
 * (20 bytes); version 4's extra banks are shown as bytes.
 */
const WHEA_XPF_MCA: StructSpec = {
  key: 'wheaXpfMca',
  label: 'WHEA x86/x64 machine check',
  size: 292,
  fields: [
    u32('version', 0, { label: 'Version' }),
    u32('cpuVendor', 4, { label: 'CPU vendor', enum: CPU_VENDORS }),
    u64('timestamp', 8, { label: 'Timestamp (LARGE_INTEGER)', hex: true }),
    u32('processorNumber', 16, { label: 'Processor number' }),
    u64('globalStatus', 20, {
      label: 'MCG_STATUS',
      hex: true,
      bits: [
        { key: 'restartIpValid', label: 'RIPV', lo: 0 },
        { key: 'errorIpValid', label: 'EIPV', lo: 1 },
        { key: 'machineCheckInProgress', label: 'MCIP', lo: 2 },
      ],
    }),
    reg('instructionPointer', 'Instruction pointer', 28),
    u32('bankNumber', 36, { label: 'Bank number' }),
    u64('status', 40, { label: 'MCi_STATUS', hex: true, bits: MCI_STATUS_BITS }),
    reg('address', 'MCi_ADDR', 48),
    reg('misc', 'MCi_MISC', 56),
    u32('extendedRegisterCount', 64, { label: 'Extended registers' }),
    u32('apicId', 68, { label: 'APIC ID' }),
    bytes('extendedRegisters', 72, 192, {
      label: 'Extended registers (AMD: IPID, SYND, CONFIG, DESTAT, DEADDR, MISC1..4, RASCAP)',
      fields: Array.from({ length: 24 }, (_, i) => reg(`extendedRegister${i}`, `Register ${i}`, 72 + i * 8)),
    }),
    reg('globalCapability', 'MCG_CAP (version 2+)', 264),
    bytes('recoveryInfo', 272, 20, {
      label: 'XPF_RECOVERY_INFO (version 3+)',
      fields: [
        u32('failureReason', 272, {
          label: 'Failure reason',
          flags: {
            0: 'notSupported',
            1: 'overflow',
            2: 'contextCorrupt',
            3: 'restartIpErrorIpNotValid',
            4: 'noRecoveryContext',
            5: 'miscOrAddrNotValid',
            6: 'invalidAddressMode',
            7: 'highIrql',
            8: 'interruptsDisabled',
            9: 'swapBusy',
            10: 'stackOverflow',
          },
        }),
        u32('action', 276, { label: 'Action', flags: { 0: 'recoveryAttempted', 1: 'hvHandled' } }),
        u8('actionRequired', 280, { label: 'Action required' }),
        u8('recoverySucceeded', 281, { label: 'Recovery succeeded' }),
        u8('recoveryKernel', 282, { label: 'Recovery in kernel' }),
        bytes('recoveryReserved', 283, 9, { label: 'Reserved' }),
      ],
    }),
  ],
};

const WHEA_XPF_MCA_SECTION = structSection({
  guid: '8a1e1d01-42f9-4557-9c33-565e5cc3f7e8',
  name: 'WHEA x86/x64 machine check',
  jsonKey: null,
  spec: WHEA_XPF_MCA,
  minLength: 264,
  summary: (v) => {
    const st = typeof v.status === 'bigint' ? v.status : 0n;
    const uc = (st >> 61n) & 1n ? 'uncorrected' : 'corrected';
    return `Machine check bank ${Number(v.bankNumber ?? 0)} on processor ${Number(v.processorNumber ?? 0)} (${CPU_VENDORS[v.cpuVendor as keyof typeof CPU_VENDORS] ?? 'vendor ?'}), ${uc}, MCi_STATUS 0x${st.toString(16)}`;
  },
  extend({ r, at, length, node, v, diagnostics }) {
    const version = Number(v.version ?? 0);
    const need = version >= 3 ? 292 : version === 2 ? 272 : 264;
    if (length >= 4 && length < need)
      diagnostics.push(
        expert('whea.xpf-mca-short', `version ${version} section is ${length} bytes; its layout needs ${need}`, r.abs(at), 4),
      );
    if (length > 292 && !r.lean)
      node.children!.push(
        bytesNode(
          'extraBanks',
          'Version 4 extra banks (ExBankCount, BankNumberEx, StatusEx, AddressEx, MiscEx)',
          r,
          at + 292,
          length - 292,
          'valid',
        ),
      );
  },
});

const SUMMARY_HEADER: StructSpec = {
  key: 'header',
  label: 'Header',
  size: 4,
  fields: [u16('version', 0, { label: 'Version' }), u16('count', 2, { label: 'Entries' })],
};

const PCIE_DEVICE: StructSpec = {
  key: 'device',
  label: 'Device',
  size: 156,
  validation: 'validBits',
  fields: [
    u64('validBits', 0, {
      label: 'Validation bits',
      flags: { 0: 'segment', 1: 'bus', 2: 'device', 3: 'function', 4: 'mask', 5: 'correctableErrorCount' },
    }),
    u32('segment', 8, { label: 'Segment', valid: 0 }),
    u32('bus', 12, { label: 'Bus', valid: 1 }),
    u32('device', 16, { label: 'Device', valid: 2 }),
    u32('function', 20, { label: 'Function', valid: 3 }),
    u32('mask', 24, { label: 'Mask', valid: 4, hex: true }),
    bytes('counts', 28, 128, {
      label: 'Correctable error counts (one per AER status bit)',
      valid: 5,
      fields: Array.from({ length: 32 }, (_, i) => u32(`count${i}`, 28 + i * 4, { label: `Bit ${i}`, valid: 5 })),
    }),
  ],
};

const MEMORY_ENTRY: StructSpec = {
  key: 'entry',
  label: 'Entry',
  size: 24,
  validation: 'validBits',
  fields: [
    u64('validBits', 0, { label: 'Validation bits', flags: { 0: 'socketId', 1: 'channelId', 2: 'dimmSlot', 3: 'correctableErrorCount' } }),
    u32('socketId', 8, { label: 'Socket', valid: 0 }),
    u32('channelId', 12, { label: 'Channel', valid: 1 }),
    u32('dimmSlot', 16, { label: 'DIMM slot', valid: 2 }),
    u32('correctableErrorCount', 20, { label: 'Correctable errors', valid: 3 }),
  ],
};

/** A summary section: Version 1, Count entries of `entry` after the 4-byte header. */
function summarySection(guid: string, name: string, entry: StructSpec, what: string): JsonSectionDecoder {
  return structSection({
    guid,
    name,
    jsonKey: null,
    spec: SUMMARY_HEADER,
    summary: (v) => `${name}: ${Number(v.count ?? 0)} ${what}`,
    extend({ r, at, length, node, v, diagnostics }: ExtendCtx) {
      if (length < 4) return;
      if (v.version !== 1) diagnostics.push(expert('whea.summary-version', `version ${String(v.version)}; Windows writes 1`, r.abs(at), 2));
      const count = Number(v.count ?? 0);
      const fit = Math.floor((length - 4) / entry.size);
      if (count > fit)
        diagnostics.push(expert('whea.summary-count', `${count} ${what} declared; ${fit} fit in ${length} bytes`, r.abs(at + 2), 2));
      const kids = [];
      for (let i = 0; i < Math.min(count, fit); i++)
        kids.push(element(r, at + 4 + i * entry.size, entry, at + length, `${entry.key}${i}`, `${entry.label} ${i}`).node);
      if (!r.lean) node.children!.push(arrayNode(`${entry.key}s`, `${entry.label}s`, r, at + 4, kids.length * entry.size, kids));
    },
  });
}

const WHEA_PCIE_CORRECTABLE_SUMMARY = summarySection(
  'e96eca99-53e2-4f52-9be7-d2dbe9508ed0',
  'WHEA PCIe correctable error summary',
  PCIE_DEVICE,
  'device(s)',
);
const WHEA_MEMORY_CORRECTABLE_SUMMARY = summarySection(
  '0e36c93e-ca15-4a83-ba8a-cbe80f7f0017',
  'WHEA memory correctable error summary',
  MEMORY_ENTRY,
  'entry(ies)',
);

/** Every WHEA section declared here, for the registry. */
export const WHEA_DECODERS: readonly JsonSectionDecoder[] = [
  WHEA_ARM_RAS_NODE_SECTION,
  WHEA_XPF_MCA_SECTION,
  WHEA_SEA_SECTION,
  WHEA_SEI_SECTION,
  WHEA_NMI_SECTION,
  WHEA_PCI_RECOVERY_SECTION,
  WHEA_PCIE_CORRECTABLE_SUMMARY,
  WHEA_MEMORY_CORRECTABLE_SUMMARY,
];
