/** One record of the index as plain data: what a table row shows, decoded from the columns. */
import { hex64 } from '../bytes/hex';
import { decodeCperTimestamp } from '../bytes/time';
import { CREATORS } from '../cper/guids';
import { severityName } from '../cper/strings';
import {
  F_MAPPED,
  F_PSTORE_COMPRESSED,
  F_PSTORE_FAILED,
  F_PSTORE_HEADER,
  F_TIME_VALID,
  PSTORE_DMESG,
  PSTORE_NONE,
  NO_SEVERITY,
  SLOT_STATES,
  u64Of,
  u64Text,
  type SlotStateName,
  type StoreIndex,
} from './store-index';

/**
 * What a record's row says of it, alike whether read from the index's columns or from a decoded
 * record: the records table, the inspect document and the CSV all show these members.
 */
export interface RecordFacts {
  offset: number;
  recordId: string | null;
  recordIdHex: string | null;
  recordLength: number | null;
  timestamp: string | null;
  timestampEncoding: string;
  severity: string;
  creatorId: string | null;
  creatorName: string | null;
  pstore?: {
    kind: 'dmesg' | 'mce';
    reason: string | null;
    count: number | null;
    part: number | null;
    compressed: boolean;
    decompressed: boolean | null;
    /** Log text bytes (header line excluded); null until the payload was inflated once. */
    textLength: number | null;
  };
}

export interface IndexRow extends RecordFacts {
  slot: number;
  /** The record's state as the records table shows it (a truncated slot's record is live when mapped). */
  state: 'live' | 'cleared';
  slotState: SlotStateName;
  sectionTypes: string[];
}

const TIME = new Uint8Array(8);
const TIME_VIEW = new DataView(TIME.buffer);

/** The last timestamp decoded: consecutive records (a dump's parts) share theirs. */
let lastTime = { lo: 0, hi: 0, valid: false, t: null as { iso: string | null; encoding: string } | null };

/** The record's timestamp as decodeRecord reads it. */
export function timestampOf(ix: StoreIndex, slot: number): { iso: string | null; encoding: string } {
  const c = ix.cols;
  if (c.avail[slot] < 32) return { iso: null, encoding: 'absent' };
  const lo = c.timeLo[slot];
  const hi = c.timeHi[slot];
  const valid = (c.flags[slot] & F_TIME_VALID) !== 0;
  if (lastTime.t && lastTime.lo === lo && lastTime.hi === hi && lastTime.valid === valid) return { ...lastTime.t };
  TIME_VIEW.setUint32(0, lo, true);
  TIME_VIEW.setUint32(4, hi, true);
  const t = decodeCperTimestamp(TIME, 0, valid);
  lastTime = { lo, hi, valid, t: { iso: t.iso, encoding: t.encoding } };
  return { iso: t.iso, encoding: t.encoding };
}

export function recordIdOf(ix: StoreIndex, slot: number): string | null {
  return ix.cols.avail[slot] >= 104 ? u64Text(ix.cols.idLo[slot], ix.cols.idHi[slot]) : null;
}

function sectionTypesOf(ix: StoreIndex, slot: number): string[] {
  const c = ix.cols;
  const out: string[] = [];
  for (let i = 0; i < c.sectionCount[slot]; i++) out.push(ix.types.values[ix.sectionTypes[c.sectionStart[slot] + i]]);
  return out;
}

export function recordRow(ix: StoreIndex, slot: number): IndexRow {
  const c = ix.cols;
  const avail = c.avail[slot];
  const t = timestampOf(ix, slot);
  const creatorId = c.creator[slot] >= 0 ? ix.creators.values[c.creator[slot]] : null;
  const id = recordIdOf(ix, slot);
  const row: IndexRow = {
    slot,
    state: c.flags[slot] & F_MAPPED ? 'live' : 'cleared',
    slotState: SLOT_STATES[c.state[slot]],
    offset: slot * (ix.geometry?.recordSize ?? 0),
    recordId: id,
    recordIdHex: id === null ? null : hex64(u64Of(c.idLo[slot], c.idHi[slot])),
    recordLength: avail >= 24 ? c.recordLength[slot] : null,
    timestamp: t.iso,
    timestampEncoding: t.encoding,
    severity: severityName(c.severity[slot] === NO_SEVERITY ? undefined : c.severity[slot]),
    creatorId,
    creatorName: creatorId ? (CREATORS[creatorId] ?? null) : null,
    sectionTypes: sectionTypesOf(ix, slot),
  };
  if (c.pstoreKind[slot] !== PSTORE_NONE) {
    const dmesg = c.pstoreKind[slot] === PSTORE_DMESG;
    const hasHeader = (c.flags[slot] & F_PSTORE_HEADER) !== 0;
    const compressed = (c.flags[slot] & F_PSTORE_COMPRESSED) !== 0;
    const failed = (c.flags[slot] & F_PSTORE_FAILED) !== 0;
    const len = c.textLength[slot];
    row.pstore = {
      kind: dmesg ? 'dmesg' : 'mce',
      reason: hasHeader ? ix.reasons.values[c.reason[slot]] : null,
      count: hasHeader ? c.dumpCount[slot] : null,
      part: hasHeader ? c.part[slot] : null,
      compressed,
      decompressed: compressed ? !failed : null,
      textLength: len < 0 ? null : len - c.headerLength[slot],
    };
  }
  return row;
}
