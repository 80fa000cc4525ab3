/** CXL Protocol Error section (UEFI 2.10 N.2.13; Linux cxl_cper_sec_prot_err; libcper). */
import { hexDump } from '../bytes/hexdump';
import { bytesNode } from './arrays';
import { u32le } from '../bytes/le';
import { intOf } from '../decode/linux-plan';
import type { LinuxCtx } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { keyBytes } from '../decode/json-text';
import { planNum, writeStruct } from '../decode/json-plan';
import { hexN, hexPair, num, pair } from './common';
import { flagNames, structSection } from './define';
import { bytes, struct, u16, u32, u64, u8 } from '../decode/fields';
import { expert } from '../decode/expert';

/** libcper's names (CXL 1.1 wording); Linux's longer table is used for the kernel text. */
const CXL_AGENT_TYPES_LIBCPER: Readonly<Record<number, string>> = { 0: 'CXL 1.1 Device', 1: 'CXL 1.1 Host Downstream Port' };
const CXL_AGENT_TYPES: Readonly<Record<number, string>> = {
  0: 'Restricted CXL Device',
  1: 'Restricted CXL Host Downstream Port',
  2: 'CXL Device',
  3: 'CXL Logical Device',
  4: 'CXL Fabric Manager managed Logical Device',
  5: 'CXL Root Port',
  6: 'CXL Downstream Switch Port',
  7: 'CXL Upstream Switch Port',
};

/** Linux cxl_cper_print_prot_err: the agent address as RCRB base or as segment:bus:device.function. */
function agentLines({ p, v }: LinuxCtx): string[] {
  if (num(v.agentType) === 1) return [`${p}rcrb_base_address: 0x${intOf(v.agentAddress).toString(16).padStart(16, '0')}`];
  const a = intOf(v.agentAddress);
  const fn = Number(a & 0xffn),
    dev = Number((a >> 8n) & 0xffn),
    bus = Number((a >> 16n) & 0xffn),
    seg = Number((a >> 24n) & 0xffffn);
  return [`${p}agent_address: ${hexN(seg, 4)}:${hexN(bus, 2)}:${hexN(dev, 2)}.${fn.toString(16)}`];
}

function deviceLines(ctx: LinuxCtx): string[] {
  const { p, v } = ctx;
  return [
    `${p}slot: ${num(v.slot) >> 3}`,
    hexPair(ctx, 'vendor_id', 'vendorId', 'device_id', 'deviceId', 4),
    hexPair(ctx, 'sub_vendor_id', 'subsystemVendorId', 'sub_device_id', 'subsystemDeviceId', 4),
    `${p}class_code: ${hexN(num(v.classCode) >> 8, 2)}${hexN(num(v.classCode) & 0xff, 2)}`,
  ];
}

function serialLines({ p, v }: LinuxCtx): string[] {
  const s = intOf(v.serial);
  return [`${p}lower_dw: 0x${hexN(Number(s & 0xffffffffn), 8)}, upper_dw: 0x${hexN(Number(s >> 32n), 8)}`];
}

function capabilityLines({ p, bytes }: LinuxCtx): string[] {
  const b = bytes(48, 60);
  return [`${p}Capability structure:`, ...(b ? hexDump(p, b, 4, false) : [])];
}

function dvsecLines({ p, v, bytes }: LinuxCtx): string[] {
  const b = bytes(116, num(v.dvsecLength));
  return [`${p}DVSEC length: 0x${hexN(v.dvsecLength, 4)}`, `${p}CXL DVSEC:`, ...(b ? hexDump(p, b, 4, false) : [])];
}

/** The error log is the CXL RAS capability: six registers, then the header log. */
function errorLogLines({ p, v, bytes }: LinuxCtx): string[] {
  const o = [`${p}Error log length: 0x${hexN(v.errorLogLength, 4)}`, `${p}CXL Error Log:`];
  const b = bytes(116 + num(v.dvsecLength), num(v.errorLogLength));
  if (b && b.length >= 24) {
    const u = (k: number) => u32le(b, k).toString(16).padStart(8, '0');
    o.push(
      `${p}cxl_ras_uncor_status: 0x${u(0)}`,
      `${p}cxl_ras_uncor_mask: 0x${u(4)}`,
      `${p}cxl_ras_uncor_severity: 0x${u(8)}`,
      `${p}cxl_ras_cor_status: 0x${u(12)}`,
      `${p}cxl_ras_cor_mask: 0x${u(16)}`,
      `${p}cap_control: 0x${u(20)}`,
    );
    o.push(`${p}Header Log Registers:`);
    o.push(...hexDump(p, b.subarray(24), 4, false));
  } else if (b) o.push(...hexDump(p, b, 4, false));
  return o;
}

export const CXL_PROTOCOL_SPEC = struct({
  key: 'cxlProtocol',
  label: 'CXL protocol error',
  size: 116,
  validation: 'validationBits',
  fields: [
    u64('validationBits', 0, {
      label: 'Validation bits',
      flags: flagNames([
        'cxlAgentTypeValid',
        'cxlAgentAddressValid',
        'deviceIDValid',
        'deviceSerialValid',
        'capabilityStructureValid',
        'cxlDVSECValid',
        'cxlErrorLogValid',
      ]),
    }),
    u8('agentType', 8, {
      label: 'CXL agent type',
      valid: 0,
      json: pair('agentType', CXL_AGENT_TYPES_LIBCPER, 'Unknown (Reserved)'),
      enum: CXL_AGENT_TYPES,
      linux: { name: 'agent_type', fmt: 'enum', names: CXL_AGENT_TYPES },
    }),
    bytes('reserved0', 9, 7, { label: 'Reserved' }),
    u64('agentAddress', 16, { label: 'CXL agent address / RCRB base', valid: 1, hex: true, linux: { lines: agentLines } }),
    u16('vendorId', 24, {
      label: 'Vendor ID',
      valid: 2,
      json: { path: 'deviceID.vendorID', valid: 'always' },
      hex: true,
      linux: { lines: deviceLines },
    }),
    u16('deviceId', 26, { label: 'Device ID', valid: 2, json: 'deviceID.deviceID', hex: true }),
    u16('subsystemVendorId', 28, { label: 'Subsystem vendor ID', valid: 2, json: 'deviceID.subsystemVendorID', hex: true }),
    u16('subsystemDeviceId', 30, { label: 'Subsystem device ID', valid: 2, json: 'deviceID.subsystemDeviceID', hex: true }),
    u16('classCode', 32, { label: 'Class code', valid: 2, json: 'deviceID.classCode', hex: true }),
    u16('slot', 34, { label: 'Slot', valid: 2, bits: [{ key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' }] }),
    u32('reserved1', 36, { label: 'Reserved' }),
    u64('serial', 40, { label: 'Device serial number', valid: 3, json: 'deviceSerial', hex: true, linux: { lines: serialLines } }),
    bytes('capability', 48, 60, {
      label: 'Capability structure',
      valid: 4,
      json: { path: 'capabilityStructure', shape: 'b64' },
      linux: { lines: capabilityLines },
    }),
    u16('dvsecLength', 108, { label: 'CXL DVSEC length', json: { path: 'dvsecLength', valid: 5 }, linux: { valid: 5, lines: dvsecLines } }),
    u16('errorLogLength', 110, {
      label: 'CXL error log length',
      json: { path: 'errorLogLength', valid: 6 },
      linux: { valid: 6, lines: errorLogLines },
    }),
    u32('reserved2', 112, { label: 'Reserved' }),
  ],
});

const AGENT_DEVICE = struct({
  key: 'agentAddress',
  label: 'CXL agent address',
  size: 8,
  fields: [
    u8('functionNumber', 0, { label: 'Function', json: 'functionNumber' }),
    u8('deviceNumber', 1, { label: 'Device', json: 'deviceNumber' }),
    u8('busNumber', 2, { label: 'Bus', json: 'busNumber' }),
    u16('segmentNumber', 3, { label: 'Segment', json: 'segmentNumber' }),
  ],
});

const K_AGENT = keyBytes('cxlAgentAddress');
const K_VALUE = keyBytes('value');
const K_DVSEC = keyBytes('cxlDVSEC');
const K_LOG = keyBytes('cxlErrorLog');
const EMPTY = new TextEncoder().encode('{}');

export const CXL_PROTOCOL = structSection({
  guid: '80b9efb4-52b5-4de3-a777-68784b771048',
  name: 'CXL Protocol Error',
  libcperName: 'CXL Protocol Error',
  jsonKey: 'CxlProtocol',
  spec: CXL_PROTOCOL_SPEC,
  message: () => 'A CXL Protocol Error occurred',
  linux: { name: 'CXL Protocol Error' },
  extend({ r, at, length, node, v, diagnostics }) {
    const vb = typeof v.validationBits === 'bigint' ? Number(v.validationBits & 0xffffn) : 0;
    if (vb & 2 && v.agentType !== undefined) {
      if (v.agentType === 0 && !r.lean) {
        const d = decodeStruct(r, at + 16, AGENT_DEVICE, at + length);
        const slot = node.children!.find((c) => c.key === 'agentAddress');
        if (slot) slot.children = d.node.children;
      }
    }
    const dv = v.dvsecLength ?? 0;
    const el = v.errorLogLength ?? 0;
    let off = 116;
    const room = Math.max(0, length - off);
    if (dv + el > room)
      diagnostics.push(
        expert('cxl.lengths', `DVSEC (${dv}) + error log (${el}) bytes exceed the ${room} bytes after the fixed part`, r.abs(at + 108), 4),
      );
    const dvN = Math.min(dv, room);
    node.children!.push(bytesNode('cxlDvsec', 'CXL DVSEC', r, at + off, dvN, vb & 32 ? 'valid' : 'invalid'));
    off += dvN;
    const elN = Math.min(el, Math.max(0, length - off));
    node.children!.push(bytesNode('cxlErrorLog', 'CXL error log (RAS capability)', r, at + off, elN, vb & 64 ? 'valid' : 'invalid'));
  },
  json(w, { b, at, length, end, p }) {
    const vb = (planNum(p, 'validationBits') ?? 0) % 65536;
    const agent = planNum(p, 'agentType');
    if (vb & 2 && agent !== undefined) {
      w.key(K_AGENT);
      if (agent === 0) writeStruct(w, AGENT_DEVICE, b, at + 16, end);
      else if (at + 24 <= end) {
        w.open();
        w.key(K_VALUE);
        w.u64(u32le(b, at + 16), u32le(b, at + 20));
        w.close();
      } else w.raw(EMPTY);
    }
    const room = Math.max(0, length - 116);
    const dvN = Math.min(planNum(p, 'dvsecLength') ?? 0, room);
    const elN = Math.min(planNum(p, 'errorLogLength') ?? 0, Math.max(0, length - 116 - dvN));
    if (vb & 32) {
      w.key(K_DVSEC);
      w.b64(b, at + 116, dvN);
    }
    if (vb & 64) {
      w.key(K_LOG);
      w.b64(b, at + 116 + dvN, elN);
    }
  },
});
