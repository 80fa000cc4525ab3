import type { Diagnostic } from '../../shared/decode/diagnostics';
import { SLOT_STATES } from '../../shared/index/index';
import type { DumpSummary, InspectReport, RecordSummary } from '../../shared/report/inspect';
import type { IndexDumpSummary } from '../../shared/report/index-report';

const STATE_CHAR: Record<string, string> = { header: 'H', live: 'L', cleared: 'c', empty: '.', unreadable: '!' };

/** The slot map's characters of slots whose states are given as SLOT_STATES indexes (a store index's column). */
export function slotMapOf(states: Uint8Array): string {
  const char = SLOT_STATES.map((st) => STATE_CHAR[st].charCodeAt(0));
  const codes = Buffer.allocUnsafe(states.length);
  for (let i = 0; i < states.length; i++) codes[i] = char[states[i]];
  return codes.toString('latin1');
}

/**
 * The lines before the records: the file, then the store's geometry, capacity and slot map
 * (`map`: its characters when already known, as slotMapOf gives them).
 */
export function headLines(r: Pick<InspectReport, 'source' | 'store'>, recordCount: number, map?: string): string[] {
  const lines: string[] = [];
  lines.push(`${r.source.path}  ${r.source.size} bytes  sha256 ${r.source.sha256}`);
  if (r.store) {
    const s = r.store;
    lines.push(
      `ERST store: record_size ${s.recordSize}, storage_offset ${s.storageOffset} (${s.headerSlots} header slot${s.headerSlots === 1 ? '' : 's'}), version 0x${s.version.toString(16).padStart(4, '0')}, record_count ${s.recordCount}, ${s.slotCount} slots`,
    );
    lines.push(
      `capacity: ${s.capacity.liveSlots}/${s.capacity.usableSlots} slots used, ${s.capacity.freeSlots} free` +
        (s.capacity.usualDumpParts !== null
          ? `; a dump of ${s.capacity.usualDumpParts} parts would ${s.capacity.nextDumpFits ? '' : 'NOT '}fit`
          : ''),
    );
    lines.push(`slot map (H header, L live, c cleared-recoverable, . empty, ! unreadable):`);
    map ??= s.slots.map((x) => STATE_CHAR[x.state]).join('');
    for (let i = 0; i < map.length; i += 64) lines.push(`  ${String(i).padStart(6)}  ${map.slice(i, i + 64)}`);
  } else {
    lines.push(`CPER input: ${recordCount} record${recordCount === 1 ? '' : 's'}`);
  }
  lines.push('', 'records:');
  return lines;
}

export function recordLine(rec: RecordSummary): string {
  const where = rec.slot !== null ? `slot ${rec.slot}` : `@${rec.offset}`;
  return `  ${where.padEnd(9)} ${rec.state.padEnd(7)} id ${rec.recordIdHex ?? '-'} (${rec.recordId ?? '-'})  ${rec.timestamp ?? 'no time'} [${rec.timestampEncoding}]  ${rec.severity}  ${rec.summary}`;
}

export function dumpLines(dumps: readonly (DumpSummary | IndexDumpSummary)[]): string[] {
  if (!dumps.length) return [];
  const lines = ['', 'dumps:'];
  for (const d of dumps) {
    lines.push(
      `  boot ${d.bootId}${d.bootTime ? ` (${d.bootTime})` : ''} ${d.reason}#${d.count}: parts ${d.parts.map((p) => p.part).join(',')}` +
        (d.missingParts.length ? `; missing ${d.missingParts.join(',')}` : '') +
        (d.textLength === null ? '; parts not inflated' : `; ${d.textLength} bytes of log`),
    );
    if (d.producer) lines.push(`    written by ${GENERATION[d.producer.generation]}: ${d.producer.evidence.join('; ')}`);
    for (const g of d.gaps ?? []) lines.push(`    Part${g.part}${g.lastPart ? `–${g.lastPart}` : ''} ${g.kind}: ${g.reason}`);
  }
  return lines;
}

export function diagnosticLines(diags: readonly Diagnostic[]): string[] {
  if (!diags.length) return [];
  const lines = ['', 'diagnostics:'];
  for (const d of diags)
    lines.push(`  ${d.level.padEnd(7)} ${d.code}${d.offset !== undefined ? ` @0x${d.offset.toString(16)}` : ''}: ${d.message}`);
  return lines;
}

/** The human summary `erst-viewer inspect` prints: geometry, slot map, records, dumps, diagnostics. */
export function formatInspectText(r: InspectReport): string {
  const lines = headLines(r, r.records.length);
  for (const rec of r.records) lines.push(recordLine(rec));
  lines.push(...dumpLines(r.dumps));
  lines.push(...diagnosticLines([...r.diagnostics, ...r.records.flatMap((x) => x.diagnostics)]));
  return lines.join('\n') + '\n';
}

const GENERATION = { 'linux<=6.5': 'Linux ≤ 6.5', 'linux>=6.6': 'Linux 6.6+', unknown: 'an undetermined pstore generation' } as const;
