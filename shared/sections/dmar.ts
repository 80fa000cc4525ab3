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

export const DMAR_VTD_SPEC: StructSpec = {
  key: 'dmarVtd', label: 'Intel VT-d DMAr error', size: 144,
  fields: [
    f('version', 'Version', 0, 'u8', undefined, 'version'),
    f('revision', 'Revision', 1, 'u8', undefined, 'revision'),
    f('oemId', 'OEM ID', 2, 'bytes', undefined, undefined, { size: 6 }),
    f('capability', 'Capability register', 8, 'u64', undefined, 'capabilityRegister', { hex: true }),
    f('capabilityEx', 'Extended capability register', 16, 'u64', undefined, 'extendedCapabilityRegister', { hex: true }),
    f('globalCommand', 'Global command register', 24, 'u32', undefined, 'globalCommandRegister', { hex: true }),
    f('globalStatus', 'Global status register', 28, 'u32', undefined, 'globalStatusRegister', { hex: true }),
    f('faultStatus', 'Fault status register', 32, 'u32', undefined, 'faultStatusRegister', { hex: true }),
    f('reserved', 'Reserved', 36, 'bytes', undefined, undefined, { size: 12 }),
    f('faultRecord', 'Fault record', 48, 'bytes', undefined, undefined, { size: 16 }),
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
  message: () => 'A Intel VT for Directed I/O Specific DMAr Error occurred',
});
export const DMAR_IOMMU = structSection({
  guid: '036f84e1-7f37-428c-a79e-575fdfaa84ec', name: 'IOMMU Specific DMAr', jsonKey: 'IommuDmar', spec: DMAR_IOMMU_SPEC,
  message: () => 'A IOMMU Specific DMAr Error occurred',
});
