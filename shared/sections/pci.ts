/** PCI/PCI-X Bus Error (UEFI N.2.8) and PCI/PCI-X Component Error (N.2.9). */
import { element } from './arrays';
import { keyBytes } from '../decode/json-text';
import { planNum, planValid, writeStruct } from '../decode/json-plan';
import { errorStatusField, pair } from './common';
import { flagNames, structSection } from './define';
import { bytes, struct, u16, u32, u64, u8 } from '../decode/fields';
import { expert } from '../decode/expert';

const PCI_BUS_ERROR_TYPES: Readonly<Record<number, string>> = {
  0: 'Unknown/OEM Specific Error',
  1: 'Data Parity Error',
  2: 'System Error',
  3: 'Master Abort',
  4: 'Bus Timeout/No Device Present (No DEVSEL#)',
  5: 'Master Data Parity Error',
  6: 'Address Parity Error',
  7: 'Command Parity Error',
};

const PCI_BUS = struct({
  key: 'pciBus',
  label: 'PCI/PCI-X bus error',
  size: 72,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, {
      label: 'Validation bits',
      flags: flagNames([
        'errorStatusValid',
        'errorTypeValid',
        'busIdValid',
        'busAddressValid',
        'busDataValid',
        'commandValid',
        'requestorIdValid',
        'completerIdValid',
        'targetIdValid',
      ]),
    }),
    errorStatusField(8, 0),
    u16('errorType', 16, {
      label: 'Error type',
      valid: 1,
      json: pair('errorType', PCI_BUS_ERROR_TYPES, 'Unknown (Reserved)'),
      enum: PCI_BUS_ERROR_TYPES,
    }),
    u16('busId', 18, {
      label: 'Bus ID',
      valid: 2,
      bits: [
        { key: 'busNumber', lo: 0, width: 8, json: 'busID.busNumber' },
        { key: 'segmentNumber', lo: 8, width: 8, json: 'busID.segmentNumber' },
      ],
    }),
    u32('reserved', 20, { label: 'Reserved' }),
    u64('busAddress', 24, { label: 'Bus address', valid: 3, json: 'busAddress', hex: true }),
    u64('busData', 32, { label: 'Bus data', valid: 4, json: 'busData', hex: true }),
    u64('busCommand', 40, {
      label: 'Bus command',
      valid: 5,
      hex: true,
      bits: [
        { key: 'pciX', label: 'PCI-X command', lo: 56, json: { path: 'busCommandType', shape: 'name', names: { 0: 'PCI', 1: 'PCI-X' } } },
      ],
    }),
    u64('requestorId', 48, {
      label: 'Requestor ID',
      valid: 6,
      json: ['busRequestorID', { path: 'busRequestorIDHex', shape: 'hex', digits: 16 }],
      hex: true,
    }),
    u64('completerId', 56, {
      label: 'Completer ID',
      valid: 7,
      json: ['busCompleterID', { path: 'busCompleterIDHex', shape: 'hex', digits: 16 }],
      hex: true,
    }),
    u64('targetId', 64, { label: 'Target ID', valid: 8, json: 'targetID', hex: true }),
  ],
});

export const PCI_BUS_SECTION = structSection({
  guid: 'c5753963-3b84-4095-bf78-eddad3f9c9dd',
  name: 'PCI/PCI-X Bus',
  libcperName: 'PCI/PCI-X Bus',
  jsonKey: 'PciBus',
  spec: PCI_BUS,
  message: () => 'A PCI/PCI-X Bus Error occurred',
});

const PCI_COMPONENT = struct({
  key: 'pciComponent',
  label: 'PCI/PCI-X component error',
  size: 40,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, {
      label: 'Validation bits',
      flags: flagNames(['errorStatusValid', 'idInfoValid', 'memoryNumberValid', 'ioNumberValid', 'registerDataPairsValid']),
    }),
    errorStatusField(8, 0),
    u16('vendorId', 16, { label: 'Vendor ID', valid: 1, json: 'idInfo.vendorID', hex: true }),
    u16('deviceId', 18, { label: 'Device ID', valid: 1, json: 'idInfo.deviceID', hex: true }),
    u32('classFunction', 20, {
      label: 'Class code, function',
      valid: 1,
      hex: true,
      bits: [
        { key: 'classCode', lo: 0, width: 24, json: 'idInfo.classCode' },
        { key: 'functionNumber', lo: 24, width: 8, json: 'idInfo.functionNumber' },
      ],
    }),
    u8('deviceNumber', 24, { label: 'Device number', valid: 1, json: 'idInfo.deviceNumber' }),
    u8('busNumber', 25, { label: 'Bus number', valid: 1, json: 'idInfo.busNumber' }),
    u8('segmentNumber', 26, { label: 'Segment number', valid: 1, json: 'idInfo.segmentNumber' }),
    bytes('reserved', 27, 5, { label: 'Reserved' }),
    u32('memoryNumber', 32, { label: 'Memory register count', valid: 2, json: 'memoryNumber' }),
    u32('ioNumber', 36, { label: 'I/O register count', valid: 3, json: 'ioNumber' }),
  ],
});

export const REGISTER_PAIR = struct({
  key: 'registerPair',
  label: 'Register pair',
  size: 16,
  fields: [
    u64('address', 0, { label: 'Address', json: 'firstHalf', hex: true }),
    u64('value', 8, { label: 'Value', json: 'secondHalf', hex: true }),
  ],
});

const K_PAIRS = keyBytes('registerDataPairs');

export const PCI_COMPONENT_SECTION = structSection({
  guid: 'eb5e4685-ca66-4769-b6a2-26068b001326',
  name: 'PCI Component/Device',
  libcperName: 'PCI Component/Device',
  jsonKey: 'PciComponent',
  spec: PCI_COMPONENT,
  message: () => 'A PCI/PCI-X Device Error occurred',
  extend({ r, at, length, node, v, diagnostics }) {
    const n = (v.memoryNumber ?? 0) + (v.ioNumber ?? 0);
    const fit = Math.max(0, Math.floor((length - 40) / 16));
    const count = Math.min(n, fit);
    if (n > fit)
      diagnostics.push(expert('pcidev.pairs', `${n} register pairs declared; only ${fit} fit in ${length} bytes`, r.abs(at + 32), 8));
    for (let i = 0; i < count; i++)
      node.children!.push(element(r, at + 40 + i * 16, REGISTER_PAIR, at + length, `registerPair${i}`, `Register pair ${i}`).node);
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
