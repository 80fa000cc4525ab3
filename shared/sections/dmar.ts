/** DMAr sections (UEFI N.2.11): generic, Intel VT-d specific, IOMMU specific. */
import type { StructSpec } from '../decode/spec';
import { listToRecord, pair } from './common';
import { structSection } from './define';
import { bytes, u16, u32, u64, u8 } from '../decode/fields';

const DMAR_FAULT_REASONS = listToRecord(
  [
    'DMT Entry Missing',
    'DMT Entry Invalid',
    'DMT Access Error',
    'DMT Reserved Bit Invalid',
    'DMA Address Out of Bounds',
    'Invalid Read/Write',
    'Invalid Device Request',
    'ATT Access Error',
    'ATT Reserved Bit Invalid',
    'Illegal Command',
    'Command Buffer Access Error',
  ],
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
);
const DMAR_FAULT_DESCRIPTIONS = listToRecord(
  [
    'Domain mapping table entry is not present.',
    'Invalid domain mapping table entry.',
    "DMAr unit's attempt to access the domain mapping table resulted in an error.",
    'Reserved bit set to non-zero value in the domain mapping table.',
    'DMA request to access an address beyond the device address width.',
    'Invalid read or write access.',
    'Invalid device request.',
    "DMAr unit's attempt to access the address translation table resulted in an error.",
    'Reserved bit set to non-zero value in the address translation table.',
    'Illegal command error.',
    "DMAr unit's attempt to access the command buffer resulted in an error.",
  ],
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
);
const ACCESS = { 0: 'DMA Write', 1: 'DMA Read' };
const ADDRESS = { 0: 'Untranslated Request', 1: 'Translation Request' };
const ARCH = { 0: 'VT-d', 1: 'IOMMU' };

const DMAR_GENERIC_SPEC: StructSpec = {
  key: 'dmarGeneric',
  label: 'DMAr generic error',
  size: 32,
  fields: [
    u16('requesterId', 0, { label: 'Requester ID', json: 'requesterID', hex: true }),
    u16('segment', 2, { label: 'Segment number', json: 'segmentNumber' }),
    u8('faultReason', 4, {
      label: 'Fault reason',
      json: pair('faultReason', DMAR_FAULT_REASONS, 'Unknown (Reserved)', { desc: DMAR_FAULT_DESCRIPTIONS }),
      enum: DMAR_FAULT_REASONS,
    }),
    u8('accessType', 5, { label: 'Access type', json: pair('accessType', ACCESS, 'Unknown (Reserved)'), enum: ACCESS }),
    u8('addressType', 6, { label: 'Address type', json: pair('addressType', ADDRESS, 'Unknown (Reserved)'), enum: ADDRESS }),
    u8('archType', 7, { label: 'Architecture type', json: pair('architectureType', ARCH, 'Unknown (Reserved)'), enum: ARCH }),
    u64('deviceAddress', 8, { label: 'Device address', json: 'deviceAddress', hex: true }),
    bytes('reserved', 16, 16, { label: 'Reserved' }),
  ],
};

const PTES = [6, 5, 4, 3, 2, 1].map((lvl, i) =>
  u64(`pteL${lvl}`, 96 + i * 8, { label: `Page table entry level ${lvl}`, json: `pageTableEntry_Level${lvl}`, hex: true }),
);

const VTD_FAULT_TYPES = { 0: 'Write Request', 1: 'Read/AtomicOp Request' };
const FR = (key: string) => `faultRecord.${key}`;
/** The VT-d fault recording register (VT-d spec 11.4.14), as libcper's EFI_VTD_FAULT_RECORD bit fields. */
const VTD_FAULT_RECORD = [
  u64('faultRecordLo', 48, {
    label: 'Fault record bits 63:0',
    hex: true,
    bits: [{ key: 'faultInformation', label: 'Fault information (page address)', lo: 12, width: 52, json: FR('faultInformation') }],
  }),
  u64('faultRecordHi', 56, {
    label: 'Fault record bits 127:64',
    hex: true,
    bits: [
      { key: 'sourceIdentifier', label: 'Source identifier', lo: 0, width: 16, json: FR('sourceIdentifier') },
      // libcper's spelling of the key.
      {
        key: 'privilegeModeRequested',
        label: 'Privilege mode requested',
        lo: 29,
        json: { path: FR('privelegeModeRequested'), shape: 'bool' },
      },
      {
        key: 'executePermissionRequested',
        label: 'Execute permission requested',
        lo: 30,
        json: { path: FR('executePermissionRequested'), shape: 'bool' },
      },
      { key: 'pasidPresent', label: 'PASID present', lo: 31, json: { path: FR('pasidPresent'), shape: 'bool' } },
      { key: 'faultReason', label: 'Fault reason', lo: 32, width: 8, json: FR('faultReason') },
      { key: 'pasidValue', label: 'PASID value', lo: 40, width: 20, json: FR('pasidValue') },
      { key: 'addressType', label: 'Address type', lo: 60, width: 2, json: FR('addressType') },
      { key: 'type', label: 'Type', lo: 62, width: 1, enum: VTD_FAULT_TYPES, json: pair(FR('type'), VTD_FAULT_TYPES, 'Unknown') },
    ],
  }),
];

const DMAR_VTD_SPEC: StructSpec = {
  key: 'dmarVtd',
  label: 'Intel VT-d DMAr error',
  size: 144,
  fields: [
    // Version, revision and the 6-byte OEM ID read as one little-endian word, as libcper
    // assembles `oemID` from the bytes.
    u64('identity', 0, {
      label: 'Version, revision, OEM ID',
      hex: true,
      bits: [
        { key: 'version', label: 'Version', lo: 0, width: 8, json: 'version' },
        { key: 'revision', label: 'Revision', lo: 8, width: 8, json: 'revision' },
        { key: 'oemId', label: 'OEM ID', lo: 16, width: 48, json: 'oemID' },
      ],
    }),
    u64('capability', 8, { label: 'Capability register', json: 'capabilityRegister', hex: true }),
    u64('capabilityEx', 16, { label: 'Extended capability register', json: 'extendedCapabilityRegister', hex: true }),
    u32('globalCommand', 24, { label: 'Global command register', json: 'globalCommandRegister', hex: true }),
    u32('globalStatus', 28, { label: 'Global status register', json: 'globalStatusRegister', hex: true }),
    u32('faultStatus', 32, { label: 'Fault status register', json: 'faultStatusRegister', hex: true }),
    bytes('reserved', 36, 12, { label: 'Reserved' }),
    bytes('faultRecord', 48, 16, { label: 'Fault record', fields: VTD_FAULT_RECORD }),
    bytes('rootEntry', 64, 16, { label: 'Root entry', json: { path: 'rootEntry', shape: 'b64' } }),
    bytes('contextEntry', 80, 16, { label: 'Context entry', json: { path: 'contextEntry', shape: 'b64' } }),
    ...PTES,
  ],
};

const DMAR_IOMMU_SPEC: StructSpec = {
  key: 'dmarIommu',
  label: 'IOMMU DMAr error',
  size: 144,
  fields: [
    u8('revision', 0, { label: 'Revision', json: 'revision' }),
    bytes('reserved0', 1, 7, { label: 'Reserved' }),
    u64('control', 8, { label: 'Control register', json: 'controlRegister', hex: true }),
    u64('status', 16, { label: 'Status register', json: 'statusRegister', hex: true }),
    bytes('reserved1', 24, 8, { label: 'Reserved' }),
    bytes('eventLogEntry', 32, 16, { label: 'Event log entry', json: { path: 'eventLogEntry', shape: 'b64' } }),
    bytes('reserved2', 48, 16, { label: 'Reserved' }),
    bytes('deviceTableEntry', 64, 32, { label: 'Device table entry', json: { path: 'deviceTableEntry', shape: 'b64' } }),
    ...PTES,
  ],
};

export const DMAR_GENERIC = structSection({
  guid: '5b51fef7-c79d-4434-8f1b-aa62de3e2c64',
  name: 'DMAr Generic',
  libcperName: 'DMAr Generic',
  jsonKey: 'GenericDmar',
  spec: DMAR_GENERIC_SPEC,
  message: () => 'A DMAr Generic Error occurred',
});
export const DMAR_VTD = structSection({
  guid: '71761d37-32b2-45cd-a7d0-b0fedd93e8cf',
  name: 'Intel VT for Directed I/O Specific DMAr',
  libcperName: 'Intel VT for Directed I/O Specific DMAr',
  jsonKey: 'VtdDmar',
  spec: DMAR_VTD_SPEC,
  message: () => 'A VT-d DMAr Error occurred',
});
export const DMAR_IOMMU = structSection({
  guid: '036f84e1-7f37-428c-a79e-575fdfaa84ec',
  name: 'IOMMU Specific DMAr',
  libcperName: 'IOMMU Specific DMAr',
  jsonKey: 'IommuDmar',
  spec: DMAR_IOMMU_SPEC,
  message: () => 'A IOMMU Specific DMAr Error occurred',
});
