/** Vendor sections libcper decodes: NVIDIA (CPER v1 register dump) and Ampere. */
import { decodeStruct } from '../decode/struct';
import { bytesNode } from './arrays';
import { keyBytes, type JsonText } from '../decode/json-text';
import { planNum, writeStruct } from '../decode/json-plan';
import { JSON_SEVERITY, jsonKeys, pair } from './common';
import { structSection } from './define';
import { REGISTER_PAIR } from './pci';
import { ascii, struct, u16, u32, u64, u8 } from '../decode/fields';
import { expert } from '../decode/expert';
import { u32le as le32 } from '../bytes/le';

const NVIDIA_SPEC = struct({
  key: 'nvidia',
  label: 'NVIDIA error',
  size: 32,
  fields: [
    ascii('signature', 0, 16, { label: 'Signature', json: { path: 'signature', shape: 'str' } }),
    u16('errorType', 16, { label: 'Error type', json: 'errorType' }),
    u16('errorInstance', 18, { label: 'Error instance', json: 'errorInstance' }),
    u8('severity', 20, { label: 'Severity', json: pair('severity', JSON_SEVERITY, 'Unknown', { valueKey: 'code' }), enum: JSON_SEVERITY }),
    u8('socket', 21, { label: 'Socket', json: 'socket' }),
    u8('registerCount', 22, { label: 'Register count', json: 'registerCount' }),
    u8('reserved', 23, { label: 'Reserved' }),
    u64('instanceBase', 24, { label: 'Instance base', json: 'instanceBase', hex: true }),
  ],
});

const NV_REG = struct({
  ...REGISTER_PAIR,
  fields: [
    { ...REGISTER_PAIR.fields[0], json: 'address' },
    { ...REGISTER_PAIR.fields[1], json: 'value' },
  ],
});

const K_REGS = keyBytes('registers');

export const NVIDIA = structSection({
  guid: '6d5244f2-2712-11ec-bea7-cb3fdb95c786',
  name: 'NVIDIA',
  libcperName: 'NVIDIA',
  jsonKey: 'Nvidia',
  spec: NVIDIA_SPEC,
  message: (v) => `A ${JSON_SEVERITY[v.severity ?? -1] ?? 'Unknown'} ${v.signature ?? ''} NVIDIA Error occurred on CPU ${v.socket ?? 0}`,
  extend({ r, at, length, node, v, diagnostics }) {
    const n = v.registerCount ?? 0;
    const fit = Math.max(0, Math.floor((length - 32) / 16));
    if (n > fit)
      diagnostics.push(expert('nvidia.registers', `${n} registers declared; only ${fit} fit in ${length} bytes`, r.abs(at + 22), 1));
    for (let i = 0; i < Math.min(n, fit); i++) {
      const o = at + 32 + i * 16;
      const d = decodeStruct(r, o, NV_REG, at + length);
      d.node.key = `register${i}`;
      d.node.label = `Register ${i}`;
      node.children!.push(d.node);
    }
  },
  // libcper picks the register layout by signature: "CMET-INFO" channel records, "FWERROR" one
  // firmware-error block, anything else address/value pairs; an entry past the section is null.
  json(w, { b, at, end, p }) {
    const n = planNum(p, 'registerCount') ?? 0;
    const sig = String.fromCharCode(...b.subarray(at, Math.min(end, at + 9)));
    const size = end - at;
    if (sig.startsWith('FWERROR')) {
      w.key(K_FW);
      if (32 + 88 > size) w.raw(NULL);
      else writeFwError(w, b, at + 32);
      return;
    }
    const cmet = sig === 'CMET-INFO';
    w.key(cmet ? K_CMET : K_REGS);
    w.openArray();
    for (let i = 0; i < n; i++) {
      w.item();
      const o = at + 32 + i * 16;
      if (32 + (i + 1) * 16 > size) w.raw(NULL);
      else if (cmet) writeCmet(w, b, o);
      else writeStruct(w, NV_REG, b, o, end);
    }
    w.closeArray();
  },
});

const K_FW = keyBytes('FWErrorInfo');
const K_CMET = keyBytes('CMETInfo');
const NULL = new TextEncoder().encode('null');
const CMET_KEYS = jsonKeys([
  'ChannelAddress',
  'ErrorCount',
  'ChannelEnabled',
  'ChannelIsSpare',
  'DisabledReason',
  'raw',
  'value',
  'initiating_firmware',
  'task_checkpoint',
  'mb1_error_code',
  'mb1_version_string',
  'bad_pages_retired_mask',
  'training_or_alias_check_retired_mask',
]);
/** libcper's channel_disable_reason_dict (cper-section-nvidia.h). */
const DISABLE_REASONS = [
  'Alias Checker Failed',
  'Training at POR frequency failed',
  'Training at boot frequency failed',
  'Threshold of bad pages exceeded',
];
function hex64(w: JsonText, key: Uint8Array, b: Uint8Array, o: number): void {
  w.key(key);
  w.str(
    '0x' +
      le32(b, o + 4)
        .toString(16)
        .toUpperCase()
        .padStart(8, '0') +
      le32(b, o).toString(16).toUpperCase().padStart(8, '0'),
  );
}

/** EFI_NVIDIA_CMET_CHANNEL_INFO over a register's value: ErrorCount u32, then enable/spare/disabled bits. */
function writeCmet(w: JsonText, b: Uint8Array, o: number): void {
  w.open();
  hex64(w, CMET_KEYS.ChannelAddress, b, o);
  const count = le32(b, o + 8);
  w.key(CMET_KEYS.ErrorCount);
  // add_int: an int, so a count of 2^31 or more comes out negative.
  w.int(count >= 0x80000000 ? count - 0x100000000 : count);
  const bits = le32(b, o + 12);
  w.key(CMET_KEYS.ChannelEnabled);
  w.bool((bits & 1) !== 0);
  w.key(CMET_KEYS.ChannelIsSpare);
  w.bool((bits & 2) !== 0);
  const reason = (bits >> 3) & 3;
  w.key(CMET_KEYS.DisabledReason);
  w.open();
  w.key(CMET_KEYS.raw);
  w.int(reason);
  w.key(CMET_KEYS.value);
  w.str(DISABLE_REASONS[reason]);
  w.close();
  w.close();
}

/** EFI_NVIDIA_FWERROR (88 bytes after the 32-byte header), the members libcper writes. */
function writeFwError(w: JsonText, b: Uint8Array, o: number): void {
  w.open();
  const str = (key: Uint8Array, at: number) => {
    let n = 0;
    while (n < 8 && b[at + n] !== 0) n++;
    if (n === 0 || n === 8) return;
    for (let i = 0; i < n; i++) if (b[at + i] < 0x20 || b[at + i] > 0x7e) return;
    w.key(key);
    w.str(String.fromCharCode(...b.subarray(at, at + n)));
  };
  str(CMET_KEYS.initiating_firmware, o);
  hex64(w, CMET_KEYS.task_checkpoint, b, o + 8);
  hex64(w, CMET_KEYS.mb1_error_code, b, o + 16);
  str(CMET_KEYS.mb1_version_string, o + 24);
  hex64(w, CMET_KEYS.bad_pages_retired_mask, b, o + 32);
  hex64(w, CMET_KEYS.training_or_alias_check_retired_mask, b, o + 40);
  w.close();
}

const AMPERE_SPEC = struct({
  key: 'ampere',
  label: 'Ampere error',
  size: 8,
  fields: [
    u16('typeId', 0, { label: 'Type ID', json: 'typeId' }),
    u16('subTypeId', 2, { label: 'Subtype ID', json: 'subTypeId' }),
    u32('instanceId', 4, { label: 'Instance ID', json: 'instanceId' }),
  ],
});

export const AMPERE = structSection({
  guid: '2826cc9f-448c-4c2b-86b6-a95394b7ef33',
  name: 'Ampere',
  libcperName: 'Ampere',
  jsonKey: 'Ampere',
  spec: AMPERE_SPEC,
  message: () => 'An Ampere Error occurred',
  extend({ r, at, length, node }) {
    if (length > 8) node.children!.push(bytesNode('vendorData', 'Vendor data', r, at + 8, length - 8, 'valid'));
  },
});
