/** PCI Express Error Section (UEFI N.2.7; Linux cper_sec_pcie and cper_print_pcie, L6.12 form; libcper). */
import { u32le } from '../bytes/le';
import type { LinuxCtx, StructSpec } from '../decode/spec';
import { hexN, hexPair, listToRecord, num, pair } from './common';
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
const PCIE_PORT_TYPES_LINUX = listToRecord([
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

/*
 * Kernel text (cper_print_pcie): the lines that print one field are declared on it; the hooks
 * below print the lines that combine fields. Linux prints in its own order, given by `order`.
 */
const bcd = (b: number): number => (b >> 4) * 10 + (b & 15);
const versionLines = ({ p, v }: LinuxCtx) => [`${p}version: ${bcd(num(v.versionMajor))}.${bcd(num(v.versionMinor))}`];
const commandLines = (c: LinuxCtx) => [hexPair(c, 'command', 'command', 'status', 'status', 4)];
const deviceIdLines = ({ p, v }: LinuxCtx) => [
  `${p}device_id: ${hexN(v.segment, 4)}:${hexN(v.bus, 2)}:${hexN(v.device, 2)}.${(num(v.classFunction) >>> 24).toString(16)}`,
];
const vendorLines = (c: LinuxCtx) => [hexPair(c, 'vendor_id', 'vendorId', 'device_id', 'deviceId', 4)];
const classLines = ({ p, v }: LinuxCtx) => [`${p}class_code: ${hexN(num(v.classFunction) & 0xffffff, 6)}`];
const serialLines = ({ p, v }: LinuxCtx) => [`${p}serial number: 0x${hexN(v.serialLower, 4)}, 0x${hexN(v.serialUpper, 4)}`];
const bridgeLines = (c: LinuxCtx) => [hexPair(c, 'bridge: secondary_status', 'bridgeSecondaryStatus', 'control', 'bridgeControl', 4)];
/** The AER registers and the TLP header log, when the whole AER block is present. */
function aerLines(c: LinuxCtx): string[] {
  const { p, v } = c;
  const log = v.headerLog;
  if (v.aer === undefined || !(log instanceof Uint8Array)) return [];
  return [
    hexPair(c, 'aer_cor_status', 'correctableStatus', 'aer_cor_mask', 'correctableMask', 8),
    hexPair(c, 'aer_uncor_status', 'uncorrectableStatus', 'aer_uncor_mask', 'uncorrectableMask', 8),
    `${p}aer_uncor_severity: 0x${hexN(v.uncorrectableSeverity, 8)}`,
    `${p}TLP Header: ${[0, 4, 8, 12].map((k) => hexN(u32le(log, k), 8)).join(' ')}`,
  ];
}

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
      linux: { name: 'port_type', fmt: 'enum', names: PCIE_PORT_TYPES_LINUX, order: 0 },
    }),
    u8('versionMinor', 12, { label: 'Version (minor, BCD)', valid: 1, json: { path: 'version.minor', shape: 'bcd' }, hex: true }),
    u8('versionMajor', 13, {
      label: 'Version (major, BCD)',
      valid: 1,
      json: { path: 'version.major', shape: 'bcd' },
      hex: true,
      linux: { lines: versionLines, order: 1 },
    }),
    u16('versionReserved', 14, { label: 'Reserved' }),
    u16('command', 16, {
      label: 'Command register',
      valid: 2,
      json: 'commandStatus.commandRegister',
      hex: true,
      linux: { lines: commandLines, order: 2 },
    }),
    u16('status', 18, { label: 'Status register', valid: 2, json: 'commandStatus.statusRegister', hex: true }),
    u32('reserved', 20, { label: 'Reserved' }),
    u16('vendorId', 24, {
      label: 'Vendor ID',
      valid: 3,
      json: ['deviceID.vendorID', hx('deviceID.vendorID_Hex', 4)],
      hex: true,
      linux: { lines: vendorLines, order: 6 },
    }),
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
          linux: { lines: classLines, order: 7 },
        },
        { key: 'function', lo: 24, width: 8, json: ['deviceID.functionNumber', hx('deviceID.functionNumber_Hex', 2)] },
      ],
    }),
    u8('device', 32, {
      label: 'Device',
      valid: 3,
      json: ['deviceID.deviceNumber', hx('deviceID.deviceNumber_Hex', 2)],
      linux: { lines: deviceIdLines, order: 3 },
    }),
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
      linux: { name: 'secondary_bus', fmt: 'hex', digits: 2, order: 5 },
    }),
    u16('slot', 37, {
      label: 'Slot',
      valid: 3,
      hex: true,
      bits: [
        { key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber', linux: { name: 'slot', order: 4 } },
        { key: 'slotLow', lo: 3, width: 8, json: hx('deviceID.slotNumber_Hex', 2) },
      ],
    }),
    u8('deviceIdReserved', 39, { label: 'Reserved' }),
    u64('serial', 40, {
      label: 'Serial number',
      valid: 4,
      json: 'deviceSerialNumber',
      hex: true,
      linux: { lines: serialLines, order: 8 },
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
      linux: { lines: bridgeLines, order: 9 },
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
      linux: { lines: aerLines, order: 10 },
      fields: aerRegisters(112, 7),
    }),
  ],
};

export const PCIE = structSection({
  guid: 'd995e954-bbc1-430f-ad91-b44dcb3c6f35',
  name: 'PCIe',
  libcperName: 'PCIe',
  jsonKey: 'Pcie',
  spec: PCIE_SPEC,
  message: () => 'A PCIe Error occurred',
  linux: { name: 'PCIe error' },
});
