/** CXL Component Event sections (UEFI 2.10 N.2.14; Linux cxl_cper_event_rec; libcper). */
import type { SectionDecoder } from '../cper/section';
import type { FieldNode } from '../decode/node';
import type { BitSpec, FieldSpec, StructSpec } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { keyBytes } from '../decode/json-text';
import { planNum, planValid } from '../decode/json-plan';
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

/**
 * The event log (from section offset 32) is the CXL Common Event Record without its 16-byte
 * UUID (the section type says which event it is): a 32-byte record header (CXL 3.0 §8.2.9.2.1
 * Table 8-42; Linux `struct cxl_event_record_hdr`) and 80 bytes of event data. Offsets below are
 * relative to the event log. libcper writes the log as base64 only; the tree decodes it.
 */
const EVENT_FLAGS: BitSpec[] = [
  { key: 'permanentCondition', lo: 2 }, { key: 'maintenanceNeeded', lo: 3 }, { key: 'performanceDegraded', lo: 4 },
  { key: 'hardwareReplacementNeeded', lo: 5 }, { key: 'maintOpSubClassValid', lo: 6 }, { key: 'ldIdValid', lo: 7 }, { key: 'headIdValid', lo: 8 },
];

function eventHeader(): FieldSpec[] {
  return [
    f('recordLength', 'Event record length', 0, 'u8'),
    f('recordFlags', 'Event record flags (bits 15:0)', 1, 'u16', undefined, undefined, { hex: true, bits: EVENT_FLAGS }),
    f('recordFlagsHigh', 'Event record flags (bits 23:16)', 3, 'u8', undefined, undefined, { hex: true }),
    f('handle', 'Event record handle', 4, 'u16', undefined, undefined, { hex: true }),
    f('relatedHandle', 'Related event record handle', 6, 'u16', undefined, undefined, { hex: true }),
    f('timestamp', 'Event record timestamp (ns)', 8, 'u64'),
    f('maintOpClass', 'Maintenance operation class', 16, 'u8'),
    f('maintOpSubClass', 'Maintenance operation subclass', 17, 'u8'),
    f('ldId', 'LD ID', 18, 'u16', undefined, undefined, { hex: true }),
    f('headId', 'Head ID', 20, 'u8'),
    f('headerReserved', 'Reserved', 21, 'bytes', undefined, undefined, { size: 11 }),
  ];
}

export const CXL_MEDIA_DESCRIPTOR: Readonly<Record<number, string>> = { 0: 'uncorrectableEvent', 1: 'thresholdEvent', 2: 'poisonListOverflow' };
export const CXL_GM_EVENT_TYPES: Readonly<Record<number, string>> = { 0: 'ECC Error', 1: 'Invalid Address', 2: 'Data Path Error' };
export const CXL_DRAM_EVENT_TYPES: Readonly<Record<number, string>> = { 0: 'Media ECC Error', 1: 'Scrub Media ECC Error', 2: 'Invalid Address', 3: 'Data Path Error' };
export const CXL_TRANSACTION_TYPES: Readonly<Record<number, string>> = {
  0: 'Unknown', 1: 'Host Read', 2: 'Host Write', 3: 'Host Scan Media', 4: 'Host Inject Poison', 5: 'Internal Media Scrub', 6: 'Internal Media Management',
};
export const CXL_MODULE_EVENT_TYPES: Readonly<Record<number, string>> = {
  0: 'Health Status Change', 1: 'Media Status Change', 2: 'Life Used Change', 3: 'Temperature Change', 4: 'Data Path Error', 5: 'LSA Error',
};

/** General Media and DRAM events share their first 15 data bytes (Linux `cxl_event_media_hdr`). */
function mediaHeader(types: Readonly<Record<number, string>>, validity: Readonly<Record<number, string>>): FieldSpec[] {
  return [
    f('physicalAddress', 'Physical address (DPA, bits 63:6; flags 2:0)', 32, 'u64', undefined, undefined, {
      hex: true, bits: [{ key: 'volatile', lo: 0 }, { key: 'notRepairable', lo: 1 }, { key: 'dpa', lo: 6, width: 58 }],
    }),
    f('descriptor', 'Memory event descriptor', 40, 'u8', undefined, undefined, { flags: CXL_MEDIA_DESCRIPTOR }),
    f('eventType', 'Memory event type', 41, 'u8', undefined, undefined, { enum: types }),
    f('transactionType', 'Transaction type', 42, 'u8', undefined, undefined, { enum: CXL_TRANSACTION_TYPES }),
    f('validityFlags', 'Validity flags', 43, 'u16', undefined, undefined, { flags: validity }),
    f('channel', 'Channel', 45, 'u8', 0),
    f('rank', 'Rank', 46, 'u8', 1),
  ];
}

export const CXL_GENERAL_MEDIA_EVENT: StructSpec = {
  key: 'eventLog', label: 'CXL General Media event record', size: 112, validation: 'validityFlags',
  fields: [
    ...eventHeader(),
    ...mediaHeader(CXL_GM_EVENT_TYPES, { 0: 'channelValid', 1: 'rankValid', 2: 'deviceValid', 3: 'componentIdValid' }),
    f('device', 'Device', 47, 'bytes', 2, undefined, { size: 3 }),
    f('componentId', 'Component ID', 50, 'bytes', 3, undefined, { size: 16 }),
    f('reserved', 'Reserved', 66, 'bytes', undefined, undefined, { size: 46 }),
  ],
};

export const CXL_DRAM_EVENT: StructSpec = {
  key: 'eventLog', label: 'CXL DRAM event record', size: 112, validation: 'validityFlags',
  fields: [
    ...eventHeader(),
    ...mediaHeader(CXL_DRAM_EVENT_TYPES, { 0: 'channelValid', 1: 'rankValid', 2: 'nibbleMaskValid', 3: 'bankGroupValid', 4: 'bankValid', 5: 'rowValid', 6: 'columnValid', 7: 'correctionMaskValid' }),
    f('nibbleMask', 'Nibble mask', 47, 'bytes', 2, undefined, { size: 3 }),
    f('bankGroup', 'Bank group', 50, 'u8', 3),
    f('bank', 'Bank', 51, 'u8', 4),
    f('row', 'Row', 52, 'bytes', 5, undefined, { size: 3 }),
    f('column', 'Column', 55, 'u16', 6),
    f('correctionMask', 'Correction mask', 57, 'bytes', 7, undefined, { size: 32 }),
    f('reserved', 'Reserved', 89, 'bytes', undefined, undefined, { size: 23 }),
  ],
};

export const CXL_MEMORY_MODULE_EVENT: StructSpec = {
  key: 'eventLog', label: 'CXL Memory Module event record', size: 112,
  fields: [
    ...eventHeader(),
    f('eventType', 'Device event type', 32, 'u8', undefined, undefined, { enum: CXL_MODULE_EVENT_TYPES }),
    f('healthStatus', 'Health status', 33, 'u8', undefined, undefined, { flags: { 0: 'maintenanceNeeded', 1: 'performanceDegraded', 2: 'hardwareReplacementNeeded' } }),
    f('mediaStatus', 'Media status', 34, 'u8'),
    f('additionalStatus', 'Additional status', 35, 'u8', undefined, undefined, { hex: true }),
    f('lifeUsed', 'Life used (%)', 36, 'u8'),
    f('deviceTemperature', 'Device temperature (°C, signed)', 37, 'u16'),
    f('dirtyShutdownCount', 'Dirty shutdown count', 39, 'u32'),
    f('correctedVolatileErrorCount', 'Corrected volatile error count', 43, 'u32'),
    f('correctedPersistentErrorCount', 'Corrected persistent error count', 47, 'u32'),
    f('reserved', 'Reserved', 51, 'bytes', undefined, undefined, { size: 61 }),
  ],
};

/** Switch and MLD port events: the record header is declared; their 80 data bytes are shown raw. */
export const CXL_OTHER_EVENT: StructSpec = {
  key: 'eventLog', label: 'CXL event record', size: 112,
  fields: [...eventHeader(), f('eventData', 'Event data (layout not declared)', 32, 'bytes', undefined, undefined, { size: 80 })],
};

const EVENT_SPECS: Readonly<Record<string, StructSpec>> = {
  'fbcd0a77-c260-417f-85a9-088b1621eba6': CXL_GENERAL_MEDIA_EVENT,
  '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624': CXL_DRAM_EVENT,
  'fe927475-dd59-4339-a586-79bab113b774': CXL_MEMORY_MODULE_EVENT,
};

/** Linux cper_cxl.c names the three memory device events (and prints no fields for them). */
const LINUX_EVENT_NAMES: Readonly<Record<string, string>> = {
  'fbcd0a77-c260-417f-85a9-088b1621eba6': 'CXL General Media Event',
  '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624': 'CXL DRAM Event',
  'fe927475-dd59-4339-a586-79bab113b774': 'CXL Memory Module Event',
};

const K_LOG = keyBytes('cxlComponentEventLog');
const K_DATA = keyBytes('data');

export const CXL_COMPONENTS: SectionDecoder[] = CXL_COMPONENT_TYPES.map(([guid, name]) =>
  structSection({
    guid, name, jsonKey: 'CxlComponent', spec: CXL_COMPONENT_SPEC,
    message: () => 'A CXL Component Error occurred',
    linux: LINUX_EVENT_NAMES[guid] ? { name: LINUX_EVENT_NAMES[guid] } : undefined,
    extend({ r, at, length, node, v, values, diagnostics }) {
      const declared = (v.length as number | undefined) ?? length;
      if (declared > length) diagnostics.push({ level: 'warning', code: 'cxl.component-length', message: `declared length ${declared} exceeds the section's ${length} bytes`, offset: r.abs(at), length: 4 });
      const n = Math.max(0, Math.min(declared, length) - 32);
      const valid = typeof v.validationBits === 'bigint' && (v.validationBits & 4n) !== 0n;
      const ev = decodeStruct(r, at + 32, EVENT_SPECS[guid] ?? CXL_OTHER_EVENT, at + 32 + n);
      values.items = [ev.v];
      const log: FieldNode = { ...ev.node, label: `CXL component event log (${n} bytes)`, length: n, validity: valid ? 'valid' : 'invalid' };
      if (!r.lean) {
        // Bytes present but too few for the next field (a short log), and bytes past the record, stay visible.
        const kids = log.children!;
        const covered = kids.reduce((e, c) => (c.validity === 'absent' ? e : Math.max(e, c.offset + c.length)), r.abs(at + 32));
        const logEnd = r.abs(at + 32 + n);
        if (covered < logEnd) kids.push({ key: 'partialField', label: 'Bytes of a field cut short', offset: covered, length: logEnd - covered, type: 'bytes', text: `${logEnd - covered} bytes`, validity: 'valid' });
        if (n > 112) kids.push({ key: 'extra', label: 'Bytes past the event record', offset: r.abs(at + 144), length: n - 112, type: 'bytes', text: `${n - 112} bytes`, validity: 'valid' });
      }
      node.children!.push(log);
      const tail = length - 32 - n;
      if (tail > 0) node.children!.push({ key: 'trailing', label: 'Bytes past the declared length', offset: r.abs(at + 32 + n), length: tail, type: 'bytes', text: `${tail} bytes`, validity: 'valid' });
    },
    json(w, { b, at, length, p }) {
      const n = Math.max(0, Math.min(planNum(p, 'length') ?? length, length) - 32);
      // libcper writes the log only when it has bytes.
      if (planValid(p, 2) && n > 0) {
        w.key(K_LOG);
        w.open();
        w.key(K_DATA);
        w.b64(b, at + 32, n);
        w.close();
      }
    },
  }),
);
