import { bootIdOf, type DumpName } from '../pstore/dump';
import { dumpPartName } from '../pstore/header';
import { errorPhrase, formatDelta } from './describe';

/** A record as the timeline needs it (from the inspection document plus where its error happened). */
export interface TimelineRecordInput {
  index: number;
  recordId: string | null;
  recordIdHex: string | null;
  /** ISO time of the record's timestamp, or null. */
  timestamp: string | null;
  severity: string;
  state: string;
  slot: number | null;
  summary: string;
  /** Set for pstore records (Linux dmesg/MCE): their ids carry the boot. */
  pstore?: { kind: 'dmesg' | 'mce'; reason: string | null; count: number | null; part: number | null };
  /** Set for hardware-error records: what and where ("memory error", "node 0 card 1"). */
  hw?: { kind: string; location: string | null };
}

export interface TimelineDumpInput extends DumpName {
  recordIds: string[];
  missingParts: number[];
  parts: { part: number }[];
}

/** A replay operation (seconds since the epoch when the trace had timestamps). */
export interface TimelineOperationInput {
  index: number;
  kind: string;
  line: number;
  time?: number;
  status?: string;
  part?: string;
  slot?: number;
  id?: string;
}

export interface TimelineSource {
  fileId: string;
  name: string;
  records: TimelineRecordInput[];
  dumps: TimelineDumpInput[];
  operations?: TimelineOperationInput[];
}

export type TimelineEventKind = 'boot' | 'dump' | 'record' | 'hw-error' | 'operation';

export interface TimelineEvent {
  /** Unique in the timeline. */
  id: string;
  kind: TimelineEventKind;
  /** Milliseconds since the epoch; null when nothing dates the event. */
  at: number | null;
  /** How `at` is known: the record's timestamp, the boot's id, or the trace's clock. */
  timeFrom: 'timestamp' | 'record-id' | 'trace' | 'none';
  fileId: string;
  file: string;
  /** Boot the event belongs to (Linux record ids), or null. */
  bootId: string | null;
  label: string;
  detail: string;
  severity?: string;
  /** Record index in its file, for records, hardware errors and dumps (Part1 or first part). */
  recordIndex?: number;
}

export interface Correlation {
  errorId: string;
  dumpId: string;
  /** Dump time minus error time (≥ 0). */
  deltaMs: number;
  sentence: string;
}

export interface Timeline {
  events: TimelineEvent[];
  boots: { bootId: string; at: number | null; events: number }[];
  correlations: Correlation[];
  range: { lo: number; hi: number } | null;
  windowMs: number;
}

export const DEFAULT_WINDOW_MS = 60_000;

const parseIso = (t: string | null) => {
  if (!t) return null;
  const v = Date.parse(t);
  return Number.isNaN(v) ? null : v;
};

/**
 * Merges the records, dumps, boots and replay operations of every opened file into one
 * timeline, and links each hardware error to the dumps that follow it within `windowMs`
 * ("Corrected memory error, node 0 card 1, 2 s before Panic#1"). Boots come from Linux record
 * ids (high 32 bits = the boot's first-record seconds), so only pstore records make boots.
 */
export function buildTimeline(sources: readonly TimelineSource[], opts: { windowMs?: number } = {}): Timeline {
  const windowMs = Math.max(0, opts.windowMs ?? DEFAULT_WINDOW_MS);
  const events: TimelineEvent[] = [];
  const boots = new Map<string, { bootId: string; at: number | null; events: number }>();
  for (const src of sources) {
    const byId = new Map<string, TimelineRecordInput>();
    for (const r of src.records) if (r.recordId) byId.set(r.recordId, r);
    for (const r of src.records) {
      const at = parseIso(r.timestamp);
      let bootId: string | null = null;
      if (r.pstore && r.recordId) {
        const b = bootIdOf(r.recordId);
        bootId = b.bootId;
        if (!boots.has(bootId)) boots.set(bootId, { bootId, at: parseIso(b.bootTime), events: 0 });
      }
      const kind: TimelineEventKind = r.hw ? 'hw-error' : 'record';
      const label = r.hw
        ? errorPhrase(r.severity, r.hw.kind, r.hw.location)
        : r.pstore?.reason
          ? dumpPartName(r.pstore.reason, r.pstore.count ?? undefined, r.pstore.part ?? undefined)
          : r.summary;
      events.push({
        id: `${src.fileId}:r${r.index}`,
        kind,
        at,
        timeFrom: at === null ? 'none' : 'timestamp',
        fileId: src.fileId,
        file: src.name,
        bootId,
        label,
        detail: `${r.recordIdHex ?? 'no id'} · ${r.state}${r.slot !== null ? ` slot ${r.slot}` : ''} · ${r.summary}`,
        severity: r.severity,
        recordIndex: r.index,
      });
    }
    for (const d of src.dumps) {
      const recs = d.recordIds.map((id) => byId.get(id)).filter((r): r is TimelineRecordInput => !!r);
      const times = recs.map((r) => parseIso(r.timestamp)).filter((t): t is number => t !== null);
      // Linux stamps every part with the time of the dump; without timestamps (pstore files) the
      // boot id's seconds are the time of the boot's first record, which is the dump for a boot that only panicked.
      const at = times.length ? Math.min(...times) : parseIso(d.bootTime);
      const first = recs.find((r) => r.pstore?.part === 1) ?? recs[0];
      events.push({
        id: `${src.fileId}:d${d.bootId}/${d.reason}/${d.count}`,
        kind: 'dump',
        at,
        timeFrom: times.length ? 'timestamp' : at === null ? 'none' : 'record-id',
        fileId: src.fileId,
        file: src.name,
        bootId: d.bootId,
        label: `${d.reason}#${d.count}`,
        detail: `${d.parts.length} part${d.parts.length === 1 ? '' : 's'}${d.missingParts.length ? `, missing ${d.missingParts.map((p) => `Part${p}`).join(', ')}` : ''}`,
        severity: 'fatal',
        recordIndex: first?.index,
      });
    }
    for (const op of src.operations ?? []) {
      if (!['write', 'read', 'clear', 'dummy-write'].includes(op.kind)) continue;
      const at = op.time !== undefined ? Math.round(op.time * 1000) : null;
      const failed = op.status && op.status !== 'SUCCESS';
      events.push({
        id: `${src.fileId}:o${op.index}`,
        kind: 'operation',
        at,
        timeFrom: at === null ? 'none' : 'trace',
        fileId: src.fileId,
        file: src.name,
        bootId: op.id && op.kind !== 'write' ? bootIdOf(op.id).bootId : null,
        label: `${op.kind}${op.status ? ` → ${op.status}` : ''}`,
        detail: `trace line ${op.line}${op.slot !== undefined ? ` · slot ${op.slot}` : ''}${op.part ? ` · ${op.part}` : ''}`,
        severity: failed ? 'fatal' : undefined,
      });
    }
  }
  for (const b of boots.values()) {
    events.push({
      id: `boot:${b.bootId}`,
      kind: 'boot',
      at: b.at,
      timeFrom: b.at === null ? 'none' : 'record-id',
      fileId: '',
      file: '',
      bootId: b.bootId,
      label: `Boot ${b.bootId}`,
      detail: 'first record written by this boot (from the record ids)',
    });
  }
  const order: Record<TimelineEventKind, number> = { boot: 0, 'hw-error': 1, operation: 2, record: 3, dump: 4 };
  events.sort(
    (a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || order[a.kind] - order[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const e of events) if (e.bootId && boots.has(e.bootId) && e.kind !== 'boot') boots.get(e.bootId)!.events++;

  const correlations: Correlation[] = [];
  const dumps = events.filter((e) => e.kind === 'dump' && e.at !== null);
  for (const err of events) {
    if (err.kind !== 'hw-error' || err.at === null) continue;
    for (const d of dumps) {
      const delta = d.at! - err.at;
      if (delta < 0 || delta > windowMs) continue;
      const when = delta < 500 ? 'in the same second as' : `${formatDelta(delta)} before`;
      correlations.push({ errorId: err.id, dumpId: d.id, deltaMs: delta, sentence: `${err.label}, ${when} ${d.label}` });
    }
  }
  const times = events.map((e) => e.at).filter((t): t is number => t !== null);
  // A loop, not Math.min(...times): a large store's timeline has more events than a call has arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const range = times.length ? { lo, hi } : null;
  return { events, boots: [...boots.values()].sort((a, b) => (a.bootId < b.bootId ? -1 : 1)), correlations, range, windowMs };
}
