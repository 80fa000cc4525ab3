/** PCI Express Error Section (UEFI N.2.7; Linux cper_sec_pcie; libcper). */
import type { StructSpec } from '../decode/spec';
import { f, listToRecord, pair } from './common';
import { flagNames, structSection } from './define';
import { PCI_CLASS_NAMES } from './pci-class-codes';
import { aerRegisters, capabilityRegisters } from './pcie-registers';

/** libcper's port type names (JSON). */
export const PCIE_PORT_TYPES_LIBCPER: Readonly<Record<number, string>> = {
  0: 'PCI Express End Point', 1: 'Legacy PCI End Point Device', 4: 'Root Port', 5: 'Upstream Switch Port', 6: 'Downstream Switch Port',
  7: 'PCI Express to PCI/PCI-X Bridge', 8: 'PCI/PCI-X Bridge to PCI Express Bridge', 9: 'Root Complex Integrated Endpoint Device', 10: 'Root Complex Event Collector',
};
/** Linux's pcie_port_type_strs (kernel text). */
export const PCIE_PORT_TYPES_LINUX = listToRecord(['PCIe end point', 'legacy PCI end point', 'unknown', 'unknown', 'root port', 'upstream switch port',
  'downstream switch port', 'PCIe to PCI/PCI-X bridge', 'PCI/PCI-X to PCIe bridge', 'root complex integrated endpoint device', 'root complex event collector']);

const hx = (path: string, digits: number) => ({ path, shape: 'hex' as const, digits });

export const PCIE_SPEC: StructSpec = {
  key: 'pcie', label: 'PCIe error', size: 208, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['portTypeValid', 'versionValid', 'commandStatusValid', 'deviceIDValid', 'deviceSerialNumberValid', 'bridgeControlStatusValid', 'capabilityStructureStatusValid', 'aerInfoValid']),
    }),
    f('portType', 'Port type', 8, 'u32', 0, pair('portType', PCIE_PORT_TYPES_LIBCPER, 'Unknown'), { enum: PCIE_PORT_TYPES_LINUX }),
    f('versionMinor', 'Version (minor, BCD)', 12, 'u8', 1, { path: 'version.minor', shape: 'bcd' }, { hex: true }),
    f('versionMajor', 'Version (major, BCD)', 13, 'u8', 1, { path: 'version.major', shape: 'bcd' }, { hex: true }),
    f('versionReserved', 'Reserved', 14, 'u16'),
    f('command', 'Command register', 16, 'u16', 2, 'commandStatus.commandRegister', { hex: true }),
    f('status', 'Status register', 18, 'u16', 2, 'commandStatus.statusRegister', { hex: true }),
    f('reserved', 'Reserved', 20, 'u32'),
    f('vendorId', 'Vendor ID', 24, 'u16', 3, ['deviceID.vendorID', hx('deviceID.vendorID_Hex', 4)], { hex: true }),
    f('deviceId', 'Device ID', 26, 'u16', 3, ['deviceID.deviceID', hx('deviceID.deviceID_Hex', 4)], { hex: true }),
    f('classFunction', 'Class code, function', 28, 'u32', 3, undefined, {
      hex: true,
      bits: [
        {
          key: 'classCode', label: 'Class code', lo: 0, width: 24, enum: PCI_CLASS_NAMES,
          // `class` only when the code is in the table (libcper leaves the key out otherwise).
          json: [{ path: 'deviceID.class', shape: 'name', names: PCI_CLASS_NAMES, unknown: '' }, 'deviceID.classCode', hx('deviceID.classCode_Hex', 6)],
        },
        { key: 'function', lo: 24, width: 8, json: ['deviceID.functionNumber', hx('deviceID.functionNumber_Hex', 2)] },
      ],
    }),
    f('device', 'Device', 32, 'u8', 3, ['deviceID.deviceNumber', hx('deviceID.deviceNumber_Hex', 2)]),
    // libcper prints the segment's and slot's hex forms from their low byte only.
    f('segment', 'Segment', 33, 'u16', 3, 'deviceID.segmentNumber', { hex: true, bits: [{ key: 'segmentLow', lo: 0, width: 8, json: hx('deviceID.segmentNumber_Hex', 2) }] }),
    f('bus', 'Primary or device bus', 35, 'u8', 3, ['deviceID.primaryOrDeviceBusNumber', hx('deviceID.primaryOrDeviceBusNumber_Hex', 2)]),
    f('secondaryBus', 'Secondary bus', 36, 'u8', 3, ['deviceID.secondaryBusNumber', hx('deviceID.secondaryBusNumber_Hex', 2)]),
    f('slot', 'Slot', 37, 'u16', 3, undefined, {
      hex: true,
      bits: [
        { key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' },
        { key: 'slotLow', lo: 3, width: 8, json: hx('deviceID.slotNumber_Hex', 2) },
      ],
    }),
    f('deviceIdReserved', 'Reserved', 39, 'u8'),
    f('serial', 'Serial number', 40, 'u64', 4, 'deviceSerialNumber', {
      hex: true,
      fields: [
        f('serialLower', 'Serial number (lower)', 40, 'u32', 4, undefined, { hex: true }),
        f('serialUpper', 'Serial number (upper)', 44, 'u32', 4, undefined, { hex: true }),
      ],
    }),
    f('bridgeSecondaryStatus', 'Bridge secondary status', 48, 'u16', 5, 'bridgeControlStatus.secondaryStatusRegister', { hex: true }),
    f('bridgeControl', 'Bridge control', 50, 'u16', 5, 'bridgeControlStatus.controlRegister', { hex: true }),
    // The blocks' registers are their children: each byte has one owner in the tree.
    f('capability', 'PCIe capability structure', 52, 'bytes', 6, { path: 'capabilityStructure.data', shape: 'b64' }, { size: 60, fields: capabilityRegisters(52, 6) }),
    f('aer', 'AER extended capability', 112, 'bytes', 7, { path: 'aerInfo.data', shape: 'b64' }, { size: 96, fields: aerRegisters(112, 7) }),
  ],
};

export const PCIE = structSection({
  guid: 'd995e954-bbc1-430f-ad91-b44dcb3c6f35', name: 'PCIe', jsonKey: 'Pcie', spec: PCIE_SPEC,
  message: () => 'A PCIe Error occurred',
});
