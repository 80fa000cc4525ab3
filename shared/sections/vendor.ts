/** Vendor sections libcper decodes: NVIDIA (CPER v1 register dump) and Ampere. */
import type { StructSpec } from '../decode/spec';
import { decodeStruct } from '../decode/struct';
import { keyBytes } from '../export/cper-json/text';
import { planNum, writeStruct } from '../export/cper-json/walk';
import { f, JSON_SEVERITY, pair } from './common';
import { structSection } from './define';
import { REGISTER_PAIR } from './pci';

export const NVIDIA_SPEC: StructSpec = {
  key: 'nvidia', label: 'NVIDIA error', size: 32,
  fields: [
    f('signature', 'Signature', 0, 'ascii', undefined, { path: 'signature', shape: 'str' }, { size: 16 }),
    f('errorType', 'Error type', 16, 'u16', undefined, 'errorType'),
    f('errorInstance', 'Error instance', 18, 'u16', undefined, 'errorInstance'),
    f('severity', 'Severity', 20, 'u8', undefined, pair('severity', JSON_SEVERITY, 'Unknown', { valueKey: 'code' }), { enum: JSON_SEVERITY }),
    f('socket', 'Socket', 21, 'u8', undefined, 'socket'),
    f('registerCount', 'Register count', 22, 'u8', undefined, 'registerCount'),
    f('reserved', 'Reserved', 23, 'u8'),
    f('instanceBase', 'Instance base', 24, 'u64', undefined, 'instanceBase', { hex: true }),
  ],
};

const NV_REG: StructSpec = { ...REGISTER_PAIR, fields: [
  { ...REGISTER_PAIR.fields[0], json: 'address' },
  { ...REGISTER_PAIR.fields[1], json: 'value' },
] };

const K_REGS = keyBytes('registers');

export const NVIDIA = structSection({
  guid: '6d5244f2-2712-11ec-bea7-cb3fdb95c786', name: 'NVIDIA', jsonKey: 'Nvidia', spec: NVIDIA_SPEC,
  message: (v) => `A ${JSON_SEVERITY[v.severity as number] ?? 'Unknown'} ${v.signature ?? ''} NVIDIA Error occurred on CPU ${v.socket ?? 0}`,
  extend({ r, at, length, node, v, diagnostics }) {
    const n = (v.registerCount as number | undefined) ?? 0;
    const fit = Math.max(0, Math.floor((length - 32) / 16));
    if (n > fit) diagnostics.push({ level: 'error', code: 'nvidia.registers', message: `${n} registers declared; only ${fit} fit in ${length} bytes`, offset: r.abs(at + 22), length: 1 });
    for (let i = 0; i < Math.min(n, fit); i++) {
      const o = at + 32 + i * 16;
      const d = decodeStruct(r, o, NV_REG, at + length);
      d.node.key = `register${i}`;
      d.node.label = `Register ${i}`;
      node.children!.push(d.node);
    }
  },
  json(w, { b, at, length, end, p }) {
    const count = Math.min(planNum(p, 'registerCount') ?? 0, Math.max(0, Math.floor((length - 32) / 16)));
    w.key(K_REGS);
    w.openArray();
    for (let i = 0; i < count; i++) {
      w.item();
      writeStruct(w, NV_REG, b, at + 32 + i * 16, end);
    }
    w.closeArray();
  },
});

export const AMPERE_SPEC: StructSpec = {
  key: 'ampere', label: 'Ampere error', size: 8,
  fields: [
    f('typeId', 'Type ID', 0, 'u16', undefined, 'typeId'),
    f('subTypeId', 'Subtype ID', 2, 'u16', undefined, 'subTypeId'),
    f('instanceId', 'Instance ID', 4, 'u32', undefined, 'instanceId'),
  ],
};

export const AMPERE = structSection({
  guid: '2826cc9f-448c-4c2b-86b6-a95394b7ef33', name: 'Ampere', jsonKey: 'Ampere', spec: AMPERE_SPEC,
  message: () => 'An Ampere Error occurred',
  extend({ r, at, length, node }) {
    if (length > 8) node.children!.push({ key: 'vendorData', label: 'Vendor data', offset: r.abs(at + 8), length: length - 8, type: 'bytes', text: `${length - 8} bytes`, validity: 'valid' });
  },
});
