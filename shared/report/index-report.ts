/**
 * Report pieces built from a store index alone, for stores too large to inflate every part
 * when inspected: a compressed dmesg part is summarised from its `Reason#N PartM` line (its
 * text length, the dump's gaps and its producer need the parts inflated: `inspect --full`).
 */
import { NOTIFICATION_TYPES } from '../cper/guids';
import { severityName } from '../cper/strings';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import {
  F_PSTORE_COMPRESSED,
  F_PSTORE_FAILED,
  F_PSTORE_HEADER,
  NO_SEVERITY,
  recordRow,
  timestampOf,
  type IndexDump,
  type StoreIndex,
} from '../index/index';
import { sectionName } from '../sections/registry';
import type { DumpSummary, RecordSummary, SectionSummary } from './inspect';

/** Why some values are absent from an index-mode report. */
export const INDEX_MODE_NOTE =
  'compressed dmesg parts were not inflated: their text lengths, dump gaps and producers need `inspect --full`';

/** The summary of the record in `slot`, from the index (the slot's bytes are not read). */
export function indexRecordSummary(ix: StoreIndex, index: number, slot: number): RecordSummary {
  const row = recordRow(ix, slot);
  const c = ix.cols;
  const rs = ix.geometry?.recordSize ?? 0;
  const sections: SectionSummary[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < c.sectionCount[slot]; i++) {
    const k = c.sectionStart[slot] + i;
    const type = ix.types.values[ix.sectionTypes[k]];
    sections.push({
      index: i,
      type,
      name: sectionName(type),
      offset: slot * rs + ix.sectionOffsets[k],
      length: ix.sectionLengths[k],
      severity: severityName(ix.sectionSeverities[k]),
    });
  }
  const p = row.pstore;
  if (p?.kind === 'dmesg' && sections[0]) {
    const head = c.flags[slot] & F_PSTORE_HEADER ? `${p.reason}#${p.count} Part${p.part}` : 'dmesg';
    if (c.flags[slot] & F_PSTORE_FAILED) {
      sections[0].summary = `${head}: compressed, could not be inflated`;
      diagnostics.push(
        expert(
          'pstore.decompress-failed',
          'compressed dmesg could not be inflated (its first bytes already fail)',
          sections[0].offset,
          sections[0].length,
        ),
      );
    } else if (p.textLength === null) sections[0].summary = `${head}: compressed, not inflated (inspect --full)`;
    else
      sections[0].summary = `${head}: ${p.textLength + c.headerLength[slot]} bytes of kernel log${c.flags[slot] & F_PSTORE_COMPRESSED ? ' (decompressed)' : ''}`;
  }
  const notificationType = c.notification[slot] >= 0 ? ix.notifications.values[c.notification[slot]] : null;
  const out: RecordSummary = {
    index,
    slot,
    state: row.state,
    offset: row.offset,
    recordId: row.recordId,
    recordIdHex: row.recordIdHex,
    recordLength: row.recordLength,
    timestamp: row.timestamp,
    timestampEncoding: row.timestampEncoding,
    severity: row.severity,
    creatorId: row.creatorId,
    creatorName: row.creatorName,
    notificationType,
    notificationName: notificationType ? (NOTIFICATION_TYPES[notificationType] ?? null) : null,
    sections,
    summary: sections.map((s) => s.summary ?? s.name).join('; ') || 'no sections',
    diagnostics,
  };
  if (p) out.pstore = { ...p, textLength: p.textLength };
  return out;
}

const PADS: string[] = [];
const pad = (depth: number) => PADS[depth] ?? (PADS[depth] = '  '.repeat(depth));
/** Text that JSON writes between quotes as it is. */
const PLAIN = /^[^"\\\u0000-\u001f\u007f-\uffff]*$/;

/** A JSON value as JSON.stringify writes it: text, a whole number, true/false or null. */
function jv(v: string | number | boolean | null | undefined): string {
  if (typeof v === 'string') return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
  return v === null || v === undefined ? 'null' : String(v);
}

/**
 * An index-mode record summary (indexRecordSummary's) as JSON.stringify(summary, null, 2) lays
 * it out at `depth`, member by member (a large store writes one per slot, and the generic
 * indenting stringify costs several times more); undefined for a summary with diagnostics,
 * which the caller stringifies.
 */
export function indexSummaryJson(r: RecordSummary, depth: number): string | undefined {
  if (r.diagnostics.length) return undefined;
  const p1 = pad(depth + 1);
  const p2 = pad(depth + 2);
  const p3 = pad(depth + 3);
  let sections = '[]';
  if (r.sections.length) {
    sections = '[';
    for (let i = 0; i < r.sections.length; i++) {
      const x = r.sections[i];
      sections +=
        `${i ? ',' : ''}\n${p2}{\n${p3}"index": ${x.index},\n${p3}"type": ${jv(x.type)},\n${p3}"name": ${jv(x.name)},\n` +
        `${p3}"offset": ${x.offset},\n${p3}"length": ${x.length},\n${p3}"severity": ${jv(x.severity)}` +
        (x.summary !== undefined ? `,\n${p3}"summary": ${jv(x.summary)}` : '') +
        `\n${p2}}`;
    }
    sections += `\n${p1}]`;
  }
  const p = r.pstore;
  const pstore = p
    ? `,\n${p1}"pstore": {\n${p2}"kind": ${jv(p.kind)},\n${p2}"reason": ${jv(p.reason)},\n${p2}"count": ${jv(p.count)},\n` +
      `${p2}"part": ${jv(p.part)},\n${p2}"compressed": ${jv(p.compressed)},\n${p2}"decompressed": ${jv(p.decompressed)},\n` +
      `${p2}"textLength": ${jv(p.textLength)}\n${p1}}`
    : '';
  return (
    `{\n${p1}"index": ${r.index},\n${p1}"slot": ${jv(r.slot)},\n${p1}"state": ${jv(r.state)},\n${p1}"offset": ${r.offset},\n` +
    `${p1}"recordId": ${jv(r.recordId)},\n${p1}"recordIdHex": ${jv(r.recordIdHex)},\n${p1}"recordLength": ${jv(r.recordLength)},\n` +
    `${p1}"timestamp": ${jv(r.timestamp)},\n${p1}"timestampEncoding": ${jv(r.timestampEncoding)},\n${p1}"severity": ${jv(r.severity)},\n` +
    `${p1}"creatorId": ${jv(r.creatorId)},\n${p1}"creatorName": ${jv(r.creatorName)},\n` +
    `${p1}"notificationType": ${jv(r.notificationType)},\n${p1}"notificationName": ${jv(r.notificationName)},\n` +
    `${p1}"sections": ${sections},\n${p1}"summary": ${jv(r.summary)},\n${p1}"diagnostics": []${pstore}\n${pad(depth)}}`
  );
}

/** A dump as an index-mode report lists it: lengths are null (the parts were not inflated). */
export type IndexDumpSummary = Omit<DumpSummary, 'parts' | 'textLength'> & {
  parts: (Omit<DumpSummary['parts'][number], 'textLength'> & { textLength: null })[];
  textLength: null;
};

/** A dump listed from the index: parts and missing parts, no text lengths, gaps or producer. */
export function indexDumpSummary(d: IndexDump): IndexDumpSummary {
  return {
    bootId: d.bootId,
    bootTime: d.bootTime,
    reason: d.reason,
    count: d.count,
    parts: d.parts.map((p) => ({
      part: p.part,
      recordId: p.recordId,
      slot: p.slot,
      state: p.state,
      textLength: null,
      compressed: p.compressed,
      decoded: true,
    })),
    missingParts: d.missingParts,
    gaps: [],
    producer: { generation: 'unknown', evidence: [INDEX_MODE_NOTE] },
    recordIds: d.recordIds,
    textLength: null,
    recovered: d.parts.some((p) => p.state === 'cleared'),
  };
}

const hex8 = (v: number) => v.toString(16).padStart(8, '0');
/** The high half of the last record id written, as hex and shifted (a boot's parts share it). */
let lastHi = { hi: -1, hex: '', big: 0n };
let lastTime = { lo: -1, hi: -1, valid: -1, iso: null as string | null, encoding: '' };

/**
 * The records line of `inspect`'s text for a compressed dmesg part, straight from the columns
 * (what recordLine prints for indexRecordSummary, without building the summary): a large
 * store has one per slot. Consecutive parts share their timestamp, so its text is reused.
 */
export function indexRecordLine(ix: StoreIndex, slot: number): string {
  const c = ix.cols;
  const avail = c.avail[slot];
  const hi = c.idHi[slot];
  if (lastHi.hi !== hi) lastHi = { hi, hex: `0x${hex8(hi)}`, big: BigInt(hi) << 32n };
  const id = avail >= 104 ? lastHi.hex + hex8(c.idLo[slot]) : '-';
  const idDec = avail >= 104 ? (hi === 0 ? String(c.idLo[slot]) : (lastHi.big | BigInt(c.idLo[slot])).toString()) : '-';
  const valid = c.flags[slot] & 4 ? 1 : 0;
  if (lastTime.lo !== c.timeLo[slot] || lastTime.hi !== c.timeHi[slot] || lastTime.valid !== valid || avail < 32) {
    const t = timestampOf(ix, slot);
    lastTime = { lo: avail < 32 ? -1 : c.timeLo[slot], hi: c.timeHi[slot], valid, iso: t.iso, encoding: t.encoding };
  }
  const where = `slot ${slot}`;
  const state = c.flags[slot] & 2 ? 'live' : 'cleared';
  const head = c.flags[slot] & F_PSTORE_HEADER ? `${ix.reasons.values[c.reason[slot]]}#${c.dumpCount[slot]} Part${c.part[slot]}` : 'dmesg';
  const what =
    c.flags[slot] & F_PSTORE_FAILED ? `${head}: compressed, could not be inflated` : `${head}: compressed, not inflated (inspect --full)`;
  let summary = what;
  for (let i = 1; i < c.sectionCount[slot]; i++) summary += '; ' + sectionName(ix.types.values[ix.sectionTypes[c.sectionStart[slot] + i]]);
  return `  ${where.padEnd(9)} ${state.padEnd(7)} id ${id} (${idDec})  ${lastTime.iso ?? 'no time'} [${lastTime.encoding}]  ${severityName(c.severity[slot] === NO_SEVERITY ? undefined : c.severity[slot])}  ${summary}`;
}
