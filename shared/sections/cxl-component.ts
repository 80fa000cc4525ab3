/** CXL Component Event sections (UEFI 2.10 N.2.14; Linux cxl_cper_event_rec; libcper). */
import type { SectionDecoder } from '../cper/section';
import { bytesNode } from './arrays';
import type { FieldNode } from '../decode/node';
import type { BitSpec, FieldSpec, StructSpec } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { keyBytes } from '../decode/json-text';
import { planNum, planValid } from '../decode/json-plan';

import { flagNames, structSection } from './define';
import { bytes, struct, u16, u32, u64, u8 } from '../decode/fields';
import { expert } from '../decode/expert';

const CXL_COMPONENT_SPEC = struct({
  key: 'cxlComponent',
  label: 'CXL component event',
  size: 32,
  validation: 'validationBits',
  fields: [
    u32('length', 0, { label: 'Length', json: 'length' }),
    u64('validationBits', 4, {
      label: 'Validation bits',
      flags: flagNames(['deviceIDValid', 'deviceSerialValid', 'cxlComponentEventLogValid']),
    }),
    u16('vendorId', 12, { label: 'Vendor ID', valid: 0, json: 'deviceID.vendorID', hex: true }),
    u16('deviceId', 14, { label: 'Device ID', valid: 0, json: 'deviceID.deviceID', hex: true }),
    u8('functionNumber', 16, { label: 'Function', valid: 0, json: 'deviceID.functionNumber' }),
    u8('deviceNumber', 17, { label: 'Device', valid: 0, json: 'deviceID.deviceNumber' }),
    u8('busNumber', 18, { label: 'Bus', valid: 0, json: 'deviceID.busNumber' }),
    u16('segmentNumber', 19, { label: 'Segment', valid: 0, json: 'deviceID.segmentNumber' }),
    u16('slot', 21, { label: 'Slot', valid: 0, bits: [{ key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' }] }),
    u8('reserved', 23, { label: 'Reserved' }),
    u64('serial', 24, { label: 'Device serial number', valid: 1, json: 'deviceSerial', hex: true }),
  ],
});

/** GUID, name (ours and libcper's), and Linux cper_cxl.c's name for the three memory device events it names (it prints no fields for them). */
const CXL_COMPONENT_TYPES: readonly [string, string, string?][] = [
  ['fbcd0a77-c260-417f-85a9-088b1621eba6', 'CXL General Media Component Error', 'CXL General Media Event'],
  ['601dcbb3-9c06-4eab-b8af-4e9bfb5c9624', 'CXL DRAM Component Error', 'CXL DRAM Event'],
  ['fe927475-dd59-4339-a586-79bab113b774', 'CXL Memory Module Component Error', 'CXL Memory Module Event'],
  ['77cf9271-9c02-470b-9fe4-bc7b75f2da97', 'CXL Physical Switch Component Error'],
  ['40d26425-3396-4c4d-a5da-3d47263af425', 'CXL Virtual Switch Component Error'],
  ['8dc44363-0c96-4710-b7bf-04bb99534c3f', 'CXL MLD Port Component Error'],
];

/**
 * The event log (from section offset 32) is the CXL Common Event Record without its 16-byte
 * UUID (the section type says which event it is): a 32-byte record header (CXL 3.0 §8.2.9.2.1
 * Table 8-42; Linux `struct cxl_event_record_hdr`) and 80 bytes of event data. Offsets below are
 * relative to the event log. libcper writes the log as base64 only; the tree decodes it.
 */
const EVENT_FLAGS: BitSpec[] = [
  { key: 'permanentCondition', lo: 2 },
  { key: 'maintenanceNeeded', lo: 3 },
  { key: 'performanceDegraded', lo: 4 },
  { key: 'hardwareReplacementNeeded', lo: 5 },
  { key: 'maintOpSubClassValid', lo: 6 },
  { key: 'ldIdValid', lo: 7 },
  { key: 'headIdValid', lo: 8 },
];

function eventHeader(): FieldSpec[] {
  return [
    u8('recordLength', 0, { label: 'Event record length' }),
    u16('recordFlags', 1, { label: 'Event record flags (bits 15:0)', hex: true, bits: EVENT_FLAGS }),
    u8('recordFlagsHigh', 3, { label: 'Event record flags (bits 23:16)', hex: true }),
    u16('handle', 4, { label: 'Event record handle', hex: true }),
    u16('relatedHandle', 6, { label: 'Related event record handle', hex: true }),
    u64('timestamp', 8, { label: 'Event record timestamp (ns)' }),
    u8('maintOpClass', 16, { label: 'Maintenance operation class' }),
    u8('maintOpSubClass', 17, { label: 'Maintenance operation subclass' }),
    u16('ldId', 18, { label: 'LD ID', hex: true }),
    u8('headId', 20, { label: 'Head ID' }),
    bytes('headerReserved', 21, 11, { label: 'Reserved' }),
  ];
}

const CXL_MEDIA_DESCRIPTOR: Readonly<Record<number, string>> = { 0: 'uncorrectableEvent', 1: 'thresholdEvent', 2: 'poisonListOverflow' };
const CXL_GM_EVENT_TYPES: Readonly<Record<number, string>> = { 0: 'ECC Error', 1: 'Invalid Address', 2: 'Data Path Error' };
const CXL_DRAM_EVENT_TYPES: Readonly<Record<number, string>> = {
  0: 'Media ECC Error',
  1: 'Scrub Media ECC Error',
  2: 'Invalid Address',
  3: 'Data Path Error',
};
const CXL_TRANSACTION_TYPES: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Host Read',
  2: 'Host Write',
  3: 'Host Scan Media',
  4: 'Host Inject Poison',
  5: 'Internal Media Scrub',
  6: 'Internal Media Management',
};
const CXL_MODULE_EVENT_TYPES: Readonly<Record<number, string>> = {
  0: 'Health Status Change',
  1: 'Media Status Change',
  2: 'Life Used Change',
  3: 'Temperature Change',
  4: 'Data Path Error',
  5: 'LSA Error',
};

/** General Media and DRAM events share their first 15 data bytes (Linux `cxl_event_media_hdr`). */
function mediaHeader(types: Readonly<Record<number, string>>, validity: Readonly<Record<number, string>>): FieldSpec[] {
  return [
    u64('physicalAddress', 32, {
      label: 'Physical address (DPA, bits 63:6; flags 2:0)',
      hex: true,
      bits: [
        { key: 'volatile', lo: 0 },
        { key: 'notRepairable', lo: 1 },
        { key: 'dpa', lo: 6, width: 58 },
      ],
    }),
    u8('descriptor', 40, { label: 'Memory event descriptor', flags: CXL_MEDIA_DESCRIPTOR }),
    u8('eventType', 41, { label: 'Memory event type', enum: types }),
    u8('transactionType', 42, { label: 'Transaction type', enum: CXL_TRANSACTION_TYPES }),
    u16('validityFlags', 43, { label: 'Validity flags', flags: validity }),
    u8('channel', 45, { label: 'Channel', valid: 0 }),
    u8('rank', 46, { label: 'Rank', valid: 1 }),
  ];
}

const CXL_GENERAL_MEDIA_EVENT = struct({
  key: 'eventLog',
  label: 'CXL General Media event record',
  size: 112,
  validation: 'validityFlags',
  fields: [
    ...eventHeader(),
    ...mediaHeader(CXL_GM_EVENT_TYPES, { 0: 'channelValid', 1: 'rankValid', 2: 'deviceValid', 3: 'componentIdValid' }),
    bytes('device', 47, 3, { label: 'Device', valid: 2 }),
    bytes('componentId', 50, 16, { label: 'Component ID', valid: 3 }),
    bytes('reserved', 66, 46, { label: 'Reserved' }),
  ],
});

const CXL_DRAM_EVENT = struct({
  key: 'eventLog',
  label: 'CXL DRAM event record',
  size: 112,
  validation: 'validityFlags',
  fields: [
    ...eventHeader(),
    ...mediaHeader(CXL_DRAM_EVENT_TYPES, {
      0: 'channelValid',
      1: 'rankValid',
      2: 'nibbleMaskValid',
      3: 'bankGroupValid',
      4: 'bankValid',
      5: 'rowValid',
      6: 'columnValid',
      7: 'correctionMaskValid',
    }),
    bytes('nibbleMask', 47, 3, { label: 'Nibble mask', valid: 2 }),
    u8('bankGroup', 50, { label: 'Bank group', valid: 3 }),
    u8('bank', 51, { label: 'Bank', valid: 4 }),
    bytes('row', 52, 3, { label: 'Row', valid: 5 }),
    u16('column', 55, { label: 'Column', valid: 6 }),
    bytes('correctionMask', 57, 32, { label: 'Correction mask', valid: 7 }),
    bytes('reserved', 89, 23, { label: 'Reserved' }),
  ],
});

const CXL_MEMORY_MODULE_EVENT = struct({
  key: 'eventLog',
  label: 'CXL Memory Module event record',
  size: 112,
  fields: [
    ...eventHeader(),
    u8('eventType', 32, { label: 'Device event type', enum: CXL_MODULE_EVENT_TYPES }),
    u8('healthStatus', 33, {
      label: 'Health status',
      flags: { 0: 'maintenanceNeeded', 1: 'performanceDegraded', 2: 'hardwareReplacementNeeded' },
    }),
    u8('mediaStatus', 34, { label: 'Media status' }),
    u8('additionalStatus', 35, { label: 'Additional status', hex: true }),
    u8('lifeUsed', 36, { label: 'Life used (%)' }),
    u16('deviceTemperature', 37, { label: 'Device temperature (°C, signed)' }),
    u32('dirtyShutdownCount', 39, { label: 'Dirty shutdown count' }),
    u32('correctedVolatileErrorCount', 43, { label: 'Corrected volatile error count' }),
    u32('correctedPersistentErrorCount', 47, { label: 'Corrected persistent error count' }),
    bytes('reserved', 51, 61, { label: 'Reserved' }),
  ],
});

/** Switch and MLD port events: the record header is declared; their 80 data bytes are shown raw. */
const CXL_OTHER_EVENT = struct({
  key: 'eventLog',
  label: 'CXL event record',
  size: 112,
  fields: [...eventHeader(), bytes('eventData', 32, 80, { label: 'Event data (layout not declared)' })],
});

const EVENT_SPECS: Readonly<Record<string, StructSpec>> = {
  'fbcd0a77-c260-417f-85a9-088b1621eba6': CXL_GENERAL_MEDIA_EVENT,
  '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624': CXL_DRAM_EVENT,
  'fe927475-dd59-4339-a586-79bab113b774': CXL_MEMORY_MODULE_EVENT,
};

const K_LOG = keyBytes('cxlComponentEventLog');
const K_DATA = keyBytes('data');

export const CXL_COMPONENTS: SectionDecoder[] = CXL_COMPONENT_TYPES.map(([guid, name, linuxName]) =>
  structSection({
    guid,
    name,
    libcperName: name,
    jsonKey: 'CxlComponent',
    spec: CXL_COMPONENT_SPEC,
    message: () => 'A CXL Component Error occurred',
    linux: linuxName ? { name: linuxName } : undefined,
    extend({ r, at, length, node, v, values, diagnostics }) {
      const declared = v.length ?? length;
      if (declared > length)
        diagnostics.push(expert('cxl.component-length', `declared length ${declared} exceeds the section's ${length} bytes`, r.abs(at), 4));
      const n = Math.max(0, Math.min(declared, length) - 32);
      const valid = typeof v.validationBits === 'bigint' && (v.validationBits & 4n) !== 0n;
      const ev = decodeStruct(r, at + 32, EVENT_SPECS[guid] ?? CXL_OTHER_EVENT, at + 32 + n);
      values.items = [ev.v];
      const log: FieldNode = {
        ...ev.node,
        label: `CXL component event log (${n} bytes)`,
        length: n,
        validity: valid ? 'valid' : 'invalid',
      };
      if (!r.lean) {
        // Bytes present but too few for the next field (a short log), and bytes past the record, stay visible.
        const kids = log.children!;
        const covered = kids.reduce((e, c) => (c.validity === 'absent' ? e : Math.max(e, c.offset + c.length)), r.abs(at + 32));
        const logEnd = r.abs(at + 32 + n);
        if (covered < logEnd)
          kids.push(bytesNode('partialField', 'Bytes of a field cut short', r, covered - r.base, logEnd - covered, 'valid'));
        if (n > 112) kids.push(bytesNode('extra', 'Bytes past the event record', r, at + 144, n - 112, 'valid'));
      }
      node.children!.push(log);
      const tail = length - 32 - n;
      if (tail > 0) node.children!.push(bytesNode('trailing', 'Bytes past the declared length', r, at + 32 + n, tail, 'valid'));
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
