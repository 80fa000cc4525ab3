/** DMAr sections (UEFI N.2.11): generic, Intel VT-d specific, IOMMU specific. */
import type { StructSpec } from '../decode/spec';
import { f, listToRecord, pair } from './common';
import { structSection } from './define';

export const DMAR_FAULT_REASONS = listToRecord([
  'DMT Entry Missing', 'DMT Entry Invalid', 'DMT Access Error', 'DMT Reserved Bit Invalid', 'DMA Address Out of Bounds',
  'Invalid Read/Write', 'Invalid Device Request', 'ATT Access Error', 'ATT Reserved Bit Invalid', 'Illegal Command', 'Command Buffer Access Error',
], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
export const DMAR_FAULT_DESCRIPTIONS = listToRecord([
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
], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
const ACCESS = { 0: 'DMA Write', 1: 'DMA Read' };
const ADDRESS = { 0: 'Untranslated Request', 1: 'Translation Request' };
const ARCH = { 0: 'VT-d', 1: 'IOMMU' };

export const DMAR_GENERIC_SPEC: StructSpec = {
  key: 'dmarGeneric', label: 'DMAr generic error', size: 32,
  fields: [
    f('requesterId', 'Requester ID', 0, 'u16', undefined, 'requesterID', { hex: true }),
    f('segment', 'Segment number', 2, 'u16', undefined, 'segmentNumber'),
    f('faultReason', 'Fault reason', 4, 'u8', undefined, pair('faultReason', DMAR_FAULT_REASONS, 'Unknown (Reserved)', { desc: DMAR_FAULT_DESCRIPTIONS }), { enum: DMAR_FAULT_REASONS }),
    f('accessType', 'Access type', 5, 'u8', undefined, pair('accessType', ACCESS, 'Unknown (Reserved)'), { enum: ACCESS }),
    f('addressType', 'Address type', 6, 'u8', undefined, pair('addressType', ADDRESS, 'Unknown (Reserved)'), { enum: ADDRESS }),
    f('archType', 'Architecture type', 7, 'u8', undefined, pair('architectureType', ARCH, 'Unknown (Reserved)'), { enum: ARCH }),
    f('deviceAddress', 'Device address', 8, 'u64', undefined, 'deviceAddress', { hex: true }),
    f('reserved', 'Reserved', 16, 'bytes', undefined, undefined, { size: 16 }),
  ],
};

const PTES = [6, 5, 4, 3, 2, 1].map((lvl, i) => f(`pteL${lvl}`, `Page table entry level ${lvl}`, 96 + i * 8, 'u64', undefined, `pageTableEntry_Level${lvl}`, { hex: true }));

const VTD_FAULT_TYPES = { 0: 'Write Request', 1: 'Read/AtomicOp Request' };
const FR = (key: string) => `faultRecord.${key}`;
/** The VT-d fault recording register (VT-d spec 11.4.14), as libcper's EFI_VTD_FAULT_RECORD bit fields. */
const VTD_FAULT_RECORD = [
  f('faultRecordLo', 'Fault record bits 63:0', 48, 'u64', undefined, undefined, {
    hex: true,
    bits: [{ key: 'faultInformation', label: 'Fault information (page address)', lo: 12, width: 52, json: FR('faultInformation') }],
  }),
  f('faultRecordHi', 'Fault record bits 127:64', 56, 'u64', undefined, undefined, {
    hex: true,
    bits: [
      { key: 'sourceIdentifier', label: 'Source identifier', lo: 0, width: 16, json: FR('sourceIdentifier') },
      // libcper's spelling of the key.
      { key: 'privilegeModeRequested', label: 'Privilege mode requested', lo: 29, json: { path: FR('privelegeModeRequested'), shape: 'bool' } },
      { key: 'executePermissionRequested', label: 'Execute permission requested', lo: 30, json: { path: FR('executePermissionRequested'), shape: 'bool' } },
      { key: 'pasidPresent', label: 'PASID present', lo: 31, json: { path: FR('pasidPresent'), shape: 'bool' } },
      { key: 'faultReason', label: 'Fault reason', lo: 32, width: 8, json: FR('faultReason') },
      { key: 'pasidValue', label: 'PASID value', lo: 40, width: 20, json: FR('pasidValue') },
      { key: 'addressType', label: 'Address type', lo: 60, width: 2, json: FR('addressType') },
      { key: 'type', label: 'Type', lo: 62, width: 1, enum: VTD_FAULT_TYPES, json: pair(FR('type'), VTD_FAULT_TYPES, 'Unknown') },
    ],
  }),
];

export const DMAR_VTD_SPEC: StructSpec = {
  key: 'dmarVtd', label: 'Intel VT-d DMAr error', size: 144,
  fields: [
    // Version, revision and the 6-byte OEM ID read as one little-endian word, as libcper
    // assembles `oemID` from the bytes.
    f('identity', 'Version, revision, OEM ID', 0, 'u64', undefined, undefined, {
      hex: true,
      bits: [
        { key: 'version', label: 'Version', lo: 0, width: 8, json: 'version' },
        { key: 'revision', label: 'Revision', lo: 8, width: 8, json: 'revision' },
        { key: 'oemId', label: 'OEM ID', lo: 16, width: 48, json: 'oemID' },
      ],
    }),
    f('capability', 'Capability register', 8, 'u64', undefined, 'capabilityRegister', { hex: true }),
    f('capabilityEx', 'Extended capability register', 16, 'u64', undefined, 'extendedCapabilityRegister', { hex: true }),
    f('globalCommand', 'Global command register', 24, 'u32', undefined, 'globalCommandRegister', { hex: true }),
    f('globalStatus', 'Global status register', 28, 'u32', undefined, 'globalStatusRegister', { hex: true }),
    f('faultStatus', 'Fault status register', 32, 'u32', undefined, 'faultStatusRegister', { hex: true }),
    f('reserved', 'Reserved', 36, 'bytes', undefined, undefined, { size: 12 }),
    f('faultRecord', 'Fault record', 48, 'bytes', undefined, undefined, { size: 16, fields: VTD_FAULT_RECORD }),
    f('rootEntry', 'Root entry', 64, 'bytes', undefined, { path: 'rootEntry', shape: 'b64' }, { size: 16 }),
    f('contextEntry', 'Context entry', 80, 'bytes', undefined, { path: 'contextEntry', shape: 'b64' }, { size: 16 }),
    ...PTES,
  ],
};

export const DMAR_IOMMU_SPEC: StructSpec = {
  key: 'dmarIommu', label: 'IOMMU DMAr error', size: 144,
  fields: [
    f('revision', 'Revision', 0, 'u8', undefined, 'revision'),
    f('reserved0', 'Reserved', 1, 'bytes', undefined, undefined, { size: 7 }),
    f('control', 'Control register', 8, 'u64', undefined, 'controlRegister', { hex: true }),
    f('status', 'Status register', 16, 'u64', undefined, 'statusRegister', { hex: true }),
    f('reserved1', 'Reserved', 24, 'bytes', undefined, undefined, { size: 8 }),
    f('eventLogEntry', 'Event log entry', 32, 'bytes', undefined, { path: 'eventLogEntry', shape: 'b64' }, { size: 16 }),
    f('reserved2', 'Reserved', 48, 'bytes', undefined, undefined, { size: 16 }),
    f('deviceTableEntry', 'Device table entry', 64, 'bytes', undefined, { path: 'deviceTableEntry', shape: 'b64' }, { size: 32 }),
    ...PTES,
  ],
};

export const DMAR_GENERIC = structSection({
  guid: '5b51fef7-c79d-4434-8f1b-aa62de3e2c64', name: 'DMAr Generic', jsonKey: 'GenericDmar', spec: DMAR_GENERIC_SPEC,
  message: () => 'A DMAr Generic Error occurred',
});
export const DMAR_VTD = structSection({
  guid: '71761d37-32b2-45cd-a7d0-b0fedd93e8cf', name: 'Intel VT for Directed I/O Specific DMAr', jsonKey: 'VtdDmar', spec: DMAR_VTD_SPEC,
  message: () => 'A VT-d DMAr Error occurred',
});
export const DMAR_IOMMU = structSection({
  guid: '036f84e1-7f37-428c-a79e-575fdfaa84ec', name: 'IOMMU Specific DMAr', jsonKey: 'IommuDmar', spec: DMAR_IOMMU_SPEC,
  message: () => 'A IOMMU Specific DMAr Error occurred',
});
