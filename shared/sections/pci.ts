/** PCI/PCI-X Bus Error (UEFI N.2.8) and PCI/PCI-X Component Error (N.2.9). */
import type { StructSpec } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { keyBytes } from '../decode/json-text';
import { planNum, planValid, writeStruct } from '../decode/json-plan';
import { errorStatusField, f, pair } from './common';
import { flagNames, structSection } from './define';


export const PCI_BUS_ERROR_TYPES: Readonly<Record<number, string>> = {
  0: 'Unknown/OEM Specific Error', 1: 'Data Parity Error', 2: 'System Error', 3: 'Master Abort',
  4: 'Bus Timeout/No Device Present (No DEVSEL#)', 5: 'Master Data Parity Error', 6: 'Address Parity Error', 7: 'Command Parity Error',
};

export const PCI_BUS: StructSpec = {
  key: 'pciBus', label: 'PCI/PCI-X bus error', size: 72, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['errorStatusValid', 'errorTypeValid', 'busIdValid', 'busAddressValid', 'busDataValid', 'commandValid', 'requestorIdValid', 'completerIdValid', 'targetIdValid']),
    }),
    errorStatusField(8, 0),
    f('errorType', 'Error type', 16, 'u16', 1, pair('errorType', PCI_BUS_ERROR_TYPES, 'Unknown (Reserved)'), { enum: PCI_BUS_ERROR_TYPES }),
    f('busId', 'Bus ID', 18, 'u16', 2, undefined, {
      bits: [
        { key: 'busNumber', lo: 0, width: 8, json: 'busID.busNumber' },
        { key: 'segmentNumber', lo: 8, width: 8, json: 'busID.segmentNumber' },
      ],
    }),
    f('reserved', 'Reserved', 20, 'u32'),
    f('busAddress', 'Bus address', 24, 'u64', 3, 'busAddress', { hex: true }),
    f('busData', 'Bus data', 32, 'u64', 4, 'busData', { hex: true }),
    f('busCommand', 'Bus command', 40, 'u64', 5, undefined, {
      hex: true,
      bits: [{ key: 'pciX', label: 'PCI-X command', lo: 56, json: { path: 'busCommandType', shape: 'name', names: { 0: 'PCI', 1: 'PCI-X' } } }],
    }),
    f('requestorId', 'Requestor ID', 48, 'u64', 6, ['busRequestorID', { path: 'busRequestorIDHex', shape: 'hex', digits: 16 }], { hex: true }),
    f('completerId', 'Completer ID', 56, 'u64', 7, ['busCompleterID', { path: 'busCompleterIDHex', shape: 'hex', digits: 16 }], { hex: true }),
    f('targetId', 'Target ID', 64, 'u64', 8, 'targetID', { hex: true }),
  ],
};

export const PCI_BUS_SECTION = structSection({
  guid: 'c5753963-3b84-4095-bf78-eddad3f9c9dd',
  name: 'PCI/PCI-X Bus',
  jsonKey: 'PciBus',
  spec: PCI_BUS,
  message: () => 'A PCI/PCI-X Bus Error occurred',
});

export const PCI_COMPONENT: StructSpec = {
  key: 'pciComponent', label: 'PCI/PCI-X component error', size: 40, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['errorStatusValid', 'idInfoValid', 'memoryNumberValid', 'ioNumberValid', 'registerDataPairsValid']),
    }),
    errorStatusField(8, 0),
    f('vendorId', 'Vendor ID', 16, 'u16', 1, 'idInfo.vendorID', { hex: true }),
    f('deviceId', 'Device ID', 18, 'u16', 1, 'idInfo.deviceID', { hex: true }),
    f('classFunction', 'Class code, function', 20, 'u32', 1, undefined, {
      hex: true,
      bits: [
        { key: 'classCode', lo: 0, width: 24, json: 'idInfo.classCode' },
        { key: 'functionNumber', lo: 24, width: 8, json: 'idInfo.functionNumber' },
      ],
    }),
    f('deviceNumber', 'Device number', 24, 'u8', 1, 'idInfo.deviceNumber'),
    f('busNumber', 'Bus number', 25, 'u8', 1, 'idInfo.busNumber'),
    f('segmentNumber', 'Segment number', 26, 'u8', 1, 'idInfo.segmentNumber'),
    f('reserved', 'Reserved', 27, 'bytes', undefined, undefined, { size: 5 }),
    f('memoryNumber', 'Memory register count', 32, 'u32', 2, 'memoryNumber'),
    f('ioNumber', 'I/O register count', 36, 'u32', 3, 'ioNumber'),
  ],
};

export const REGISTER_PAIR: StructSpec = {
  key: 'registerPair', label: 'Register pair', size: 16,
  fields: [
    f('address', 'Address', 0, 'u64', undefined, 'firstHalf', { hex: true }),
    f('value', 'Value', 8, 'u64', undefined, 'secondHalf', { hex: true }),
  ],
};

const K_PAIRS = keyBytes('registerDataPairs');

export const PCI_COMPONENT_SECTION = structSection({
  guid: 'eb5e4685-ca66-4769-b6a2-26068b001326',
  name: 'PCI Component/Device',
  jsonKey: 'PciComponent',
  spec: PCI_COMPONENT,
  message: () => 'A PCI/PCI-X Device Error occurred',
  extend({ r, at, length, node, v, diagnostics }) {
    const n = ((v.memoryNumber as number) ?? 0) + ((v.ioNumber as number) ?? 0);
    const fit = Math.max(0, Math.floor((length - 40) / 16));
    const count = Math.min(n, fit);
    if (n > fit) diagnostics.push({ level: 'error', code: 'pcidev.pairs', message: `${n} register pairs declared; only ${fit} fit in ${length} bytes`, offset: r.abs(at + 32), length: 8 });
    for (let i = 0; i < count; i++) {
      const d = decodeStruct(r, at + 40 + i * 16, REGISTER_PAIR, at + length);
      d.node.key = `registerPair${i}`;
      d.node.label = `Register pair ${i}`;
      node.children!.push(d.node);
    }
  },
  json(w, { b, at, length, end, p }) {
    if (!planValid(p, 4)) return;
    const n = (planNum(p, 'memoryNumber') ?? 0) + (planNum(p, 'ioNumber') ?? 0);
    const count = Math.min(n, Math.max(0, Math.floor((length - 40) / 16)));
    w.key(K_PAIRS);
    w.openArray();
    for (let i = 0; i < count; i++) {
      w.item();
      writeStruct(w, REGISTER_PAIR, b, at + 40 + i * 16, end);
    }
    w.closeArray();
  },
});
