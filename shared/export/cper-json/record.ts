/**
 * DecodedRecord → CPER-JSON in libcper's conventions (key names, `{value,name}` pairs,
 * `{major,minor}` revisions, fields whose validation bit is clear left out, 64-bit integers
 * exact). Section bodies come from the section decoders' `values.json`; a section without
 * one (unknown type, pstore) is `{"Unknown": {"data": base64}}` as libcper writes it.
 */
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import type { FieldNode } from '../../decode/node';
import { libcperSectionName } from '../../sections/registry';
import { toBase64 } from './base64';
import type { JObj, Json } from './serialize';

import { JSON_SEVERITY } from '../../sections/common';
export { JSON_SEVERITY };
const HEADER_FLAG_NAMES: Readonly<Record<number, string>> = { 1: 'HW_ERROR_FLAGS_RECOVERED', 2: 'HW_ERROR_FLAGS_PREVERR', 4: 'HW_ERROR_FLAGS_SIMULATED' };
const NOTIFY: Readonly<Record<string, string>> = {
  '2dce8bb1-bdd7-450e-b9ad-9cf4ebd4f890': 'CMC', '4e292f96-d843-4a55-a8c2-d481f27ebeee': 'CPE', 'e8f56ffe-919c-4cc5-ba88-65abe14913bb': 'MCE',
  'cf93c01f-1a16-4dfc-b8bc-9c4daf67c104': 'PCIe', 'cc5263e8-9308-454a-89d0-340bd39bc98e': 'INIT', '5bad89ff-b7e6-42c9-814a-cf2485d6e98a': 'NMI',
  '3d61a466-ab40-409a-a698-f362d464b38f': 'BOOT', '667dd791-c6b3-4c27-8a6b-0f8e722deb41': 'DMAr', '9a78788a-bbe8-11e4-809e-67611e5d46b0': 'SEA',
  '5c284c81-b0ae-4e87-a322-b04c85624323': 'SEI', '09a9d5ac-5204-4214-96e5-94992e752bcd': 'PEI', '69293bc9-41df-49a3-b4bd-4fb0db3041f6': 'CXL Component',
};
const SECTION_FLAG_NAMES = ['primary', 'containmentWarning', 'reset', 'errorThresholdExceeded', 'resourceNotAccessible', 'latentError', 'propagated', 'overflow'];

function child(n: FieldNode | undefined, key: string): FieldNode | undefined {
  const cs = n?.children;
  if (!cs) return undefined;
  for (let i = 0; i < cs.length; i++) if (cs[i].key === key) return cs[i];
  return undefined;
}

/** A field's raw value as a JSON number (bigint for 64-bit), `undefined` when absent. */
function num(n: FieldNode | undefined, key: string): number | bigint | undefined {
  const c = child(n, key);
  if (!c || c.validity === 'absent' || c.raw === undefined) return undefined;
  if (typeof c.raw === 'number') return c.raw;
  return c.type === 'u64' ? BigInt(c.raw) : undefined;
}

function str(n: FieldNode | undefined, key: string): string | undefined {
  const c = child(n, key);
  return c && c.validity !== 'absent' && typeof c.raw === 'string' ? c.raw : undefined;
}

function asciiOf(n: FieldNode | undefined, key: string): string | undefined {
  const c = child(n, key);
  if (!c || c.validity === 'absent' || typeof c.raw !== 'string') return undefined;
  let s = '';
  for (let i = 0; i + 1 < c.raw.length; i += 2) {
    const b = parseInt(c.raw.slice(i, i + 2), 16);
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

const revision = (v: number | bigint | undefined): JObj | undefined =>
  v === undefined ? undefined : { major: Number(v) >> 8, minor: Number(v) & 0xff };
const severity = (v: number | bigint | undefined): JObj | undefined =>
  v === undefined ? undefined : { code: Number(v), name: JSON_SEVERITY[Number(v)] ?? 'Unknown' };

function set(o: JObj, k: string, v: Json | undefined): void {
  if (v !== undefined) o[k] = v;
}

export function headerJson(rec: DecodedRecord): JObj {
  const h = rec.header;
  const o: JObj = {};
  const vb = rec.validationBits ?? 0;
  set(o, 'revision', revision(num(h, 'revision')));
  set(o, 'sectionCount', num(h, 'sectionCount'));
  set(o, 'severity', severity(num(h, 'severity')));
  set(o, 'recordLength', num(h, 'recordLength'));
  if (vb & 2 && rec.timestamp.iso && (rec.timestamp.encoding === 'bcd' || rec.timestamp.encoding === 'unix')) {
    o.timestamp = rec.timestamp.iso.replace(/Z$/, '+00:00');
    o.timestampIsPrecise = rec.timestamp.precise ?? false;
  }
  if (vb & 1) set(o, 'platformID', rec.platformId);
  if (vb & 4) set(o, 'partitionID', rec.partitionId);
  set(o, 'creatorID', rec.creatorId);
  if (rec.notificationType !== undefined) o.notificationType = { guid: rec.notificationType, type: NOTIFY[rec.notificationType] ?? 'Unknown' };
  set(o, 'recordID', num(h, 'recordId'));
  if (rec.flags !== undefined) o.flags = { value: rec.flags, name: HEADER_FLAG_NAMES[rec.flags] ?? 'Unknown' };
  set(o, 'persistenceInfo', num(h, 'persistenceInfo'));
  return o;
}

export function descriptorJson(sec: DecodedSection): JObj {
  const d = sec.descriptor;
  const o: JObj = {};
  set(o, 'sectionOffset', num(d, 'sectionOffset'));
  set(o, 'sectionLength', num(d, 'sectionLength'));
  set(o, 'revision', revision(num(d, 'revision')));
  const fl = num(d, 'flags');
  if (fl !== undefined) {
    const flags: JObj = {};
    SECTION_FLAG_NAMES.forEach((n, i) => (flags[n] = ((Number(fl) >>> i) & 1) === 1));
    o.flags = flags;
  }
  if (sec.type !== undefined) o.sectionType = { data: sec.type, type: libcperSectionName(sec.type) };
  const vb = Number(num(d, 'validationBits') ?? 0);
  if (vb & 1) set(o, 'fruID', str(d, 'fruId'));
  if (vb & 2) set(o, 'fruText', asciiOf(d, 'fruText'));
  set(o, 'severity', severity(num(d, 'severity')));
  return o;
}

/** Reads `length` bytes at an absolute source offset (fewer or none past the end). */
export type ReadBytes = (offset: number, length: number) => Uint8Array | undefined;

/** A ReadBytes over a buffer whose first byte is at absolute offset `base`. */
export function bufferReader(buf: Uint8Array, base = 0): ReadBytes {
  return (offset, length) => {
    const s = Math.max(0, offset - base);
    return buf.subarray(Math.min(s, buf.length), Math.min(buf.length, s + Math.max(0, length)));
  };
}

/**
 * The section object. `read` gives the source bytes (offsets are absolute); it is needed
 * only for sections shown as raw bytes (unknown types, pstore).
 */
export function sectionJson(sec: DecodedSection, read?: ReadBytes): JObj {
  const vals = sec.values as { json?: JObj } | undefined;
  if (vals?.json) return vals.json;
  const bytes = read?.(sec.offset, sec.length) ?? new Uint8Array(0);
  return { Unknown: { data: toBase64(bytes) } };
}

export function recordJson(rec: DecodedRecord, read?: ReadBytes): JObj {
  return {
    header: headerJson(rec),
    sectionDescriptors: rec.sections.map(descriptorJson),
    sections: rec.sections.map((s) => sectionJson(s, read)),
  };
}

/** A descriptor + section file (libcper `to-json-section`). */
export function sectionOnlyJson(sec: DecodedSection, read?: ReadBytes): JObj {
  return { sectionDescriptor: descriptorJson(sec), section: sectionJson(sec, read) };
}
