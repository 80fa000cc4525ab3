import { dumpsOf, type DecodedInput } from '../report/inspect';
import type { TimelineDumpInput, TimelineSource } from './build';
import { errorKind, errorLocation } from './describe';

/**
 * What the timeline needs from one decoded input: every record (pstore records carry their
 * boot in their ids; any other CPER record is a hardware error, described from its first
 * section's fields) and the dumps reassembled from the live records.
 */
export function timelineSourceOf(fileId: string, name: string, input: DecodedInput): TimelineSource {
  const records: TimelineSource['records'] = input.records.map((e, index) => {
    const r = e.record;
    const p = r.sections.find((s) => s.pstore)?.pstore;
    const summary = r.sections.map((s) => s.summary ?? s.name).join('; ') || 'no sections';
    const out: TimelineSource['records'][number] = {
      index,
      recordId: r.recordId ?? null,
      recordIdHex: r.recordIdHex ?? null,
      timestamp: r.timestamp.iso,
      severity: r.severityName,
      state: e.state,
      slot: e.slot,
      summary,
    };
    if (p) out.pstore = { kind: p.kind, reason: p.reason ?? null, count: p.count ?? null, part: p.part ?? null };
    else if (r.sections.length) {
      const s = r.sections[0];
      const kind = errorKind(s.type, s.name);
      out.hw = { kind, location: errorLocation(kind, s.body) };
    }
    return out;
  });
  return { fileId, name, records, dumps: dumpsOf(input, false).map(timelineDump) };
}

/** What the timeline keeps of a dump (from a whole decode or from the index): its name, ids and part numbers. */
export function timelineDump(d: Omit<TimelineDumpInput, 'parts'> & { parts: readonly { part: number }[] }): TimelineDumpInput {
  return {
    bootId: d.bootId,
    bootTime: d.bootTime,
    reason: d.reason,
    count: d.count,
    recordIds: d.recordIds,
    missingParts: d.missingParts,
    parts: d.parts.map((p) => ({ part: p.part })),
  };
}
