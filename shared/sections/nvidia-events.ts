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
import type { FieldSpec, JsonOut, StructSpec } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { u16le, u32le } from '../bytes/le';
import { keyBytes, type JsonText } from '../decode/json-text';
import { readPlan, structPlan, writePlanMembers, writeStruct } from '../decode/json-plan';
import { arrayNode, bytesNode, element, tile } from './arrays';

import { hexOut, jsonKeys, textOut, untrusted } from './common';
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

// ---- CPER-JSON helpers (libcper 7c410e29): the declarations' outputs that shapes cannot say ----

/** libcper's `add_int` (an `int` widened to uint64: values ≥ 2^31 come out sign-extended). */
function addInt(w: JsonText, v: number): void {
  if (v >= 0x80000000) w.u64(v >>> 0, 0xffffffff);
  else w.int(v);
}

const HEXU = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** A PDI as libcper prints it: its 8 bytes from the most significant, colon-separated. */
function pdi(b: Uint8Array, o: number): string {
  let s = HEXU[b[o + 7]];
  for (let k = 6; k >= 0; k--) s += ':' + HEXU[b[o + k]];
  return s;
}

/** libcper's untrusted string of `len` bytes, "" when it has none. */
const untrustedOut = (path: string, len: number): JsonOut => textOut(path, (b, off) => untrusted(b, off, len) ?? '');
/** libcper's `add_int` of a 32-bit field. */
function addIntOut(path: string): JsonOut {
  const key = keyBytes(path);
  return {
    path,
    write: (w, b, off) => {
      w.key(key);
      addInt(w, u32le(b, off));
    },
  };
}

/** The fields of `spec` placed at `at` inside an enclosing structure, for its tree and values; their JSON stays with `spec`. */
function placed(spec: StructSpec, at: number): FieldSpec[] {
  return spec.fields.map((f) => ({ ...f, at: f.at + at, json: undefined }));
}

// ---- Declarations ----

const K_LINK_ID = keyBytes('linkId');
const K_CPU = keyBytes('cpu');
const K_GPU = keyBytes('gpu');
const K_PCI_INFO = keyBytes('pciInfo');

const NVIDIA_EVENT_SPEC = struct({
  key: 'nvidiaEvent',
  label: 'NVIDIA event',
  size: 35,
  fields: [
    u8('eventVersion', 0, { label: 'Event version', json: 'eventHeader.version' }),
    u8('eventContextCount', 1, { label: 'Event context count' }),
    u8('sourceDeviceType', 2, {
      label: 'Source device type',
      enum: NVIDIA_EVENT_SOURCES,
      json: { path: 'eventHeader.sourceDeviceType', shape: 'name', names: NVIDIA_EVENT_SOURCES },
    }),
    u8('reserved', 3, { label: 'Reserved' }),
    u16('eventType', 4, { label: 'Event type', hex: true, json: hexOut('eventHeader.type', 4) }),
    u16('eventSubtype', 6, { label: 'Event subtype', hex: true, json: hexOut('eventHeader.subtype', 4) }),
    // libcper leaves the link id out when it is zero.
    u64('eventLinkId', 8, {
      label: 'Event link ID',
      hex: true,
      json: {
        path: 'eventHeader.linkId',
        write: (w, b, off) => {
          if (u32le(b, off) === 0 && u32le(b, off + 4) === 0) return;
          w.key(K_LINK_ID);
          w.hex(u32le(b, off), u32le(b, off + 4), 16);
        },
      },
    }),
    ascii('signature', 16, 16, { label: 'Signature', json: { ...untrustedOut('eventHeader.signature', 16), before: 'eventVersion' } }),
    u16('infoVersion', 32, {
      label: 'Event info version (major.minor)',
      hex: true,
      json: textOut('eventInfo.version', (b, off) => `${b[off + 1]}.${b[off]}`),
    }),
    // The device info follows the info header when the source and the info's major version name it.
    u8('infoSize', 34, { label: 'Event info size (header + data)', json: { path: 'eventInfo.device', write: writeDeviceInfo } }),
  ],
});

const CPU_INFO = struct({
  key: 'cpu',
  label: 'CPU event info',
  size: 29,
  fields: [
    u8('socketNum', 0, { label: 'Socket', json: 'SocketNum' }),
    u32('architecture', 1, {
      label: 'Architecture',
      hex: true,
      bits: [
        { key: 'hidFam', label: 'HID family', lo: 0, width: 4, json: hexOut('Architecture.hidFam', 2) },
        {
          key: 'majorRev',
          label: 'Major revision',
          lo: 4,
          width: 4,
          json: textOut('Architecture.revision', (b, off) => `${b[off] >>> 4}.${b[off + 2] & 0xf}`),
        },
        { key: 'chipId', label: 'Chip ID', lo: 8, width: 8, json: hexOut('Architecture.chipId', 2) },
        { key: 'minorRev', label: 'Minor revision', lo: 16, width: 4 },
        {
          key: 'preSiPlatform',
          label: 'Pre-silicon platform (0 = silicon)',
          lo: 20,
          width: 5,
          json: { path: 'Architecture.preSiPlatform', shape: 'name', names: { 0: 'Silicon' }, unknown: 'PreSilicon' },
        },
        { key: 'errorInjection', label: 'Error injection', lo: 31, json: { path: 'Architecture.errorInjection', shape: 'bool' } },
      ],
    }),
    u32('ecid1', 5, { label: 'ECID 1', hex: true, json: hexOut('Ecid1', 8) }),
    u32('ecid2', 9, { label: 'ECID 2', hex: true, json: hexOut('Ecid2', 8) }),
    u32('ecid3', 13, { label: 'ECID 3', hex: true, json: hexOut('Ecid3', 8) }),
    u32('ecid4', 17, { label: 'ECID 4', hex: true, json: hexOut('Ecid4', 8) }),
    u64('instanceBase', 21, { label: 'Instance base', hex: true, json: hexOut('InstanceBase', 16) }),
  ],
});

const GPU_INFO = struct({
  key: 'gpu',
  label: 'GPU event info',
  size: 13,
  fields: [
    u8('eventOriginator', 0, {
      label: 'Event originator',
      enum: ORIGINATORS,
      json: { path: 'EventOriginator', shape: 'name', names: ORIGINATORS },
    }),
    u16('sourcePartition', 1, { label: 'Source partition', json: 'SourcePartition' }),
    u16('sourceSubPartition', 3, { label: 'Source sub-partition', json: 'SourceSubPartition' }),
    u64('pdi', 5, { label: 'PDI', hex: true, json: textOut('Pdi', pdi) }),
  ],
});

/** The device info's JSON (`cpu` or `gpu`, empty when InfoSize leaves no room for it); `off` is InfoSize's. */
function writeDeviceInfo(w: JsonText, b: Uint8Array, off: number, end: number): void {
  const at = off - 34;
  const src = b[at + 2];
  const major = b[at + 33];
  const spec = src === 0 && major === 0 ? CPU_INFO : src === 1 && major === 1 ? GPU_INFO : undefined;
  if (!spec) return;
  w.key(spec === CPU_INFO ? K_CPU : K_GPU);
  if (b[off] >= 3 + spec.size && at + 35 + spec.size <= end) writeStruct(w, spec, b, at + 35, end);
  else {
    w.open();
    w.close();
  }
}

const CTX_HEADER = struct({
  key: 'context',
  label: 'Event context',
  size: 16,
  fields: [
    u32('ctxSize', 0, { label: 'Context size' }),
    u16('ctxVersion', 4, { label: 'Context version', json: 'version' }),
    u16('reserved', 6, { label: 'Reserved' }),
    u16('dataFormatType', 8, { label: 'Data format type', enum: DATA_FORMATS, json: hexOut('dataFormatType', 4) }),
    u16('dataFormatVersion', 10, { label: 'Data format version', json: 'dataFormatVersion' }),
    u32('dataSize', 12, { label: 'Data size', json: addIntOut('dataSize') }),
  ],
});

const KV64 = struct({
  key: 'kv',
  label: 'Key/value',
  size: 16,
  fields: [
    u64('key', 0, { label: 'Key', hex: true, json: hexOut('key64', 16) }),
    u64('value', 8, { label: 'Value', hex: true, json: hexOut('val64', 16) }),
  ],
});
const KV32 = struct({
  key: 'kv',
  label: 'Key/value',
  size: 8,
  fields: [
    u32('key', 0, { label: 'Key', hex: true, json: hexOut('key32', 8) }),
    u32('value', 4, { label: 'Value', hex: true, json: hexOut('val32', 8) }),
  ],
});
const V64 = struct({
  key: 'v',
  label: 'Value',
  size: 8,
  fields: [u64('value', 0, { label: 'Value', hex: true, json: hexOut('val64', 16) })],
});
const V32 = struct({
  key: 'v',
  label: 'Value',
  size: 4,
  fields: [u32('value', 0, { label: 'Value', hex: true, json: hexOut('val32', 8) })],
});
/** TYPE_1..4 entries, with libcper's key for their array. */
const ARRAYS: Readonly<Record<number, StructSpec>> = { 1: KV64, 2: KV32, 3: V64, 4: V32 };
const ARRAY_KEYS: Readonly<Record<number, Uint8Array>> = {
  1: keyBytes('keyValArray64'),
  2: keyBytes('keyValArray32'),
  3: keyBytes('valArray64'),
  4: keyBytes('valArray32'),
};

/** The PCI information of GPU init metadata (hardware info type 0), at +133 of it. */
const GPU_PCI_INFO = struct({
  key: 'pciInfo',
  label: 'PCI information',
  size: 59,
  fields: [
    u8('pciClass', 0, { label: 'PCI class', hex: true, json: hexOut('class', 2) }),
    u8('pciSubclass', 1, { label: 'PCI subclass', hex: true, json: hexOut('subclass', 2) }),
    u8('pciRev', 2, { label: 'PCI revision', hex: true, json: hexOut('rev', 2) }),
    u16('vendorId', 3, { label: 'Vendor ID', hex: true, json: hexOut('vendorId', 4) }),
    u16('deviceId', 5, { label: 'Device ID', hex: true, json: hexOut('deviceId', 4) }),
    u16('subsystemVendorId', 7, { label: 'Subsystem vendor ID', hex: true, json: hexOut('subsystemVendorId', 4) }),
    u16('subsystemId', 9, { label: 'Subsystem ID', hex: true, json: hexOut('subsystemId', 4) }),
    u64('bar0Start', 11, { label: 'BAR0 start', hex: true, json: hexOut('bar0Start', 16) }),
    u64('bar0Size', 19, { label: 'BAR0 size', hex: true, json: hexOut('bar0Size', 16) }),
    u64('bar1Start', 27, { label: 'BAR1 start', hex: true, json: hexOut('bar1Start', 16) }),
    u64('bar1Size', 35, { label: 'BAR1 size', hex: true, json: hexOut('bar1Size', 16) }),
    u64('bar2Start', 43, { label: 'BAR2 start', hex: true, json: hexOut('bar2Start', 16) }),
    u64('bar2Size', 51, { label: 'BAR2 size', hex: true, json: hexOut('bar2Size', 16) }),
  ],
});

const GPU_INIT = struct({
  key: 'gpuInitMetadata',
  label: 'GPU init metadata',
  size: 192,
  fields: [
    ascii('deviceName', 0, 48, { label: 'Device name', json: untrustedOut('deviceName', 48) }),
    ascii('firmwareVersion', 48, 16, { label: 'Firmware version', json: untrustedOut('firmwareVersion', 16) }),
    ascii('pfDriverMicrocodeVersion', 64, 16, {
      label: 'PF driver microcode version',
      json: untrustedOut('pfDriverMicrocodeVersion', 16),
    }),
    ascii('pfDriverVersion', 80, 16, { label: 'PF driver version', json: untrustedOut('pfDriverVersion', 16) }),
    ascii('vfDriverVersion', 96, 16, { label: 'VF driver version', json: untrustedOut('vfDriverVersion', 16) }),
    u64('configuration', 112, { label: 'Configuration', hex: true, json: hexOut('configuration', 16) }),
    u64('pdi', 120, { label: 'PDI', hex: true, json: textOut('pdi', pdi) }),
    u32('architectureId', 128, {
      label: 'Architecture ID',
      hex: true,
      json: hexOut('architectureId.raw', 8),
      bits: [
        {
          key: 'architecture',
          label: 'Architecture',
          lo: 24,
          width: 6,
          enum: GPU_ARCHITECTURES,
          json: { path: 'architectureId.architecture', shape: 'name', names: GPU_ARCHITECTURES },
        },
      ],
    }),
    u8('hardwareInfoType', 132, {
      label: 'Hardware info type (0 = PCI)',
      json: [
        'hardwareInfoType',
        {
          path: 'pciInfo',
          write: (w, b, off, end) => {
            if (b[off] !== 0) return;
            w.key(K_PCI_INFO);
            writeStruct(w, GPU_PCI_INFO, b, off + 1, end);
          },
        },
      ],
    }),
    ...placed(GPU_PCI_INFO, 133),
  ],
});

const RECOMMENDED = struct({
  key: 'gpuRecommendedActions',
  label: 'GPU recommended actions',
  size: 16,
  fields: [
    u8('flags', 0, { label: 'Flags', hex: true, json: hexOut('flags', 2) }),
    bytes('reserved1', 1, 3, { label: 'Reserved' }),
    u16('recoveryAction', 4, { label: 'Recovery action', json: 'recoveryAction' }),
    u16('diagnosticFlow', 6, { label: 'Diagnostic flow (0 = unspecified)', json: 'diagnosticFlow' }),
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

// ---- CPER-JSON (libcper 7c410e29): the declarations' outputs, framed ----

const K = jsonKeys([
  'message',
  'NvidiaEvent',
  'Unknown',
  'data',
  'eventContexts',
  'opaque',
  'type1',
  'type2',
  'type3',
  'type4',
  'gpuInitMetadata',
  'gpuLegacyXid',
  'gpuRecommendedActions',
  'xidCode',
]);

const HEX = HEX_BYTES;

/** The members of `spec`'s object for the structure at `o` (the caller writes the braces). */
function writeMembersOf(w: JsonText, spec: StructSpec, b: Uint8Array, o: number, end: number): void {
  writePlanMembers(w, readPlan(structPlan(spec), b, o, end));
}

/** TYPE_1..4: `DataSize / entry` entries, counted in a UINT8 as libcper does. */
function writeArray(w: JsonText, b: Uint8Array, c: Ctx, type: number): void {
  const spec = ARRAYS[type];
  const n = Math.floor(c.dataSize / spec.size) & 0xff;
  w.key(ARRAY_KEYS[type]);
  w.openArray();
  for (let i = 0; i < n; i++) {
    w.item();
    writeStruct(w, spec, b, c.at + 16 + i * spec.size, c.at + 16 + c.dataSize);
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
    if (fits && c.dataSize >= GPU_INIT.size) writeMembersOf(w, GPU_INIT, b, o, end);
  } else if (variant === 'gpuLegacyXid') {
    if (fits && c.dataSize >= 4) {
      w.key(K.xidCode);
      addInt(w, u32le(b, o));
      w.key(K.message);
      w.str(untrusted(b, o + 4, Math.min(236, c.dataSize - 4)) ?? '');
    }
  } else if (variant === 'gpuRecommendedActions') {
    if (fits && c.dataSize >= RECOMMENDED.size) writeMembersOf(w, RECOMMENDED, b, o, end);
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
  w.open();
  w.key(K.message);
  w.str(`A ${untrusted(b, at + 16, 16) ?? ''} Nvidia Event occurred`);
  w.key(K.NvidiaEvent);
  w.open();
  writeMembersOf(w, NVIDIA_EVENT_SPEC, b, at, end);
  w.key(K.eventContexts);
  w.openArray();
  const gpu = b[at + 2] === 1;
  for (const c of contexts(b, at, end)) {
    w.item();
    writeStruct(w, CTX_HEADER, b, c.at, end, (w) => {
      w.key(K.data);
      w.open();
      writeContextData(w, b, c, end, gpu);
      w.close();
    });
  }
  w.closeArray();
  w.close();
  w.close();
}

export const NVIDIA_EVENT = { ...NVIDIA_EVENT_BASE, json: writeJson };
