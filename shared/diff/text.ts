import { hex0x, hex64 } from '../bytes/hex';
import type { FailedWrite, OverwrittenWrite } from '../erst/replay-report';
import type { SlotDiff, StoreDiff } from './store-diff';

const hexOff = (n: number) => hex0x(n);
const idHex = (id: string | null) => (id ? hex64(BigInt(id)) : '-');

function slotLine(s: SlotDiff): string {
  const head = `  slot ${String(s.slot).padStart(3)} @${hexOff(s.offset).padEnd(8)} ${s.kind.padEnd(11)}`;
  switch (s.kind) {
    case 'written':
      return `${head} ${idHex(s.after.recordId)}  ${s.after.summary ?? ''}`;
    case 'cleared':
      return `${head} ${idHex(s.before.recordId)}  (${s.after.state === 'cleared' ? 'bytes still in the slot: recoverable' : s.after.state})`;
    case 'overwritten':
      return `${head} ${idHex(s.before.recordId)} → ${idHex(s.after.recordId)}  ${s.differingBytes} bytes differ from +${hexOff(s.firstDifference ?? 0)}`;
    case 'changed':
      return `${head} ${s.before.state} → ${s.after.state}, ${s.differingBytes} bytes differ (written and cleared again in between)`;
    default:
      return head;
  }
}

/** The diff as people read it: what changed first, unchanged slots counted, not listed. */
export function formatDiffText(d: StoreDiff, names: { before: string; after: string }): string {
  const lines: string[] = [];
  lines.push(`--- ${names.before} (${d.sizes.before} bytes)`, `+++ ${names.after} (${d.sizes.after} bytes)`);
  if (d.same) {
    lines.push('identical');
    return lines.join('\n') + '\n';
  }
  lines.push(`${d.differingBytes} bytes differ`);
  if (d.header.length) {
    lines.push('header:');
    for (const h of d.header) lines.push(`  ${h.field}: ${h.before} → ${h.after}`);
  }
  const changed = d.slots.filter((s) => s.kind !== 'unchanged');
  const c = d.counts;
  if (d.slots.length) {
    lines.push(
      `slots: ${c.written} written, ${c.cleared} cleared, ${c.overwritten} overwritten in place, ${c.changed} changed while not live, ${c.unchanged} unchanged`,
    );
    for (const s of changed) lines.push(slotLine(s));
  }
  const r = d.records;
  lines.push(
    `records: ${r.added.length} added, ${r.removed.length} removed, ${r.cleared.length} cleared${r.changed.length ? `, ${r.changed.length} changed` : ''}`,
  );
  for (const x of r.added) lines.push(`  + ${x.recordIdHex}${x.slot !== null ? ` slot ${x.slot}` : ''}  ${x.summary}`);
  for (const x of r.removed) lines.push(`  - ${x.recordIdHex}${x.slot !== null ? ` slot ${x.slot}` : ''}  ${x.summary}`);
  for (const x of r.cleared) lines.push(`  ~ ${x.recordIdHex} slot ${x.slot}  cleared (recoverable)`);
  for (const x of r.changed)
    lines.push(`  ! ${x.recordIdHex}${x.slot !== null ? ` slot ${x.slot}` : ''}  same id, different bytes: ${x.summary}`);
  if (d.dumps.added.length || d.dumps.removed.length) {
    lines.push(`dumps: ${d.dumps.added.length} added, ${d.dumps.removed.length} removed`);
    for (const x of d.dumps.added)
      lines.push(
        `  + ${x.reason}#${x.count} of boot ${x.bootId}: ${x.parts.length} part${x.parts.length === 1 ? '' : 's'}${x.missingParts.length ? `, missing ${x.missingParts.map((p) => `Part${p}`).join(', ')}` : ''}`,
      );
    for (const x of d.dumps.removed) lines.push(`  - ${x.reason}#${x.count} of boot ${x.bootId}`);
  }
  if (d.headerAreaDifferingBytes && !d.header.length && !changed.length)
    lines.push(`header area: ${d.headerAreaDifferingBytes} bytes differ`);
  return lines.join('\n') + '\n';
}

export interface BootHistory {
  boot: number;
  before: string | null;
  after: string;
  diff: StoreDiff;
  /** From the boot's QEMU trace, when given. */
  replay?: {
    trace: string;
    ok: boolean;
    /** The trace's net writes and clears equal the diff's. */ agrees: boolean;
    failedWrites: FailedWrite[];
    overwrittenWrites: OverwrittenWrite[];
    operations: number;
    error?: string;
  };
}

export function formatHistoryText(h: BootHistory[]): string {
  const out: string[] = [];
  for (const b of h) {
    const d = b.diff;
    out.push(`boot ${b.boot}: ${b.before ?? '(no file before: QEMU created it)'} → ${b.after}`);
    if (d.same) out.push('  nothing changed');
    else {
      const c = d.counts;
      out.push(
        `  ${c.written} written, ${c.cleared} cleared, ${c.overwritten} overwritten in place${c.changed ? `, ${c.changed} changed while not live` : ''}`,
      );
      for (const h of d.header) out.push(`  header ${h.field}: ${h.before} → ${h.after}`);
      for (const s of d.slots) if (s.kind !== 'unchanged') out.push('  ' + slotLine(s).trimStart());
      for (const x of d.dumps.added)
        out.push(
          `  new dump ${x.reason}#${x.count} (boot ${x.bootId}), ${x.parts.length} part${x.parts.length === 1 ? '' : 's'}${x.missingParts.length ? `, missing ${x.missingParts.map((p) => `Part${p}`).join(', ')}` : ''}`,
        );
      for (const x of d.dumps.removed) out.push(`  dump gone: ${x.reason}#${x.count} (boot ${x.bootId})`);
    }
    const r = b.replay;
    if (r) {
      if (r.error) out.push(`  trace ${r.trace}: could not be replayed: ${r.error}`);
      else {
        out.push(
          `  trace ${r.trace}: ${r.operations} operations, replay ${r.ok ? 'agrees with the files' : 'disagrees with the files'}, its writes and clears ${r.agrees ? 'match' : 'do NOT match'} the diff; ${r.failedWrites.length} failed write${r.failedWrites.length === 1 ? '' : 's'}`,
        );
        for (const f of r.failedWrites) out.push(`    failed write at line ${f.line}: ${f.status}${f.part ? ` (${f.part})` : ''}`);
        for (const o of r.overwrittenWrites) out.push(`    write at line ${o.line} to slot ${o.slot} was overwritten later in the boot`);
      }
    }
  }
  return out.join('\n') + '\n';
}
