/**
 * NVIDIA event section (GUID 9068e568-6ca0-11f0-aeaf-159343591eac), the second NVIDIA format.
 * Layout and CPER-JSON after libcper 7c410e29 (the corpus commit) `sections/cper-section-nvidia-events.c`
 * and `include/libcper/sections/cper-section-nvidia-events.h` (all structures packed):
 *
 *   +0  event header (32)   version, context count, source device, type, subtype, link id, signature
 *   +32 info header (3)     InfoVersion (major = high byte), InfoSize (header + device info)
 *   +35 device info         CPU (29 bytes, info major 0) or GPU (13 bytes, info major 1)
 *   +32+InfoSize            contexts: a 16-byte header (CtxSize, version, format type/version,
 *                           DataSize) and DataSize bytes of data; the next one CtxSize later
 *
 * Context data: TYPE_1..4 arrays of key/value or value entries, GPU init metadata (0x8000),
 * legacy XID (0x8001) and recommended actions (0x8002) for GPU sources, else opaque bytes.
 */
import { HEX_BYTES } from '../bytes/hex';
import type { ByteReader } from '../bytes/reader';
import type { FieldNode } from '../decode/node';
import type { StructSpec } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { u16le, u32le } from '../bytes/le';
import { strBytes, type JsonText } from '../decode/json-text';
import { arrayNode, bytesNode, element, tile } from './arrays';

import { jsonKeys } from './common';
import { structSection } from './define';
import { ascii, bytes, struct, u16, u32, u64, u8 } from '../decode/fields';

/** libcper's NVIDIA event source devices (`NVIDIA_EVENT_SRC_DEV`). */
const NVIDIA_EVENT_SOURCES: Readonly<Record<number, string>> = { 0: 'CPU', 1: 'GPU', 2: 'DPU', 3: 'NIC', 4: 'SWX', 5: 'BMC' };
const ORIGINATORS: Readonly<Record<number, string>> = {
  0: 'Invalid',
  1: 'Reserved1',
  2: 'PF_GSP_FW',
  3: 'VF_GSP_FW',
  4: 'PF_DRIVER',
  5: 'VF_DRIVER',
};
const GPU_ARCHITECTURES: Readonly<Record<number, string>> = {
  0x16: 'Turing',
  0x17: 'Ampere',
  0x18: 'Hopper',
  0x19: 'Ada',
  0x1a: 'Blackwell',
  0x1b: 'Blackwell2',
  0x1c: 'Rubin',
};
const DATA_FORMATS: Readonly<Record<number, string>> = {
  0: 'Opaque',
  1: 'Type 1 (64-bit key/value)',
  2: 'Type 2 (32-bit key/value)',
  3: 'Type 3 (64-bit values)',
  4: 'Type 4 (32-bit values)',
  0x8000: 'GPU init metadata',
  0x8001: 'GPU legacy XID',
  0x8002: 'GPU recommended actions',
};

const NVIDIA_EVENT_SPEC = struct({
  key: 'nvidiaEvent',
  label: 'NVIDIA event',
  size: 35,
  fields: [
    u8('eventVersion', 0, { label: 'Event version' }),
    u8('eventContextCount', 1, { label: 'Event context count' }),
    u8('sourceDeviceType', 2, { label: 'Source device type', enum: NVIDIA_EVENT_SOURCES }),
    u8('reserved', 3, { label: 'Reserved' }),
    u16('eventType', 4, { label: 'Event type', hex: true }),
    u16('eventSubtype', 6, { label: 'Event subtype', hex: true }),
    u64('eventLinkId', 8, { label: 'Event link ID', hex: true }),
    ascii('signature', 16, 16, { label: 'Signature' }),
    u16('infoVersion', 32, { label: 'Event info version (major.minor)', hex: true }),
    u8('infoSize', 34, { label: 'Event info size (header + data)' }),
  ],
});

const CPU_INFO = struct({
  key: 'cpu',
  label: 'CPU event info',
  size: 29,
  fields: [
    u8('socketNum', 0, { label: 'Socket' }),
    u32('architecture', 1, {
      label: 'Architecture',
      hex: true,
      bits: [
        { key: 'hidFam', label: 'HID family', lo: 0, width: 4 },
        { key: 'majorRev', label: 'Major revision', lo: 4, width: 4 },
        { key: 'chipId', label: 'Chip ID', lo: 8, width: 8 },
        { key: 'minorRev', label: 'Minor revision', lo: 16, width: 4 },
        { key: 'preSiPlatform', label: 'Pre-silicon platform (0 = silicon)', lo: 20, width: 5 },
        { key: 'errorInjection', label: 'Error injection', lo: 31 },
      ],
    }),
    u32('ecid1', 5, { label: 'ECID 1', hex: true }),
    u32('ecid2', 9, { label: 'ECID 2', hex: true }),
    u32('ecid3', 13, { label: 'ECID 3', hex: true }),
    u32('ecid4', 17, { label: 'ECID 4', hex: true }),
    u64('instanceBase', 21, { label: 'Instance base', hex: true }),
  ],
});

const GPU_INFO = struct({
  key: 'gpu',
  label: 'GPU event info',
  size: 13,
  fields: [
    u8('eventOriginator', 0, { label: 'Event originator', enum: ORIGINATORS }),
    u16('sourcePartition', 1, { label: 'Source partition' }),
    u16('sourceSubPartition', 3, { label: 'Source sub-partition' }),
    u64('pdi', 5, { label: 'PDI', hex: true }),
  ],
});

const CTX_HEADER = struct({
  key: 'context',
  label: 'Event context',
  size: 16,
  fields: [
    u32('ctxSize', 0, { label: 'Context size' }),
    u16('ctxVersion', 4, { label: 'Context version' }),
    u16('reserved', 6, { label: 'Reserved' }),
    u16('dataFormatType', 8, { label: 'Data format type', enum: DATA_FORMATS }),
    u16('dataFormatVersion', 10, { label: 'Data format version' }),
    u32('dataSize', 12, { label: 'Data size' }),
  ],
});

const KV64 = struct({
  key: 'kv',
  label: 'Key/value',
  size: 16,
  fields: [u64('key', 0, { label: 'Key', hex: true }), u64('value', 8, { label: 'Value', hex: true })],
});
const KV32 = struct({
  key: 'kv',
  label: 'Key/value',
  size: 8,
  fields: [u32('key', 0, { label: 'Key', hex: true }), u32('value', 4, { label: 'Value', hex: true })],
});
const V64 = struct({ key: 'v', label: 'Value', size: 8, fields: [u64('value', 0, { label: 'Value', hex: true })] });
const V32 = struct({ key: 'v', label: 'Value', size: 4, fields: [u32('value', 0, { label: 'Value', hex: true })] });
const ARRAYS: Readonly<Record<number, StructSpec>> = { 1: KV64, 2: KV32, 3: V64, 4: V32 };

const GPU_INIT = struct({
  key: 'gpuInitMetadata',
  label: 'GPU init metadata',
  size: 192,
  fields: [
    ascii('deviceName', 0, 48, { label: 'Device name' }),
    ascii('firmwareVersion', 48, 16, { label: 'Firmware version' }),
    ascii('pfDriverMicrocodeVersion', 64, 16, { label: 'PF driver microcode version' }),
    ascii('pfDriverVersion', 80, 16, { label: 'PF driver version' }),
    ascii('vfDriverVersion', 96, 16, { label: 'VF driver version' }),
    u64('configuration', 112, { label: 'Configuration', hex: true }),
    u64('pdi', 120, { label: 'PDI', hex: true }),
    u32('architectureId', 128, {
      label: 'Architecture ID',
      hex: true,
      bits: [{ key: 'architecture', label: 'Architecture', lo: 24, width: 6, enum: GPU_ARCHITECTURES }],
    }),
    u8('hardwareInfoType', 132, { label: 'Hardware info type (0 = PCI)' }),
    u8('pciClass', 133, { label: 'PCI class', hex: true }),
    u8('pciSubclass', 134, { label: 'PCI subclass', hex: true }),
    u8('pciRev', 135, { label: 'PCI revision', hex: true }),
    u16('vendorId', 136, { label: 'Vendor ID', hex: true }),
    u16('deviceId', 138, { label: 'Device ID', hex: true }),
    u16('subsystemVendorId', 140, { label: 'Subsystem vendor ID', hex: true }),
    u16('subsystemId', 142, { label: 'Subsystem ID', hex: true }),
    u64('bar0Start', 144, { label: 'BAR0 start', hex: true }),
    u64('bar0Size', 152, { label: 'BAR0 size', hex: true }),
    u64('bar1Start', 160, { label: 'BAR1 start', hex: true }),
    u64('bar1Size', 168, { label: 'BAR1 size', hex: true }),
    u64('bar2Start', 176, { label: 'BAR2 start', hex: true }),
    u64('bar2Size', 184, { label: 'BAR2 size', hex: true }),
  ],
});

const RECOMMENDED = struct({
  key: 'gpuRecommendedActions',
  label: 'GPU recommended actions',
  size: 16,
  fields: [
    u8('flags', 0, { label: 'Flags', hex: true }),
    bytes('reserved1', 1, 3, { label: 'Reserved' }),
    u16('recoveryAction', 4, { label: 'Recovery action' }),
    u16('diagnosticFlow', 6, { label: 'Diagnostic flow (0 = unspecified)' }),
    u64('reserved2', 8, { label: 'Reserved' }),
  ],
});

/** One context as libcper finds it: header at `at`, data `[at+16, at+16+dataSize)`. */
interface Ctx {
  at: number;
  size: number;
  type: number;
  dataSize: number;
}

/**
 * libcper's `get_event_context_n` walk: contexts start after the info (`32 + InfoSize`); context i
 * is found only if every header up to it fits and every earlier context's CtxSize stays in the body.
 */
function contexts(b: Uint8Array, at: number, end: number): Ctx[] {
  const out: Ctx[] = [];
  if (at + 35 > end) return out;
  let p = at + 32 + b[at + 34];
  if (p > end) return out;
  const n = b[at + 1];
  for (let i = 0; i < n; i++) {
    if (p + 16 > end) break;
    const size = u32le(b, p);
    out.push({ at: p, size, type: u16le(b, p + 8), dataSize: u32le(b, p + 12) });
    if (p + size > end) break;
    p += size;
  }
  return out;
}

function gpuVariant(type: number): string | undefined {
  return type === 0x8000 ? 'gpuInitMetadata' : type === 0x8001 ? 'gpuLegacyXid' : type === 0x8002 ? 'gpuRecommendedActions' : undefined;
}

function contextNode(r: ByteReader, c: Ctx, i: number, end: number, gpu: boolean): FieldNode {
  const ext = Math.min(end, c.at + Math.max(16, c.size));
  const h = decodeStruct(r, c.at, CTX_HEADER, ext);
  const node = h.node;
  node.key = `context${i}`;
  node.label = `Event context ${i}`;
  node.length = r.abs(ext) - node.offset;
  const dStart = c.at + 16;
  const dEnd = Math.min(ext, dStart + c.dataSize);
  const kids: FieldNode[] = [];
  if (dEnd > dStart) {
    const variant = gpu ? gpuVariant(c.type) : undefined;
    const arr = ARRAYS[c.type];
    if (arr) {
      const items: FieldNode[] = [];
      for (let k = 0; dStart + (k + 1) * arr.size <= dEnd; k++)
        items.push(element(r, dStart + k * arr.size, arr, dEnd, `entry${k}`, `Entry ${k}`).node);
      kids.push(arrayNode('data', DATA_FORMATS[c.type], r, dStart, items.length * arr.size, items));
    } else if (variant === 'gpuInitMetadata' && dEnd - dStart >= 192) {
      kids.push(element(r, dStart, GPU_INIT, dEnd, 'data', 'GPU init metadata').node);
    } else if (variant === 'gpuRecommendedActions' && dEnd - dStart >= 16) {
      kids.push(element(r, dStart, RECOMMENDED, dEnd, 'data', 'GPU recommended actions').node);
    } else if (variant === 'gpuLegacyXid' && dEnd - dStart >= 4) {
      const xid = decodeStruct(
        r,
        dStart,
        {
          key: 'data',
          label: 'GPU legacy XID',
          size: dEnd - dStart,
          fields: [u32('xidCode', 0, { label: 'XID code' }), ascii('message', 4, dEnd - dStart - 4, { label: 'Message' })],
        },
        dEnd,
      );
      kids.push(xid.node);
    } else {
      kids.push(bytesNode('data', 'Data', r, dStart, dEnd - dStart));
    }
  }
  node.children = tile(r, c.at, ext, [...(h.node.children ?? []), ...kids], 'padding', 'Padding / unused');
  return node;
}

const NVIDIA_EVENT_BASE = structSection({
  guid: '9068e568-6ca0-11f0-aeaf-159343591eac',
  name: 'NVIDIA event',
  libcperName: 'NvidiaEvent',
  jsonKey: null,
  spec: NVIDIA_EVENT_SPEC,
  summary: (v) => `NVIDIA ${NVIDIA_EVENT_SOURCES[v.sourceDeviceType ?? -1] ?? 'device'} event ${v.signature ?? ''}`.trim(),
  extend({ r, at, length, node, v }) {
    if (r.lean) return;
    const end = at + length;
    const b = r.bytes;
    const parts: FieldNode[] = [...(node.children ?? [])];
    const infoSize = v.infoSize ?? 0;
    const infoEnd = Math.min(end, at + 32 + Math.max(3, infoSize));
    const src = v.sourceDeviceType;
    const major = (v.infoVersion ?? 0) >> 8;
    const spec = src === 0 && major === 0 ? CPU_INFO : src === 1 && major === 1 ? GPU_INFO : undefined;
    if (spec && infoSize >= 3 + spec.size && at + 35 + spec.size <= infoEnd)
      parts.push(element(r, at + 35, spec, infoEnd, 'eventInfo', spec.label).node);
    else if (infoEnd > at + 35) parts.push(bytesNode('eventInfo', 'Device-specific event info', r, at + 35, infoEnd - at - 35));
    const ctxs = contexts(b, at, end);
    const gpu = src === 1;
    const ctxNodes = ctxs.map((c, i) => contextNode(r, c, i, end, gpu));
    // A context of CtxSize 0 repeats at the same place: show it once.
    const seen = new Set<number>();
    const unique = ctxNodes.filter((n) => (seen.has(n.offset) ? false : (seen.add(n.offset), true)));
    if (unique.length) {
      const first = unique[0].offset;
      const last = unique[unique.length - 1];
      const arr = arrayNode(
        'eventContexts',
        `Event contexts (${v.eventContextCount ?? '?'})`,
        r,
        first - r.abs(0),
        last.offset + last.length - first,
        [],
      );
      arr.children = tile(r, first - r.abs(0), last.offset + last.length - r.abs(0), unique, 'padding', 'Padding / unused');
      parts.push(arr);
    }
    node.children = tile(r, at, end, parts, 'unparsed', 'Bytes outside the declared structures');
    node.length = Math.max(0, end - at);
  },
});

// ---- CPER-JSON (libcper 7c410e29) -------------------------------------------------------

const K = jsonKeys([
  'message',
  'NvidiaEvent',
  'Unknown',
  'data',
  'eventHeader',
  'signature',
  'version',
  'sourceDeviceType',
  'type',
  'subtype',
  'linkId',
  'eventInfo',
  'cpu',
  'gpu',
  'SocketNum',
  'Architecture',
  'hidFam',
  'revision',
  'chipId',
  'preSiPlatform',
  'errorInjection',
  'Ecid1',
  'Ecid2',
  'Ecid3',
  'Ecid4',
  'InstanceBase',
  'EventOriginator',
  'SourcePartition',
  'SourceSubPartition',
  'Pdi',
  'eventContexts',
  'dataFormatType',
  'dataFormatVersion',
  'dataSize',
  'opaque',
  'type1',
  'type2',
  'type3',
  'type4',
  'keyValArray64',
  'keyValArray32',
  'valArray64',
  'valArray32',
  'key64',
  'val64',
  'key32',
  'val32',
  'gpuInitMetadata',
  'gpuLegacyXid',
  'gpuRecommendedActions',
  'deviceName',
  'firmwareVersion',
  'pfDriverMicrocodeVersion',
  'pfDriverVersion',
  'vfDriverVersion',
  'configuration',
  'pdi',
  'architectureId',
  'raw',
  'architecture',
  'hardwareInfoType',
  'pciInfo',
  'class',
  'subclass',
  'rev',
  'vendorId',
  'deviceId',
  'subsystemVendorId',
  'subsystemId',
  'bar0Start',
  'bar0Size',
  'bar1Start',
  'bar1Size',
  'bar2Start',
  'bar2Size',
  'xidCode',
  'flags',
  'recoveryAction',
  'diagnosticFlow',
]);

const HEX = HEX_BYTES;
const HEXU = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/**
 * libcper's `add_untrusted_string` over `len` bytes: the text up to the first NUL, or nothing
 * (undefined) if a non-printable byte comes first.
 */
export function untrusted(b: Uint8Array, o: number, len: number): string | undefined {
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = b[o + i];
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/** libcper's `add_int` (an `int` widened to uint64: values ≥ 2^31 come out sign-extended). */
function addInt(w: JsonText, v: number): void {
  if (v >= 0x80000000) w.u64(v >>> 0, 0xffffffff);
  else w.int(v);
}

const hex64 = (w: JsonText, b: Uint8Array, o: number): void => w.hex(u32le(b, o), u32le(b, o + 4), 16);
const hex32 = (w: JsonText, b: Uint8Array, o: number): void => w.hex(u32le(b, o), 0, 8);

function pdi(b: Uint8Array, o: number): string {
  let s = HEXU[b[o + 7]];
  for (let k = 6; k >= 0; k--) s += ':' + HEXU[b[o + k]];
  return s;
}

function writeCpuInfo(w: JsonText, b: Uint8Array, o: number, end: number): void {
  if (o + 29 > end) return;
  w.key(K.SocketNum);
  w.int(b[o]);
  const a = u32le(b, o + 1);
  w.key(K.Architecture);
  w.open();
  w.key(K.hidFam);
  w.str('0x' + HEXU[a & 0xf]);
  w.key(K.revision);
  w.str(`${(a >>> 4) & 0xf}.${(a >>> 16) & 0xf}`);
  w.key(K.chipId);
  w.str('0x' + HEXU[(a >>> 8) & 0xff]);
  w.key(K.preSiPlatform);
  w.str(((a >>> 20) & 0x1f) === 0 ? 'Silicon' : 'PreSilicon');
  w.key(K.errorInjection);
  w.bool(((a >>> 31) & 1) === 1);
  w.close();
  w.key(K.Ecid1);
  hex32(w, b, o + 5);
  w.key(K.Ecid2);
  hex32(w, b, o + 9);
  w.key(K.Ecid3);
  hex32(w, b, o + 13);
  w.key(K.Ecid4);
  hex32(w, b, o + 17);
  w.key(K.InstanceBase);
  hex64(w, b, o + 21);
}

function writeGpuInfo(w: JsonText, b: Uint8Array, o: number, end: number): void {
  if (o + 13 > end) return;
  w.key(K.EventOriginator);
  w.raw(strBytes(ORIGINATORS[b[o]] ?? 'Unknown'));
  w.key(K.SourcePartition);
  w.int(u16le(b, o + 1));
  w.key(K.SourceSubPartition);
  w.int(u16le(b, o + 3));
  w.key(K.Pdi);
  w.str(pdi(b, o + 5));
}

function writeString(w: JsonText, key: Uint8Array, b: Uint8Array, o: number, len: number): void {
  w.key(key);
  w.str(untrusted(b, o, len) ?? '');
}

function writeInit(w: JsonText, b: Uint8Array, o: number): void {
  writeString(w, K.deviceName, b, o, 48);
  writeString(w, K.firmwareVersion, b, o + 48, 16);
  writeString(w, K.pfDriverMicrocodeVersion, b, o + 64, 16);
  writeString(w, K.pfDriverVersion, b, o + 80, 16);
  writeString(w, K.vfDriverVersion, b, o + 96, 16);
  w.key(K.configuration);
  hex64(w, b, o + 112);
  w.key(K.pdi);
  w.str(pdi(b, o + 120));
  const arch = u32le(b, o + 128);
  w.key(K.architectureId);
  w.open();
  w.key(K.raw);
  w.hex(arch, 0, 8);
  w.key(K.architecture);
  w.raw(strBytes(GPU_ARCHITECTURES[(arch >>> 24) & 0x3f] ?? 'Unknown'));
  w.close();
  const hwType = b[o + 132];
  w.key(K.hardwareInfoType);
  w.int(hwType);
  if (hwType === 0) {
    w.key(K.pciInfo);
    w.open();
    w.key(K.class);
    w.hex(b[o + 133], 0, 2);
    w.key(K.subclass);
    w.hex(b[o + 134], 0, 2);
    w.key(K.rev);
    w.hex(b[o + 135], 0, 2);
    w.key(K.vendorId);
    w.hex(u16le(b, o + 136), 0, 4);
    w.key(K.deviceId);
    w.hex(u16le(b, o + 138), 0, 4);
    w.key(K.subsystemVendorId);
    w.hex(u16le(b, o + 140), 0, 4);
    w.key(K.subsystemId);
    w.hex(u16le(b, o + 142), 0, 4);
    w.key(K.bar0Start);
    hex64(w, b, o + 144);
    w.key(K.bar0Size);
    hex64(w, b, o + 152);
    w.key(K.bar1Start);
    hex64(w, b, o + 160);
    w.key(K.bar1Size);
    hex64(w, b, o + 168);
    w.key(K.bar2Start);
    hex64(w, b, o + 176);
    w.key(K.bar2Size);
    hex64(w, b, o + 184);
    w.close();
  }
}

/** TYPE_1..4: `DataSize / entry` entries, counted in a UINT8 as libcper does. */
function writeArray(w: JsonText, b: Uint8Array, c: Ctx, type: number): void {
  const size = type === 1 ? 16 : type === 4 ? 4 : 8;
  const n = Math.floor(c.dataSize / size) & 0xff;
  const o = c.at + 16;
  w.key(type === 1 ? K.keyValArray64 : type === 2 ? K.keyValArray32 : type === 3 ? K.valArray64 : K.valArray32);
  w.openArray();
  for (let i = 0; i < n; i++) {
    const e = o + i * size;
    w.item();
    w.open();
    if (type === 1) {
      w.key(K.key64);
      hex64(w, b, e);
      w.key(K.val64);
      hex64(w, b, e + 8);
    } else if (type === 2) {
      w.key(K.key32);
      hex32(w, b, e);
      w.key(K.val32);
      hex32(w, b, e + 4);
    } else if (type === 3) {
      w.key(K.val64);
      hex64(w, b, e);
    } else {
      w.key(K.val32);
      hex32(w, b, e);
    }
    w.close();
  }
  w.closeArray();
}

function writeOpaque(w: JsonText, b: Uint8Array, c: Ctx, end: number): void {
  if (c.at + 16 + c.dataSize > end || c.dataSize === 0) return;
  let s = '';
  for (let i = 0; i < c.dataSize; i++) s += HEX[b[c.at + 16 + i]];
  w.key(K.opaque);
  w.str(s);
}

function writeContextData(w: JsonText, b: Uint8Array, c: Ctx, end: number, gpu: boolean): void {
  const fits = c.at + 16 + c.dataSize <= end;
  const o = c.at + 16;
  if (c.type === 0) {
    writeOpaque(w, b, c, end);
    return;
  }
  const variant = gpu ? gpuVariant(c.type) : undefined;
  const common = c.type >= 1 && c.type <= 4;
  if (!variant && !common) {
    // libcper adds `"opaque": {}` and then replaces it with the hex string when the data fits.
    if (fits && c.dataSize > 0) writeOpaque(w, b, c, end);
    else {
      w.key(K.opaque);
      w.open();
      w.close();
    }
    return;
  }
  const byName: Readonly<Record<string, Uint8Array>> = K;
  w.key(byName[variant ?? `type${c.type}`]);
  w.open();
  if (variant === 'gpuInitMetadata') {
    if (fits && c.dataSize >= 192) writeInit(w, b, o);
  } else if (variant === 'gpuLegacyXid') {
    if (fits && c.dataSize >= 4) {
      w.key(K.xidCode);
      addInt(w, u32le(b, o));
      writeString(w, K.message, b, o + 4, Math.min(236, c.dataSize - 4));
    }
  } else if (variant === 'gpuRecommendedActions') {
    if (fits && c.dataSize >= 16) {
      w.key(K.flags);
      w.hex(b[o], 0, 2);
      w.key(K.recoveryAction);
      w.int(u16le(b, o + 4));
      w.key(K.diagnosticFlow);
      w.int(u16le(b, o + 6));
    }
  } else if (fits) {
    writeArray(w, b, c, c.type);
  }
  w.close();
}

function writeUnknown(w: JsonText, b: Uint8Array, at: number, length: number): void {
  w.open();
  w.key(K.Unknown);
  w.open();
  w.key(K.data);
  w.b64(b, at, length);
  w.close();
  w.close();
}

/** `{message, NvidiaEvent: {...}}` as libcper 7c410e29 writes it; raw bytes when it returns no IR. */
function writeJson(w: JsonText, b: Uint8Array, at: number, length: number): void {
  const end = Math.min(b.length, at + length);
  // libcper reads the 32+3 header bytes unchecked and returns NULL for an event version other than 1.
  if (end - at < 35 || b[at] !== 1) {
    writeUnknown(w, b, at, end - at);
    return;
  }
  const sig = untrusted(b, at + 16, 16);
  const signature = sig && sig.length > 0 ? sig : '';
  w.open();
  w.key(K.message);
  w.str(`A ${signature} Nvidia Event occurred`);
  w.key(K.NvidiaEvent);
  w.open();
  w.key(K.eventHeader);
  w.open();
  w.key(K.signature);
  w.str(signature);
  w.key(K.version);
  w.int(b[at]);
  const src = b[at + 2];
  w.key(K.sourceDeviceType);
  w.raw(strBytes(NVIDIA_EVENT_SOURCES[src] ?? 'Unknown'));
  w.key(K.type);
  w.hex(u16le(b, at + 4), 0, 4);
  w.key(K.subtype);
  w.hex(u16le(b, at + 6), 0, 4);
  if (u32le(b, at + 8) !== 0 || u32le(b, at + 12) !== 0) {
    w.key(K.linkId);
    hex64(w, b, at + 8);
  }
  w.close();
  w.key(K.eventInfo);
  w.open();
  const major = b[at + 33];
  w.key(K.version);
  w.str(`${major}.${b[at + 32]}`);
  const infoSize = b[at + 34];
  if (src === 0 && major === 0) {
    w.key(K.cpu);
    w.open();
    if (infoSize >= 3 + 29) writeCpuInfo(w, b, at + 35, end);
    w.close();
  } else if (src === 1 && major === 1) {
    w.key(K.gpu);
    w.open();
    if (infoSize >= 3 + 13) writeGpuInfo(w, b, at + 35, end);
    w.close();
  }
  w.close();
  w.key(K.eventContexts);
  w.openArray();
  for (const c of contexts(b, at, end)) {
    w.item();
    w.open();
    w.key(K.version);
    w.int(u16le(b, c.at + 4));
    w.key(K.dataFormatType);
    w.hex(c.type, 0, 4);
    w.key(K.dataFormatVersion);
    w.int(u16le(b, c.at + 10));
    w.key(K.dataSize);
    addInt(w, c.dataSize);
    w.key(K.data);
    w.open();
    writeContextData(w, b, c, end, src === 1);
    w.close();
    w.close();
  }
  w.closeArray();
  w.close();
  w.close();
}

export const NVIDIA_EVENT = { ...NVIDIA_EVENT_BASE, json: writeJson };
