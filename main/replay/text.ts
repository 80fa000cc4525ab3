import type { ReplayOperation, ReplayReport } from '../../shared/erst/replay-report';

/** The human-readable replay report printed by `erst-viewer replay`. */
export function formatReplayText(r: ReplayReport, traceName: string): string {
  const out: string[] = [];
  out.push(`Replay of ${traceName}: ${r.lines.total} lines, ${r.lines.events} acpi_erst events, ${r.lines.ignored} other lines ignored`);
  out.push(
    `Store: ${r.storeSize} bytes, record size ${r.recordSize}, ${r.freshStore ? 'no before-file (fresh store formatted at realize)' : 'from the before-file'}; ${r.starts} device start(s), ${r.resets} reset(s)`,
  );
  out.push('', `Operations (${r.operations.length}):`);
  for (const o of r.operations) out.push('  ' + opLine(o));
  out.push('', `Failed writes: ${r.failedWrites.length ? '' : 'none'}`);
  for (const f of r.failedWrites)
    out.push(
      `  line ${f.line}${f.time !== undefined ? ` @${f.time.toFixed(6)}` : ''}: ${f.status}${f.part ? `, carried ${f.part} (named from the neighbouring parts)` : ', part unknown'}`,
    );
  out.push(`Writes whose content was later overwritten: ${r.overwrittenWrites.length ? '' : 'none'}`);
  for (const w of r.overwrittenWrites)
    out.push(`  line ${w.line}: slot ${w.slot}, overwritten by the write at line ${r.operations[w.overwrittenBy].line}`);
  out.push(`Reads that disagree with the model: ${r.readMismatches.length ? '' : 'none'}`);
  for (const m of r.readMismatches.slice(0, 20)) out.push(`  line ${m.line}: ${m.what}: trace ${m.trace}, model ${m.model}`);
  if (r.readMismatches.length > 20) out.push(`  … ${r.readMismatches.length - 20} more`);
  if (r.store.equal) out.push('Final store: equals the after-file byte for byte');
  else {
    out.push(`Final store: differs from the after-file in ${r.store.differingBytes} byte(s); first differences:`);
    for (const d of r.store.differences)
      out.push(`  0x${d.offset.toString(16)} (+${d.length}) ${d.region}: after ${d.after}, model ${d.model}`);
  }
  for (const n of r.notes) out.push(`Note: ${n}`);
  out.push('', r.ok ? 'Result: trace and files AGREE' : 'Result: trace and files DISAGREE');
  return out.join('\n') + '\n';
}

function opLine(o: ReplayOperation): string {
  const parts = [`line ${String(o.line).padStart(5)}`];
  if (o.time !== undefined) parts.push(`@${o.time.toFixed(6)}`);
  parts.push(o.kind.padEnd(12));
  if (o.status) parts.push(o.status);
  if (o.executed === false) parts.push('(EXECUTE without the magic: not run)');
  if (o.slot !== undefined) parts.push(`slot ${o.slot}`);
  if (o.id !== undefined) parts.push(`id ${o.id}`);
  if (o.value !== undefined && o.kind !== 'get-record-id') parts.push(`value ${o.value}`);
  if (o.part) parts.push(o.partSource === 'inferred' ? `${o.part} (inferred)` : o.part);
  if (o.source === 'overwritten') parts.push('(content overwritten later)');
  if (o.mismatches) parts.push(`${o.mismatches} read(s) disagree`);
  return parts.join('  ');
}
