/** PCI Express Error Section (UEFI N.2.7; Linux cper_sec_pcie; libcper). */
import type { StructSpec } from '../decode/spec';
import { listToRecord, pair } from './common';
import { flagNames, structSection } from './define';
import { PCI_CLASS_NAMES } from './pci-class-codes';
import { aerRegisters, capabilityRegisters } from './pcie-registers';
import { bytes, u16, u32, u64, u8 } from '../decode/fields';

/** libcper's port type names (JSON). */
const PCIE_PORT_TYPES_LIBCPER: Readonly<Record<number, string>> = {
  0: 'PCI Express End Point',
  1: 'Legacy PCI End Point Device',
  4: 'Root Port',
  5: 'Upstream Switch Port',
  6: 'Downstream Switch Port',
  7: 'PCI Express to PCI/PCI-X Bridge',
  8: 'PCI/PCI-X Bridge to PCI Express Bridge',
  9: 'Root Complex Integrated Endpoint Device',
  10: 'Root Complex Event Collector',
};
/** Linux's pcie_port_type_strs (kernel text). */
export const PCIE_PORT_TYPES_LINUX = listToRecord([
  'PCIe end point',
  'legacy PCI end point',
  'unknown',
  'unknown',
  'root port',
  'upstream switch port',
  'downstream switch port',
  'PCIe to PCI/PCI-X bridge',
  'PCI/PCI-X to PCIe bridge',
  'root complex integrated endpoint device',
  'root complex event collector',
]);

const hx = (path: string, digits: number) => ({ path, shape: 'hex' as const, digits });

export const PCIE_SPEC: StructSpec = {
  key: 'pcie',
  label: 'PCIe error',
  size: 208,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, {
      label: 'Validation bits',
      flags: flagNames([
        'portTypeValid',
        'versionValid',
        'commandStatusValid',
        'deviceIDValid',
        'deviceSerialNumberValid',
        'bridgeControlStatusValid',
        'capabilityStructureStatusValid',
        'aerInfoValid',
      ]),
    }),
    u32('portType', 8, {
      label: 'Port type',
      valid: 0,
      json: pair('portType', PCIE_PORT_TYPES_LIBCPER, 'Unknown'),
      enum: PCIE_PORT_TYPES_LINUX,
    }),
    u8('versionMinor', 12, { label: 'Version (minor, BCD)', valid: 1, json: { path: 'version.minor', shape: 'bcd' }, hex: true }),
    u8('versionMajor', 13, { label: 'Version (major, BCD)', valid: 1, json: { path: 'version.major', shape: 'bcd' }, hex: true }),
    u16('versionReserved', 14, { label: 'Reserved' }),
    u16('command', 16, { label: 'Command register', valid: 2, json: 'commandStatus.commandRegister', hex: true }),
    u16('status', 18, { label: 'Status register', valid: 2, json: 'commandStatus.statusRegister', hex: true }),
    u32('reserved', 20, { label: 'Reserved' }),
    u16('vendorId', 24, { label: 'Vendor ID', valid: 3, json: ['deviceID.vendorID', hx('deviceID.vendorID_Hex', 4)], hex: true }),
    u16('deviceId', 26, { label: 'Device ID', valid: 3, json: ['deviceID.deviceID', hx('deviceID.deviceID_Hex', 4)], hex: true }),
    u32('classFunction', 28, {
      label: 'Class code, function',
      valid: 3,
      hex: true,
      bits: [
        {
          key: 'classCode',
          label: 'Class code',
          lo: 0,
          width: 24,
          enum: PCI_CLASS_NAMES,
          // `class` only when the code is in the table (libcper leaves the key out otherwise).
          json: [
            { path: 'deviceID.class', shape: 'name', names: PCI_CLASS_NAMES, unknown: '' },
            'deviceID.classCode',
            hx('deviceID.classCode_Hex', 6),
          ],
        },
        { key: 'function', lo: 24, width: 8, json: ['deviceID.functionNumber', hx('deviceID.functionNumber_Hex', 2)] },
      ],
    }),
    u8('device', 32, { label: 'Device', valid: 3, json: ['deviceID.deviceNumber', hx('deviceID.deviceNumber_Hex', 2)] }),
    // libcper prints the segment's and slot's hex forms from their low byte only.
    u16('segment', 33, {
      label: 'Segment',
      valid: 3,
      json: 'deviceID.segmentNumber',
      hex: true,
      bits: [{ key: 'segmentLow', lo: 0, width: 8, json: hx('deviceID.segmentNumber_Hex', 2) }],
    }),
    u8('bus', 35, {
      label: 'Primary or device bus',
      valid: 3,
      json: ['deviceID.primaryOrDeviceBusNumber', hx('deviceID.primaryOrDeviceBusNumber_Hex', 2)],
    }),
    u8('secondaryBus', 36, {
      label: 'Secondary bus',
      valid: 3,
      json: ['deviceID.secondaryBusNumber', hx('deviceID.secondaryBusNumber_Hex', 2)],
    }),
    u16('slot', 37, {
      label: 'Slot',
      valid: 3,
      hex: true,
      bits: [
        { key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' },
        { key: 'slotLow', lo: 3, width: 8, json: hx('deviceID.slotNumber_Hex', 2) },
      ],
    }),
    u8('deviceIdReserved', 39, { label: 'Reserved' }),
    u64('serial', 40, {
      label: 'Serial number',
      valid: 4,
      json: 'deviceSerialNumber',
      hex: true,
      fields: [
        u32('serialLower', 40, { label: 'Serial number (lower)', valid: 4, hex: true }),
        u32('serialUpper', 44, { label: 'Serial number (upper)', valid: 4, hex: true }),
      ],
    }),
    u16('bridgeSecondaryStatus', 48, {
      label: 'Bridge secondary status',
      valid: 5,
      json: 'bridgeControlStatus.secondaryStatusRegister',
      hex: true,
    }),
    u16('bridgeControl', 50, { label: 'Bridge control', valid: 5, json: 'bridgeControlStatus.controlRegister', hex: true }),
    // The blocks' registers are their children: each byte has one owner in the tree.
    bytes('capability', 52, 60, {
      label: 'PCIe capability structure',
      valid: 6,
      json: { path: 'capabilityStructure.data', shape: 'b64' },
      fields: capabilityRegisters(52, 6),
    }),
    bytes('aer', 112, 96, {
      label: 'AER extended capability',
      valid: 7,
      json: { path: 'aerInfo.data', shape: 'b64' },
      fields: aerRegisters(112, 7),
    }),
  ],
};

export const PCIE = structSection({
  guid: 'd995e954-bbc1-430f-ad91-b44dcb3c6f35',
  name: 'PCIe',
  jsonKey: 'Pcie',
  spec: PCIE_SPEC,
  message: () => 'A PCIe Error occurred',
});
