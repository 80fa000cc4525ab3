/** CXL Protocol Error section (UEFI 2.10 N.2.13; Linux cxl_cper_sec_prot_err; libcper). */
import type { StructSpec } from '../decode/spec';
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

export const CXL_PROTOCOL_SPEC: StructSpec = {
  key: 'cxlProtocol', label: 'CXL protocol error', size: 116, validation: 'validationBits',
  fields: [
    f('validationBits', 'Validation bits', 0, 'u64', undefined, undefined, {
      flags: flagNames(['cxlAgentTypeValid', 'cxlAgentAddressValid', 'deviceIDValid', 'deviceSerialValid', 'capabilityStructureValid', 'cxlDVSECValid', 'cxlErrorLogValid']),
    }),
    f('agentType', 'CXL agent type', 8, 'u8', 0, pair('agentType', CXL_AGENT_TYPES_LIBCPER, 'Unknown (Reserved)'), { enum: CXL_AGENT_TYPES }),
    f('reserved0', 'Reserved', 9, 'bytes', undefined, undefined, { size: 7 }),
    f('agentAddress', 'CXL agent address / RCRB base', 16, 'u64', 1, undefined, { hex: true }),
    f('vendorId', 'Vendor ID', 24, 'u16', 2, { path: 'deviceID.vendorID', valid: 'always' }, { hex: true }),
    f('deviceId', 'Device ID', 26, 'u16', 2, 'deviceID.deviceID', { hex: true }),
    f('subsystemVendorId', 'Subsystem vendor ID', 28, 'u16', 2, 'deviceID.subsystemVendorID', { hex: true }),
    f('subsystemDeviceId', 'Subsystem device ID', 30, 'u16', 2, 'deviceID.subsystemDeviceID', { hex: true }),
    f('classCode', 'Class code', 32, 'u16', 2, 'deviceID.classCode', { hex: true }),
    f('slot', 'Slot', 34, 'u16', 2, undefined, { bits: [{ key: 'slotNumber', lo: 3, width: 13, json: 'deviceID.slotNumber' }] }),
    f('reserved1', 'Reserved', 36, 'u32'),
    f('serial', 'Device serial number', 40, 'u64', 3, 'deviceSerial', { hex: true }),
    f('capability', 'Capability structure', 48, 'bytes', 4, { path: 'capabilityStructure', shape: 'b64' }, { size: 60 }),
    f('dvsecLength', 'CXL DVSEC length', 108, 'u16', undefined, { path: 'dvsecLength', valid: 5 }),
    f('errorLogLength', 'CXL error log length', 110, 'u16', undefined, { path: 'errorLogLength', valid: 6 }),
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
