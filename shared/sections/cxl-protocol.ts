/** CXL Protocol Error section (UEFI 2.10 N.2.13; Linux cxl_cper_sec_prot_err; libcper). */
import { hexDump } from '../bytes/hexdump';
import { u32le } from '../bytes/le';
import { intOf } from '../decode/linux-plan';
import type { LinuxCtx, StructSpec, Value } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { keyBytes } from '../decode/json-text';
import { planNum, writeStruct } from '../decode/json-plan';
import { f, pair } from './common';
import { flagNames, structSection } from './define';

/** libcper's names (CXL 1.1 wording); Linux's longer table is used for the kernel text. */
export const CXL_AGENT_TYPES_LIBCPER: Readonly<Record<number, string>> = { 0: 'CXL 1.1 Device', 1: 'CXL 1.1 Host Downstream Port' };
export const CXL_AGENT_TYPES: Readonly<Record<number, string>> = {
  0: 'Restricted CXL Device', 1: 'Restricted CXL Host Downstream Port', 2: 'CXL Device', 3: 'CXL Logical Device',
  4: 'CXL Fabric Manager managed Logical Device', 5: 'CXL Root Port', 6: 'CXL Downstream Switch Port', 7: 'CXL Upstream Switch Port',
};

const n = (v: Value): number => Number(intOf(v));
const h = (v: Value | number, d: number): string => n(v).toString(16).padStart(d, '0');

/** Linux cxl_cper_print_prot_err: the agent address as RCRB base or as segment:bus:device.function. */
function agentLines({ p, v }: LinuxCtx): string[] {
  if (n(v.agentType) === 1) return [`${p}rcrb_base_address: 0x${intOf(v.agentAddress).toString(16).padStart(16, '0')}`];
  const a = intOf(v.agentAddress);
  const fn = Number(a & 0xffn), dev = Number((a >> 8n) & 0xffn), bus = Number((a >> 16n) & 0xffn), seg = Number((a >> 24n) & 0xffffn);
  return [`${p}agent_address: ${h(seg, 4)}:${h(bus, 2)}:${h(dev, 2)}.${fn.toString(16)}`];
}

function deviceLines({ p, v }: LinuxCtx): string[] {
  return [
    `${p}slot: ${n(v.slot) >> 3}`,
    `${p}vendor_id: 0x${h(v.vendorId, 4)}, device_id: 0x${h(v.deviceId, 4)}`,
    `${p}sub_vendor_id: 0x${h(v.subsystemVendorId, 4)}, sub_device_id: 0x${h(v.subsystemDeviceId, 4)}`,
    `${p}class_code: ${h(n(v.classCode) >> 8, 2)}${h(n(v.classCode) & 0xff, 2)}`,
  ];
}

function serialLines({ p, v }: LinuxCtx): string[] {
  const s = intOf(v.serial);
  return [`${p}lower_dw: 0x${h(Number(s & 0xffffffffn), 8)}, upper_dw: 0x${h(Number(s >> 32n), 8)}`];
}

function capabilityLines({ p, bytes }: LinuxCtx): string[] {
  const b = bytes(48, 60);
  return [`${p}Capability structure:`, ...(b ? hexDump(p, b, 4, false) : [])];
}

function dvsecLines({ p, v, bytes }: LinuxCtx): string[] {
  const b = bytes(116, n(v.dvsecLength));
  return [`${p}DVSEC length: 0x${h(v.dvsecLength, 4)}`, `${p}CXL DVSEC:`, ...(b ? hexDump(p, b, 4, false) : [])];
}

/** The error log is the CXL RAS capability: six registers, then the header log. */
function errorLogLines({ p, v, bytes }: LinuxCtx): string[] {
  const o = [`${p}Error log length: 0x${h(v.errorLogLength, 4)}`, `${p}CXL Error Log:`];
  const b = bytes(116 + n(v.dvsecLength), n(v.errorLogLength));
  if (b && b.length >= 24) {
    const u = (k: number) => u32le(b, k).toString(16).padStart(8, '0');
    o.push(`${p}cxl_ras_uncor_status: 0x${u(0)}`, `${p}cxl_ras_uncor_mask: 0x${u(4)}`, `${p}cxl_ras_uncor_severity: 0x${u(8)}`,
      `${p}cxl_ras_cor_status: 0x${u(12)}`, `${p}cxl_ras_cor_mask: 0x${u(16)}`, `${p}cap_control: 0x${u(20)}`);
    o.push(`${p}Header Log Registers:`);
    o.push(...hexDump(p, b.subarray(24), 4, false));
  } else if (b) o.push(...hexDump(p, b, 4, false));
  return o;
}

export const CXL_PROTOCOL_SPEC: StructSpec = {
  key: 'cxlProtocol', label: 'CXL protocol error', size: 116, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['cxlAgentTypeValid', 'cxlAgentAddressValid', 'deviceIDValid', 'deviceSerialValid', 'capabilityStructureValid', 'cxlDVSECValid', 'cxlErrorLogValid']),
    }),
    f('agentType', 'CXL agent type', 8, 'u8', 0, pair('agentType', CXL_AGENT_TYPES_LIBCPER, 'Unknown (Reserved)'), { enum: CXL_AGENT_TYPES, linux: { name: 'agent_type', fmt: 'enum', names: CXL_AGENT_TYPES } }),
    f('reserved0', 'Reserved', 9, 'bytes', undefined, undefined, { size: 7 }),
    f('agentAddress', 'CXL agent address / RCRB base', 16, 'u64', 1, undefined, { hex: true, linux: { lines: agentLines } }),
    f('vendorId', 'Vendor ID', 24, 'u16', 2, { path: 'deviceID.vendorID', valid: 'always' }, { hex: true, linux: { lines: deviceLines } }),
    f('deviceId', 'Device ID', 26, 'u16', 2, 'deviceID.deviceID', { hex: true }),
    f('subsystemVendorId', 'Subsystem vendor ID', 28, 'u16', 2, 'deviceID.subsystemVendorID', { hex: true }),
    f('subsystemDeviceId', 'Subsystem device ID', 30, 'u16', 2, 'deviceID.subsystemDeviceID', { hex: true }),
    f('classCode', 'Class code', 32, 'u16', 2, 'deviceID.classCode', { hex: true }),
    f('slot', 'Slot', 34, 'u16', 2, undefined, { bits: [{ key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' }] }),
    f('reserved1', 'Reserved', 36, 'u32'),
    f('serial', 'Device serial number', 40, 'u64', 3, 'deviceSerial', { hex: true, linux: { lines: serialLines } }),
    f('capability', 'Capability structure', 48, 'bytes', 4, { path: 'capabilityStructure', shape: 'b64' }, { size: 60, linux: { lines: capabilityLines } }),
    f('dvsecLength', 'CXL DVSEC length', 108, 'u16', undefined, { path: 'dvsecLength', valid: 5 }, { linux: { valid: 5, lines: dvsecLines } }),
    f('errorLogLength', 'CXL error log length', 110, 'u16', undefined, { path: 'errorLogLength', valid: 6 }, { linux: { valid: 6, lines: errorLogLines } }),
    f('reserved2', 'Reserved', 112, 'u32'),
  ],
};

const AGENT_DEVICE: StructSpec = {
  key: 'agentAddress', label: 'CXL agent address', size: 8,
  fields: [
    f('functionNumber', 'Function', 0, 'u8', undefined, 'functionNumber'),
    f('deviceNumber', 'Device', 1, 'u8', undefined, 'deviceNumber'),
    f('busNumber', 'Bus', 2, 'u8', undefined, 'busNumber'),
    f('segmentNumber', 'Segment', 3, 'u16', undefined, 'segmentNumber'),
  ],
};

const K_AGENT = keyBytes('cxlAgentAddress');
const K_VALUE = keyBytes('value');
const K_DVSEC = keyBytes('cxlDVSEC');
const K_LOG = keyBytes('cxlErrorLog');
const EMPTY = new TextEncoder().encode('{}');
const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

export const CXL_PROTOCOL = structSection({
  guid: '80b9efb4-52b5-4de3-a777-68784b771048', name: 'CXL Protocol Error', jsonKey: 'CxlProtocol', spec: CXL_PROTOCOL_SPEC,
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
    const dv = (v.dvsecLength as number | undefined) ?? 0;
    const el = (v.errorLogLength as number | undefined) ?? 0;
    let off = 116;
    const room = Math.max(0, length - off);
    if (dv + el > room) diagnostics.push({ level: 'error', code: 'cxl.lengths', message: `DVSEC (${dv}) + error log (${el}) bytes exceed the ${room} bytes after the fixed part`, offset: r.abs(at + 108), length: 4 });
    const dvN = Math.min(dv, room);
    node.children!.push({ key: 'cxlDvsec', label: 'CXL DVSEC', offset: r.abs(at + off), length: dvN, type: 'bytes', text: `${dvN} bytes`, validity: vb & 32 ? 'valid' : 'invalid' });
    off += dvN;
    const elN = Math.min(el, Math.max(0, length - off));
    node.children!.push({ key: 'cxlErrorLog', label: 'CXL error log (RAS capability)', offset: r.abs(at + off), length: elN, type: 'bytes', text: `${elN} bytes`, validity: vb & 64 ? 'valid' : 'invalid' });
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
        w.u64(u32(b, at + 16), u32(b, at + 20));
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
