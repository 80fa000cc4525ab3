/**
 * DecodedRecord → CPER-JSON in libcper's conventions (key names, `{value,name}` pairs,
 * `{major,minor}` revisions, fields whose validation bit is clear left out, 64-bit integers
 * exact). Section bodies come from the section decoders' `values.json`; a section without
 * one (unknown type, pstore) is `{"Unknown": {"data": base64}}` as libcper writes it.
 */
import type { DecodedRecord, DecodedSection } from '../../cper/record';
import { ByteReader } from '../../bytes/reader';
import { SECTION_DESCRIPTOR } from '../../cper/layout';
import { decodeStruct, type Value } from '../../decode/struct';
import { libcperSectionName } from '../../sections/registry';
import { toBase64 } from './base64';
import type { JObj } from './serialize';

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

const revision = (v: number | undefined): JObj | undefined =>
  v === undefined ? undefined : { major: v >> 8, minor: v & 0xff };
const severity = (v: number | undefined): JObj | undefined =>
  v === undefined ? undefined : { code: v, name: JSON_SEVERITY[v] ?? 'Unknown' };

/** A 64-bit value as a JSON integer: a number when exact (< 2^53), else a bigint. */
function int64(hex: string | undefined): number | bigint | undefined {
  if (hex === undefined) return undefined;
  const n = parseInt(hex, 16);
  return n <= Number.MAX_SAFE_INTEGER ? n : BigInt(hex);
}

export function headerJson(rec: DecodedRecord): JObj {
  const o: JObj = {};
  const vb = rec.validationBits ?? 0;
  if (rec.revision !== undefined) o.revision = revision(rec.revision)!;
  if (rec.sectionCount !== undefined) o.sectionCount = rec.sectionCount;
  if (rec.severity !== undefined) o.severity = severity(rec.severity)!;
  if (rec.recordLength !== undefined) o.recordLength = rec.recordLength;
  if (vb & 2 && rec.timestamp.iso && (rec.timestamp.encoding === 'bcd' || rec.timestamp.encoding === 'unix')) {
    o.timestamp = rec.timestamp.iso.endsWith('Z') ? rec.timestamp.iso.slice(0, -1) + '+00:00' : rec.timestamp.iso;
    o.timestampIsPrecise = rec.timestamp.precise ?? false;
  }
  if (vb & 1 && rec.platformId !== undefined) o.platformID = rec.platformId;
  if (vb & 4 && rec.partitionId !== undefined) o.partitionID = rec.partitionId;
  if (rec.creatorId !== undefined) o.creatorID = rec.creatorId;
  if (rec.notificationType !== undefined) o.notificationType = { guid: rec.notificationType, type: NOTIFY[rec.notificationType] ?? 'Unknown' };
  if (rec.recordIdHex !== undefined) o.recordID = int64(rec.recordIdHex)!;
  if (rec.flags !== undefined) o.flags = { value: rec.flags, name: HEADER_FLAG_NAMES[rec.flags] ?? 'Unknown' };
  if (rec.persistenceInfo !== undefined) o.persistenceInfo = int64(rec.persistenceInfo)!;
  return o;
}

/**
 * The descriptor's values: from its field tree when it has one, else (a lean record) read
 * again from the source bytes with the same declaration.
 */
function descriptorValues(sec: DecodedSection, read?: ReadBytes): Record<string, Value> | undefined {
  const d = sec.descriptor;
  if (d.children?.length) {
    const v: Record<string, Value> = {};
    for (const c of d.children) {
      if (c.validity === 'absent' || c.raw === undefined) continue;
      if (c.type === 'ascii') {
        let s = '';
        const h = c.raw as string;
        for (let i = 0; i + 1 < h.length; i += 2) {
          const b = parseInt(h.slice(i, i + 2), 16);
          if (b === 0) break;
          s += String.fromCharCode(b);
        }
        v[c.key] = s;
      } else v[c.key] = c.raw;
    }
    return v;
  }
  const bytes = read?.(d.offset, d.length);
  if (!bytes) return undefined;
  return decodeStruct(new ByteReader(bytes, d.offset, true), 0, SECTION_DESCRIPTOR).v;
}

export function descriptorJson(sec: DecodedSection, read?: ReadBytes): JObj {
  const v = descriptorValues(sec, read) ?? {};
  const o: JObj = {};
  if (typeof v.sectionOffset === 'number') o.sectionOffset = v.sectionOffset;
  if (typeof v.sectionLength === 'number') o.sectionLength = v.sectionLength;
  if (typeof v.revision === 'number') o.revision = revision(v.revision)!;
  const fl = v.flags;
  if (typeof fl === 'number') {
    const flags: JObj = {};
    for (let i = 0; i < SECTION_FLAG_NAMES.length; i++) flags[SECTION_FLAG_NAMES[i]] = ((fl >>> i) & 1) === 1;
    o.flags = flags;
  }
  if (sec.type !== undefined) o.sectionType = { data: sec.type, type: libcperSectionName(sec.type) };
  const vb = typeof v.validationBits === 'number' ? v.validationBits : 0;
  if (vb & 1 && typeof v.fruId === 'string') o.fruID = v.fruId;
  if (vb & 2 && typeof v.fruText === 'string') o.fruText = v.fruText;
  if (typeof v.severity === 'number') o.severity = severity(v.severity)!;
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
    sectionDescriptors: rec.sections.map((s) => descriptorJson(s, read)),
    sections: rec.sections.map((s) => sectionJson(s, read)),
  };
}

/** A descriptor + section file (libcper `to-json-section`). */
export function sectionOnlyJson(sec: DecodedSection, read?: ReadBytes): JObj {
  return { sectionDescriptor: descriptorJson(sec, read), section: sectionJson(sec, read) };
}
