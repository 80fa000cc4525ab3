import type { ReplayPlayback, ReplaySlot, TraceLineView } from '../../shared/contract/channels/sessions';
import { decodeStore } from '../../shared/store/decode';
import { slotGeometry } from '../../shared/store/layout';
import { bufferSource } from '../../shared/store/source';
import type { QemuVersion } from '../../shared/erst/qemu-version';
import { replay, type ReplayReport } from './index';
import { actionWritten, eventMeaning } from './meaning';
import type { ParsedTrace } from './trace';

/** Trace lines shown per operation (a get-status loop can be long). */
const MAX_LINES_PER_OP = 48;

export interface PlayerInputs {
  trace: string;
  before?: Uint8Array;
  after: Uint8Array;
  names: ReplayPlayback['names'];
  qemu?: QemuVersion;
}

/**
 * A replay laid out for stepping: the report, the store before the first step, each
 * operation's trace lines with their meaning (from the one parse replay made), and every
 * disagreement tied to its operation. Throws what replay throws.
 */
export function playback(inp: PlayerInputs): ReplayPlayback {
  const { report, trace } = replay({ trace: inp.trace, before: inp.before, after: inp.after, qemu: inp.qemu });
  const ops = report.operations;
  const texts = inp.trace.split('\n');
  const traceLines: TraceLineView[][] = ops.map((op) => linesOf(trace, texts, op.line, op.endLine ?? op.line));
  const disagreements: ReplayPlayback['disagreements'] = [];
  const opAtLine = (line: number) => {
    let found: number | null = null;
    for (const o of ops) if (o.line <= line) found = o.index;
    return found;
  };
  for (const m of report.readMismatches)
    disagreements.push({ operation: opAtLine(m.line), line: m.line, what: `${m.what}: trace read ${m.trace}, model gives ${m.model}` });
  for (const d of report.store.differences)
    disagreements.push({
      operation: null,
      line: null,
      what: `after-file differs from the model's final store at 0x${d.offset.toString(16)} (${d.region}, ${d.length} bytes)`,
    });
  for (const o of ops)
    if (o.source === 'overwritten')
      disagreements.push({
        operation: o.index,
        line: o.line,
        what: `write at line ${o.line}: its bytes are not in the after-file (overwritten later)`,
      });
  return { report, names: inp.names, initialSlots: initialSlots(inp.before, report), traceLines, disagreements };
}

/** Lines `first..last` (1-based) with the meaning of the events on them. */
function linesOf(t: ParsedTrace, texts: string[], first: number, last: number): TraceLineView[] {
  const out: TraceLineView[] = [];
  let e = firstEventAtOrAfter(t, first);
  let lastAction: number | undefined;
  for (let n = first; n <= last && out.length < MAX_LINES_PER_OP; n++) {
    const text = (texts[n - 1] ?? '').replace(/\r$/, '');
    while (e < t.count && t.line[e] < n) e++;
    if (e < t.count && t.line[e] === n) {
      out.push({ line: n, text, meaning: eventMeaning(t, e, lastAction) });
      lastAction = actionWritten(t, e) ?? lastAction;
    } else out.push({ line: n, text, meaning: '' });
  }
  return out;
}

function firstEventAtOrAfter(t: ParsedTrace, line: number): number {
  let lo = 0,
    hi = t.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.line[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function initialSlots(before: Uint8Array | undefined, report: ReplayReport): ReplaySlot[] {
  if (before) {
    const d = decodeStore(bufferSource(before), { records: true, keepPayloads: false });
    return d.slots.map((s) => ({ index: s.index, state: s.state, recordId: s.mapId ?? s.recordId ?? null }));
  }
  // A fresh store QEMU formats: header slots, then empty ones.
  const g = slotGeometry(report.storeSize, report.recordSize);
  return Array.from({ length: g.slots }, (_, i) => ({ index: i, state: i < g.headerSlots ? 'header' : 'empty', recordId: null }));
}
