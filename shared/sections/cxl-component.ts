/** CXL Component Event sections (UEFI 2.10 N.2.14; Linux cxl_cper_event_rec; libcper). */
import type { SectionDecoder } from '../cper/section';
import type { StructSpec } from '../decode/spec';
import { keyBytes } from '../export/cper-json/text';
import { planNum, planValid } from '../export/cper-json/walk';
import { f } from './common';
import { flagNames, structSection } from './define';

export const CXL_COMPONENT_SPEC: StructSpec = {
  key: 'cxlComponent', label: 'CXL component event', size: 32, validation: 'validationBits',
  fields: [
    f('length', 'Length', 0, 'u32', undefined, 'length'),
    f('validationBits', 'Validation bits', 4, 'u64', undefined, undefined, { flags: flagNames(['deviceIDValid', 'deviceSerialValid', 'cxlComponentEventLogValid']) }),
    f('vendorId', 'Vendor ID', 12, 'u16', 0, 'deviceID.vendorID', { hex: true }),
    f('deviceId', 'Device ID', 14, 'u16', 0, 'deviceID.deviceID', { hex: true }),
    f('functionNumber', 'Function', 16, 'u8', 0, 'deviceID.functionNumber'),
    f('deviceNumber', 'Device', 17, 'u8', 0, 'deviceID.deviceNumber'),
    f('busNumber', 'Bus', 18, 'u8', 0, 'deviceID.busNumber'),
    f('segmentNumber', 'Segment', 19, 'u16', 0, 'deviceID.segmentNumber'),
    f('slot', 'Slot', 21, 'u16', 0, undefined, { bits: [{ key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' }] }),
    f('reserved', 'Reserved', 23, 'u8'),
    f('serial', 'Device serial number', 24, 'u64', 1, 'deviceSerial', { hex: true }),
  ],
};

export const CXL_COMPONENT_TYPES: readonly [string, string, string][] = [
  ['fbcd0a77-c260-417f-85a9-088b1621eba6', 'CXL General Media Component Error', 'CXL General Media Event'],
  ['601dcbb3-9c06-4eab-b8af-4e9bfb5c9624', 'CXL DRAM Component Error', 'CXL DRAM Event'],
  ['fe927475-dd59-4339-a586-79bab113b774', 'CXL Memory Module Component Error', 'CXL Memory Module Event'],
  ['77cf9271-9c02-470b-9fe4-bc7b75f2da97', 'CXL Physical Switch Component Error', 'CXL Physical Switch Event'],
  ['40d26425-3396-4c4d-a5da-3d47263af425', 'CXL Virtual Switch Component Error', 'CXL Virtual Switch Event'],
  ['8dc44363-0c96-4710-b7bf-04bb99534c3f', 'CXL MLD Port Component Error', 'CXL MLD Port Event'],
];

const K_LOG = keyBytes('cxlComponentEventLog');
const K_DATA = keyBytes('data');

export const CXL_COMPONENTS: SectionDecoder[] = CXL_COMPONENT_TYPES.map(([guid, name]) =>
  structSection({
    guid, name, jsonKey: 'CxlComponent', spec: CXL_COMPONENT_SPEC,
    message: () => 'A CXL Component Error occurred',
    extend({ r, at, length, node, v, diagnostics }) {
      const declared = (v.length as number | undefined) ?? length;
      if (declared > length) diagnostics.push({ level: 'warning', code: 'cxl.component-length', message: `declared length ${declared} exceeds the section's ${length} bytes`, offset: r.abs(at), length: 4 });
      const n = Math.max(0, Math.min(declared, length) - 32);
      const valid = typeof v.validationBits === 'bigint' && (v.validationBits & 4n) !== 0n;
      node.children!.push({ key: 'eventLog', label: 'CXL component event log', offset: r.abs(at + 32), length: n, type: 'bytes', text: `${n} bytes`, validity: valid ? 'valid' : 'invalid' });
    },
    json(w, { b, at, length, p }) {
      const n = Math.max(0, Math.min(planNum(p, 'length') ?? length, length) - 32);
      if (planValid(p, 2)) {
        w.key(K_LOG);
        w.open();
        w.key(K_DATA);
        w.b64(b, at + 32, n);
        w.close();
      }
    },
  }),
);
