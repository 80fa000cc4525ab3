/** Vendor sections libcper decodes: NVIDIA (CPER v1 register dump) and Ampere. */
import { bytesNode, element } from './arrays';
import { keyBytes } from '../decode/json-text';
import { planNum, writeStruct } from '../decode/json-plan';
import { JSON_SEVERITY, hexOut, listToRecord, pair, terminatedOut } from './common';
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
    for (let i = 0; i < Math.min(n, fit); i++)
      node.children!.push(element(r, at + 32 + i * 16, NV_REG, at + length, `register${i}`, `Register ${i}`).node);
  },
  // libcper picks the register layout by signature: "CMET-INFO" channel records, "FWERROR" one
  // firmware-error block, anything else address/value pairs; an entry past the section is null.
  json(w, { b, at, end, p }) {
    const n = planNum(p, 'registerCount') ?? 0;
    const sig = String.fromCharCode(...b.subarray(at, Math.min(end, at + 9)));
    const size = end - at;
    if (sig.startsWith('FWERROR')) {
      w.key(K_FW);
      if (32 + FW_ERROR.size > size) w.raw(NULL);
      else writeStruct(w, FW_ERROR, b, at + 32, end);
      return;
    }
    const cmet = sig === 'CMET-INFO';
    w.key(cmet ? K_CMET : K_REGS);
    w.openArray();
    for (let i = 0; i < n; i++) {
      w.item();
      const o = at + 32 + i * 16;
      if (32 + (i + 1) * 16 > size) w.raw(NULL);
      else writeStruct(w, cmet ? CMET_CHANNEL : NV_REG, b, o, end);
    }
    w.closeArray();
  },
});

const K_FW = keyBytes('FWErrorInfo');
const K_CMET = keyBytes('CMETInfo');
const NULL = new TextEncoder().encode('null');
const K_ERROR_COUNT = keyBytes('ErrorCount');

/** libcper's channel_disable_reason_dict (cper-section-nvidia.h). */
const DISABLE_REASONS = listToRecord([
  'Alias Checker Failed',
  'Training at POR frequency failed',
  'Training at boot frequency failed',
  'Threshold of bad pages exceeded',
]);

/**
 * EFI_NVIDIA_CMET_CHANNEL_INFO: how libcper reads each register pair when the signature is
 * "CMET-INFO" (its JSON only; the tree shows the pairs).
 */
const CMET_CHANNEL = struct({
  key: 'cmetChannel',
  label: 'CMET channel information',
  size: 16,
  fields: [
    u64('channelAddress', 0, { label: 'Channel address', hex: true, json: hexOut('ChannelAddress', 16) }),
    u32('errorCount', 8, {
      label: 'Error count',
      // add_int: an int, so a count of 2^31 or more comes out negative.
      json: {
        path: 'ErrorCount',
        write: (w, b, off) => {
          const count = le32(b, off);
          w.key(K_ERROR_COUNT);
          w.int(count >= 0x80000000 ? count - 0x100000000 : count);
        },
      },
    }),
    u32('channelFlags', 12, {
      label: 'Channel flags',
      hex: true,
      bits: [
        { key: 'channelEnabled', lo: 0, json: { path: 'ChannelEnabled', shape: 'bool' } },
        { key: 'channelIsSpare', lo: 1, json: { path: 'ChannelIsSpare', shape: 'bool' } },
        {
          key: 'disabledReason',
          lo: 3,
          width: 2,
          json: { path: 'DisabledReason', shape: 'pair', names: DISABLE_REASONS, valueKey: 'raw', nameKey: 'value' },
        },
      ],
    }),
  ],
});

/** EFI_NVIDIA_FWERROR (88 bytes after the 32-byte header) when the signature is "FWERROR": the members libcper writes. */
const FW_ERROR = struct({
  key: 'fwError',
  label: 'NVIDIA firmware error',
  size: 88,
  fields: [
    ascii('initiatingFirmware', 0, 8, { label: 'Initiating firmware', json: terminatedOut('initiating_firmware', 8) }),
    u64('taskCheckpoint', 8, { label: 'Task checkpoint', hex: true, json: hexOut('task_checkpoint', 16) }),
    u64('mb1ErrorCode', 16, { label: 'MB1 error code', hex: true, json: hexOut('mb1_error_code', 16) }),
    ascii('mb1VersionString', 24, 8, { label: 'MB1 version', json: terminatedOut('mb1_version_string', 8) }),
    u64('badPagesRetiredMask', 32, { label: 'Bad pages retired mask', hex: true, json: hexOut('bad_pages_retired_mask', 16) }),
    u64('trainingOrAliasCheckRetiredMask', 40, {
      label: 'Training or alias check retired mask',
      hex: true,
      json: hexOut('training_or_alias_check_retired_mask', 16),
    }),
  ],
});

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
