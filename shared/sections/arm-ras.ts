/**
 * ARM RAS node section (GUID bf32d4d5-b427-4025-8495-8a9e5d4030e4; Arm DEN0085 tables 20-26),
 * declared after libcper's `sections/cper-section-arm-ras.c` and `include/libcper/Cper.h` at
 * commit 7c410e29164b3509cae16ee8297d4226f02674e9. Offsets are those of libcper's packed
 * structures, checked against its `examples/arm-ras.cperhex`:
 *
 *   node (80)          Revision u32, ComponentType u8 (+3 reserved), ErrorSyndromeArrayNumEntries u32,
 *                      ErrorSyndromeArrayOffset u16, AuxiliaryDataOffset u16, IPInstanceFormat u8,
 *                      IPTypeFormat u8 (+6 reserved), IPInstance[16], IPType[24], UserData[16]
 *   descriptor (72)    ErrorRecordIndex u32, RasExtensionRevision u8 (REVISION high nibble, ARCHVER low)
 *                      (+3), ERR_FR, ERR_CTLR, ERR_STATUS, ERR_ADDR, ERR_MISC0..3 (u64 each)
 *   aux header (16)    Version u8 (+1), AddressSpaceArrayEntryCount u16, AuxiliaryDataSize u32,
 *                      KeyValuePairArrayOffset u32, KeyValuePairArrayEntryCount u16 (+2)
 *   context (16 + 16n) Length u32, Flags u8 (bit 0: address space identifier scope) (+1),
 *                      RegisterArrayEntryCount u16, AddressSpaceIdentifier u16 (+6),
 *                      then n × {RegisterAddress u64, RegisterValue u64}
 *   key/value (24)     Key (EFI_GUID), Value u64
 *
 * CPER-JSON: registers and addresses as libcper's `"0x%016llX"` strings, component type and
 * formats as `{raw, value}`, the IP instance and type by format, MPAM PARTID pairs as `mpamPartId`.
 */
import { HEX_BYTES } from '../bytes/hex';
import type { ByteReader } from '../bytes/reader';
import type { FieldNode } from '../decode/node';
import type { FieldSpec, StructSpec, Value } from '../decode/spec';
import { intOf } from '../decode/linux-plan';
import { planNum, writeStruct } from '../decode/json-plan';
import { guidAt } from '../bytes/guid';
import type { JsonText } from '../decode/json-text';
import { expert } from '../decode/expert';
import { arrayNode, element, tile } from './arrays';

import { hexOut, jsonKeys, terminatedString } from './common';
import { structSection } from './define';
import { ascii, bytes, guid, u16, u32, u64, u8 } from '../decode/fields';
import { u16le as le16, u32le as le32 } from '../bytes/le';

const ARM_RAS_GUID = 'bf32d4d5-b427-4025-8495-8a9e5d4030e4';
/** EFI_ARM_RAS_KVP_UUID_MPAM_PARTID (DEN0085 table 26), as libcper's Cper.h declares it. */
const MPAM_PARTID_KEY = 'ebb45182-fb03-4bf9-9aca-8613709fd789';

/** DEN0085 node component types (tree only: libcper writes the number). */
const COMPONENT_TYPES: Readonly<Record<number, string>> = {
  0: 'Processor error node',
  1: 'Memory error node',
  2: 'SMMU error node',
  3: 'Vendor-defined error node',
  4: 'GIC error node',
  5: 'PCIe error node',
  6: 'Proxy error node',
};
const IP_INSTANCE_FORMATS: Readonly<Record<number, string>> = {
  0: 'PE',
  1: 'System physical address',
  2: 'Local address identifier',
  3: 'SoC-specific IP identifier',
};

/** The node, its auxiliary data header and contexts: their JSON is libcper's own walk (writeJson). */
const ARM_RAS_NODE: StructSpec = {
  key: 'armRas',
  label: 'ARM RAS node',
  size: 80,
  fields: [
    u32('revision', 0, { label: 'Revision' }),
    u8('componentType', 4, { label: 'Component type', enum: COMPONENT_TYPES }),
    bytes('reserved0', 5, 3, { label: 'Reserved' }),
    u16('errorSyndromeArrayOffset', 12, { label: 'Error syndrome array offset' }),
    u16('auxDataOffset', 14, { label: 'Auxiliary data offset' }),
    u32('errorSyndromeArrayNumEntries', 8, { label: 'Error syndrome array entries' }),
    u8('ipInstanceFormat', 16, { label: 'IP instance format', enum: IP_INSTANCE_FORMATS }),
    u8('ipTypeFormat', 17, { label: 'IP type format' }),
    bytes('reserved1', 18, 6, { label: 'Reserved' }),
    bytes('ipInstance', 24, 16, { label: 'IP instance' }),
    bytes('ipType', 40, 24, { label: 'IP type' }),
    ascii('userData', 64, 16, { label: 'User data' }),
  ],
};

/** A 64-bit register: libcper's add_int_hex_64 (`"0x%016llX"`) under its own key. */
const REG = (key: string, label: string, at: number): FieldSpec => u64(key, at, { label, json: hexOut(key, 16), hex: true });
const DESCRIPTOR: StructSpec = {
  key: 'errorSyndrome',
  label: 'Error record descriptor',
  size: 72,
  fields: [
    u32('errorRecordIndex', 0, { label: 'Error record index', json: 'errorRecordIndex' }),
    u8('rasExtensionRevision', 4, {
      label: 'RAS extension revision',
      json: [
        { path: 'rasExtensionRevisionField', lo: 4, width: 4 },
        { path: 'rasExtensionArchVersion', lo: 0, width: 4 },
      ],
      bits: [
        { key: 'archVersion', label: 'ARCHVER', lo: 0, width: 4 },
        { key: 'revision', label: 'REVISION', lo: 4, width: 4 },
      ],
    }),
    bytes('reserved', 5, 3, { label: 'Reserved' }),
    REG('errorRecordFeatureRegister', 'ERR<n>FR', 8),
    REG('errorRecordControlRegister', 'ERR<n>CTLR', 16),
    REG('errorRecordPrimaryStatusRegister', 'ERR<n>STATUS', 24),
    REG('errorRecordAddressRegister', 'ERR<n>ADDR', 32),
    REG('errorRecordMiscRegister0', 'ERR<n>MISC0', 40),
    REG('errorRecordMiscRegister1', 'ERR<n>MISC1', 48),
    // MISC2/3: in libcper's JSON only when the RAS extension revision is non-zero (writeJson).
    u64('errorRecordMiscRegister2', 56, { label: 'ERR<n>MISC2', hex: true }),
    u64('errorRecordMiscRegister3', 64, { label: 'ERR<n>MISC3', hex: true }),
  ],
};

const AUX_HEADER: StructSpec = {
  key: 'auxData',
  label: 'Auxiliary data header',
  size: 16,
  fields: [
    u8('version', 0, { label: 'Version' }),
    u8('reserved0', 1, { label: 'Reserved' }),
    u16('addressSpaceArrayEntryCount', 2, { label: 'Address space array entries' }),
    u32('auxiliaryDataSize', 4, { label: 'Auxiliary data size' }),
    u32('keyValuePairArrayOffset', 8, { label: 'Key/value pair array offset' }),
    u16('keyValuePairArrayEntryCount', 12, { label: 'Key/value pair entries' }),
    u16('reserved1', 14, { label: 'Reserved' }),
  ],
};

const CONTEXT: StructSpec = {
  key: 'context',
  label: 'Address space context',
  size: 16,
  fields: [
    u32('length', 0, { label: 'Length' }),
    u8('flags', 4, { label: 'Flags', flags: { 0: 'addressSpaceIdentifierValid' } }),
    u8('reserved0', 5, { label: 'Reserved' }),
    u16('registerArrayEntryCount', 6, { label: 'Register entries' }),
    u16('addressSpaceIdentifier', 8, { label: 'Address space identifier' }),
    bytes('reserved1', 10, 6, { label: 'Reserved' }),
  ],
};

const REGISTER: StructSpec = {
  key: 'register',
  label: 'Register',
  size: 16,
  fields: [REG('address', 'Address', 0), REG('value', 'Value', 8)],
};

const KVP: StructSpec = {
  key: 'keyValuePair',
  label: 'Key/value pair',
  size: 24,
  fields: [
    guid('key', 0, { label: 'Key (UUID)', guids: { [MPAM_PARTID_KEY]: 'MPAM PARTID' } }),
    u64('value', 16, { label: 'Value', hex: true }),
  ],
};

/** What libcper accepts of a node: `reason` set means it writes an empty object and that reason. */
interface NodeView {
  reason?: string;
  count: number;
  descAt: number;
  aux?: AuxView;
}
interface AuxView {
  at: number;
  size: number;
  ctxCount: number;
  kvOffset: number;
  kvCount: number;
  contexts?: { at: number; length: number; regs: number; flags: number }[];
  kvps: boolean;
}

/** libcper's checks (arm_ras_read_node, arm_ras_parse_aux_data), in its order. */
function armRasView(b: Uint8Array, at: number, size: number): NodeView {
  if (size < 80) return { reason: `invalid/too small ${size} < 80`, count: 0, descAt: 0 };
  const count = le32(b, at + 8);
  const offset = le16(b, at + 12);
  const auxOffset = le16(b, at + 14);
  const descBytes = count * 72;
  // UINT32 size - UINT16 offset: wraps when the offset is past the end.
  if (descBytes > (size - offset) >>> 0) return { reason: 'descriptor array out of range', count: 0, descAt: 0 };
  const revision = le32(b, at);
  if (revision !== 1) return { reason: `unsupported ARM RAS revision: ${revision}`, count: 0, descAt: 0 };
  if (offset < 80 || offset >= size || (auxOffset && auxOffset >= size)) return { reason: 'invalid ARM RAS offsets', count: 0, descAt: 0 };
  const view: NodeView = { count, descAt: at + offset };
  if (!auxOffset || auxOffset < 80 + descBytes) return view;
  const auxLen = size - auxOffset;
  if (auxLen < 16) return view;
  const a = at + auxOffset;
  const version = b[a];
  const ctxCount = le16(b, a + 2);
  const auxSize = le32(b, a + 4);
  const kvOffset = le32(b, a + 8);
  const kvCount = le16(b, a + 12);
  const kvOk = (kvCount === 0 && kvOffset === auxSize) || kvOffset < auxSize;
  if (!(version === 1 && auxSize <= auxLen && auxSize >= 16 && kvOk && kvOffset >= 16)) return view;
  const aux: AuxView = { at: a, size: auxSize, ctxCount, kvOffset, kvCount, kvps: false };
  view.aux = aux;
  const ctxs: NonNullable<AuxView['contexts']> = [];
  let cur = 16;
  let remaining = auxSize - 16;
  for (let i = 0; i < ctxCount; i++) {
    if (remaining < 16) return view;
    const length = le32(b, a + cur);
    if (length < 16) return view;
    const regs = le16(b, a + cur + 6);
    const needed = 16 + regs * 16;
    if (length < needed || needed > remaining) return view;
    if (cur + length > kvOffset) return view;
    ctxs.push({ at: a + cur, length, regs, flags: b[a + cur + 4] });
    cur += length;
    remaining -= length;
  }
  aux.contexts = ctxs;
  aux.kvps = kvCount * 24 <= auxSize - kvOffset;
  return view;
}

const K = jsonKeys([
  'message',
  'ArmRas',
  'ipInstance',
  'ipType',
  'userData',
  'errorSyndromes',
  'errorRecordMiscRegister2',
  'errorRecordMiscRegister3',
  'auxData',
  'contexts',
  'flags',
  'addressSpaceIdentifierScope',
  'addressSpaceIdentifier',
  'registers',
  'value',
  'keyValuePairs',
  'key',
  'mpamPartId',
  'version',
  'revision',
  'componentType',
  'errorSyndromeArrayNumEntries',
  'ipInstanceFormat',
  'ipTypeFormat',
  'raw',
  'mpidrEl1',
  'systemPhysicalAddress',
  'localAddressIdentifier',
  'baseAddress',
  'socSpecificIpIdentifier',
  'midrEl1',
  'revidrEl1',
  'aidrEl1',
  'iidr',
  'aidr',
  'pidr3',
  'pidr2',
  'pidr1',
  'pidr0',
  'pidr7',
  'pidr6',
  'pidr5',
  'pidr4',
]);
const HEX = HEX_BYTES;

/** libcper's dictionaries (add_dict: `{raw, value}`, `value` only for a listed index). */
const LIBCPER_COMPONENT_TYPES = [
  'ProcessorErrorNode',
  'MemoryErrorNode',
  'SMMUErrorNode',
  'VendorDefinedErrorNode',
  'GICErrorNode',
  'PciExpressErrorNode',
  'ProxyErrorNode',
];
const LIBCPER_IP_INSTANCE_FORMATS = ['PE', 'SystemPhysicalAddress', 'LocalAddressIdentifier', 'SocSpecificIpIdentifier'];
const LIBCPER_IP_TYPE_FORMATS = ['PE', 'SMMU_IIDR', 'GIC_IIDR', 'PIDR'];

/** libcper's add_int_hex_N: `"0x%0*llX"`, N digits, upper case. */
function hexStr(w: JsonText, key: Uint8Array, b: Uint8Array, o: number, bytes: 1 | 4 | 8): void {
  let s = '';
  for (let i = bytes - 1; i >= 0; i--) s += HEX[b[o + i]];
  w.key(key);
  w.str('0x' + s.toUpperCase());
}
/** add_int_hex_64 of a 64-bit value. */
function hex64(w: JsonText, key: Uint8Array, v: Value): void {
  const x = intOf(v);
  w.key(key);
  w.hex(Number(x & 0xffffffffn), Number(x >> 32n), 16);
}
const num = (w: JsonText, key: Uint8Array, v: number): void => {
  w.key(key);
  w.int(v);
};
function dict(w: JsonText, key: Uint8Array, v: number, names: readonly string[]): void {
  w.key(key);
  w.open();
  num(w, K.raw, v);
  if (v < names.length) {
    w.key(K.value);
    w.str(names[v]);
  }
  w.close();
}

/** `{message, ArmRas: {...}}` as libcper writes it (sections/cper-section-arm-ras.c at 7c410e29). */
function writeJson(w: JsonText, b: Uint8Array, at: number, length: number): void {
  const size = Math.max(0, Math.min(b.length, at + length) - at);
  const view = armRasView(b, at, size);
  w.open();
  w.key(K.message);
  w.str(view.reason ? `ARM RAS (empty): ${view.reason}` : 'ARM RAS error occured');
  w.key(K.ArmRas);
  w.open();
  if (!view.reason) {
    num(w, K.revision, le32(b, at));
    dict(w, K.componentType, b[at + 4], LIBCPER_COMPONENT_TYPES);
    num(w, K.errorSyndromeArrayNumEntries, le32(b, at + 8));
    const instFmt = b[at + 16];
    dict(w, K.ipInstanceFormat, instFmt, LIBCPER_IP_INSTANCE_FORMATS);
    w.key(K.ipInstance);
    w.open();
    const ii = at + 24;
    if (instFmt === 0) hexStr(w, K.mpidrEl1, b, ii, 8);
    else if (instFmt === 1) hexStr(w, K.systemPhysicalAddress, b, ii, 8);
    else if (instFmt === 2) {
      hexStr(w, K.localAddressIdentifier, b, ii, 8);
      hexStr(w, K.baseAddress, b, ii + 8, 8);
    } else if (instFmt === 3) {
      w.key(K.socSpecificIpIdentifier);
      w.str('<OpaqueData>');
    }
    w.close();
    const typeFmt = b[at + 17];
    dict(w, K.ipTypeFormat, typeFmt, LIBCPER_IP_TYPE_FORMATS);
    w.key(K.ipType);
    w.open();
    const it = at + 40;
    // libcper's switch: format 1 (SMMU_IIDR) is printed as the GIC layout and format 2 (GIC_IIDR)
    // as the PIDR bytes; format 3 (PIDR) prints nothing. Reproduced as written.
    if (typeFmt === 0) {
      hexStr(w, K.midrEl1, b, it, 8);
      hexStr(w, K.revidrEl1, b, it + 8, 8);
      hexStr(w, K.aidrEl1, b, it + 16, 8);
    } else if (typeFmt === 1) {
      hexStr(w, K.iidr, b, it, 4);
      hexStr(w, K.aidr, b, it + 4, 4);
    } else if (typeFmt === 2) {
      const order = [K.pidr3, K.pidr2, K.pidr1, K.pidr0, K.pidr7, K.pidr6, K.pidr5, K.pidr4];
      order.forEach((k, i) => hexStr(w, k, b, it + i, 1));
    }
    w.close();
    const user = terminatedString(b, at + 64, 16);
    if (user !== undefined) {
      w.key(K.userData);
      w.str(user);
    }
    w.key(K.errorSyndromes);
    w.openArray();
    for (let i = 0; i < view.count; i++) {
      w.item();
      writeStruct(w, DESCRIPTOR, b, view.descAt + i * 72, at + size, (w, d) => {
        if (!planNum(d, 'rasExtensionRevision')) return;
        hex64(w, K.errorRecordMiscRegister2, d.view.errorRecordMiscRegister2);
        hex64(w, K.errorRecordMiscRegister3, d.view.errorRecordMiscRegister3);
      });
    }
    w.closeArray();
    const aux = view.aux;
    if (aux) {
      w.key(K.auxData);
      w.open();
      num(w, K.version, b[aux.at]);
      if (aux.contexts) {
        w.key(K.contexts);
        w.openArray();
        for (const c of aux.contexts) {
          w.item();
          w.open();
          w.key(K.flags);
          w.open();
          w.key(K.addressSpaceIdentifierScope);
          w.str(c.flags & 1 ? 'LocalAddressSpace' : 'SystemPhysicalAddressSpace');
          w.close();
          if (c.flags & 1) num(w, K.addressSpaceIdentifier, le16(b, c.at + 8));
          w.key(K.registers);
          w.openArray();
          for (let r = 0; r < c.regs; r++) {
            w.item();
            writeStruct(w, REGISTER, b, c.at + 16 + r * 16, at + size);
          }
          w.closeArray();
          w.close();
        }
        w.closeArray();
        if (aux.kvps) {
          w.key(K.keyValuePairs);
          w.openArray();
          for (let i = 0; i < aux.kvCount; i++) {
            const o = aux.at + aux.kvOffset + i * 24;
            const key = guidAt(b, o);
            w.item();
            w.open();
            w.key(K.key);
            w.str(key);
            if (key === MPAM_PARTID_KEY) num(w, K.mpamPartId, le16(b, o + 16));
            else hexStr(w, K.value, b, o + 16, 8);
            w.close();
          }
          w.closeArray();
        }
      }
      w.close();
    }
  }
  w.close();
  w.close();
}

/** Tree: the node, the descriptors at their offset, and the auxiliary data as libcper reads them. */
function extendTree(r: ByteReader, at: number, length: number, node: FieldNode): void {
  if (r.lean) return;
  const end = at + length;
  const b = r.bytes;
  const view = armRasView(b, at, length);
  const parts: FieldNode[] = [...(node.children ?? [])];
  if (!view.reason) {
    const descs: FieldNode[] = [];
    for (let i = 0; i < view.count && view.descAt + (i + 1) * 72 <= end; i++)
      descs.push(element(r, view.descAt + i * 72, DESCRIPTOR, end, `errorSyndrome${i}`, `Error record descriptor ${i}`).node);
    if (descs.length) parts.push(arrayNode('errorSyndromes', 'Error syndrome array', r, view.descAt, descs.length * 72, descs));
    const aux = view.aux;
    if (aux) {
      const kids: FieldNode[] = [...(element(r, aux.at, AUX_HEADER, aux.at + 16, 'header', 'Header').node.children ?? [])];
      for (const [i, c] of (aux.contexts ?? []).entries()) {
        const ctx = element(r, c.at, CONTEXT, c.at + c.length, `context${i}`, `Address space context ${i}`).node;
        const regs: FieldNode[] = [];
        for (let k = 0; k < c.regs; k++)
          regs.push(element(r, c.at + 16 + k * 16, REGISTER, c.at + c.length, `register${k}`, `Register ${k}`).node);
        ctx.children = tile(r, c.at, c.at + c.length, [...(ctx.children ?? []), ...regs], 'unused', 'Unused');
        ctx.length = c.length;
        kids.push(ctx);
      }
      if (aux.contexts && aux.kvps) {
        const kvs: FieldNode[] = [];
        for (let i = 0; i < aux.kvCount; i++)
          kvs.push(element(r, aux.at + aux.kvOffset + i * 24, KVP, aux.at + aux.size, `keyValuePair${i}`, `Key/value pair ${i}`).node);
        if (kvs.length) kids.push(arrayNode('keyValuePairs', 'Key/value pairs', r, aux.at + aux.kvOffset, aux.kvCount * 24, kvs));
      }
      const auxNode: FieldNode = {
        key: 'auxData',
        label: 'Auxiliary data',
        offset: r.abs(aux.at),
        length: aux.size,
        type: 'struct',
        text: '',
        validity: 'valid',
      };
      auxNode.children = tile(r, aux.at, aux.at + aux.size, kids, 'unparsed', 'Not parsed by libcper');
      parts.push(auxNode);
    }
  }
  node.children = tile(
    r,
    at,
    end,
    parts,
    'unparsed',
    view.reason ? `Not parsed (${view.reason})` : 'Bytes outside the declared structures',
  );
  node.length = Math.max(0, length);
}

const BASE = structSection({
  guid: ARM_RAS_GUID,
  name: 'ARM RAS node',
  libcperName: 'ARM RAS',
  jsonKey: null,
  spec: ARM_RAS_NODE,
  summary: (v) => `ARM RAS ${COMPONENT_TYPES[v.componentType as number] ?? 'node'}, ${v.errorSyndromeArrayNumEntries ?? 0} error records`,
  extend({ r, at, length, node, diagnostics }) {
    const view = armRasView(r.bytes, at, Math.min(length, r.length - at));
    if (view.reason && length >= 80)
      diagnostics.push(expert('arm-ras.not-parsed', `libcper would not parse this node: ${view.reason}`, r.abs(at), Math.min(length, 80)));
    extendTree(r, at, Math.min(length, r.length - at), node);
  },
});

export const ARM_RAS = { ...BASE, json: writeJson };
