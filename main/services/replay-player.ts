import { ContractError } from '../../shared/contract/index';
import type { ReplayPlayback, ReplaySlot, TraceLineView } from '../../shared/contract/channels/sessions';
import { MAX_SESSION_STORE } from '../../shared/contract/channels/sessions';
import { actionInfo, statusName } from '../../shared/erst/actions';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { replay, ReplayInputError, TraceError, type ReplayReport } from '../replay/index';
import type { FileRegistry, OpenFile } from './file-registry';

/** Trace lines shown per operation (a get-status loop can be long). */
const MAX_LINES_PER_OP = 48;
const MAX_TRACE = 64 * 1024 * 1024;

export function fileBytes(f: OpenFile, max: number): Uint8Array {
  if (f.info.size > max) throw new ContractError('too-large', `${f.info.name} is ${f.info.size} bytes, over the ${max}-byte limit`);
  return f.ev.file.read(0, f.info.size).slice();
}

export interface ReplayInputs {
  trace: string;
  before?: Uint8Array;
  after: Uint8Array;
  names: ReplayPlayback['names'];
}

export function replayInputs(files: FileRegistry, a: { traceFileId: string; beforeFileId?: string; afterFileId: string }): ReplayInputs {
  const t = files.get(a.traceFileId);
  const b = a.beforeFileId ? files.get(a.beforeFileId) : undefined;
  const af = files.get(a.afterFileId);
  return {
    trace: new TextDecoder().decode(fileBytes(t, MAX_TRACE)),
    before: b ? fileBytes(b, MAX_SESSION_STORE) : undefined,
    after: fileBytes(af, MAX_SESSION_STORE),
    names: { trace: t.info.name, before: b?.info.name ?? null, after: af.info.name },
  };
}

export function runReplay(inp: ReplayInputs): { report: ReplayReport; store: Uint8Array } {
  try {
    return replay({ trace: inp.trace, before: inp.before, after: inp.after });
  } catch (e) {
    if (e instanceof TraceError || e instanceof ReplayInputError) throw new ContractError('unreadable', e.message);
    throw e;
  }
}

/** A register access line of the trace, decoded with the action table. */
export function traceLineMeaning(text: string, lastAction?: number): string {
  const m = /acpi_erst_reg_(write|read) {1,2}addr: 0x([0-9a-f]+) (?:<==|==>) 0x([0-9a-f]{16}) \(size: (\d+)\)/.exec(text);
  if (!m) {
    if (/acpi_erst_reset/.test(text)) return 'device reset';
    if (/acpi_erst_realizefn_out/.test(text)) return 'device realized (store checked / formatted)';
    if (/acpi_erst_pci_bar_0/.test(text)) return 'ACPI table build (BAR0 address)';
    return '';
  }
  const addr = parseInt(m[2], 16);
  const v = BigInt('0x' + m[3]);
  if (m[1] === 'write') {
    if (addr === 0) {
      const i = actionInfo(v);
      return i ? `ACTION ← ${i.name}` : `ACTION ← 0x${v.toString(16)} (no action)`;
    }
    if (addr === 8) return v === 0x9cn ? 'VALUE lo ← 0x9c (EXECUTE magic)' : `VALUE lo ← 0x${v.toString(16)} (${v})`;
    if (addr === 12) return `VALUE hi ← 0x${v.toString(16)}`;
    return `write at 0x${addr.toString(16)}: ignored`;
  }
  if (addr === 8) {
    const what = lastAction === 7 ? ` → ${statusName(Number(v))}` : lastAction === 6 ? (v ? ' → busy' : ' → not busy') : lastAction === 0xa ? ' → record count' : '';
    return `guest reads VALUE lo = 0x${v.toString(16)} (${v})${what}`;
  }
  if (addr === 12) return `guest reads VALUE hi = 0x${v.toString(16)}`;
  return `guest reads 0x${addr.toString(16)} = 0x${v.toString(16)}`;
}

export function playback(inp: ReplayInputs): ReplayPlayback {
  const { report } = runReplay(inp);
  const lines = inp.trace.split('\n');
  const ops = report.operations;
  const traceLines: TraceLineView[][] = ops.map((op, i) => {
    const next = ops[i + 1]?.line ?? lines.length + 1;
    const last = Math.max(op.endLine ?? op.line, Math.min(next - 1, (op.endLine ?? op.line)));
    const out: TraceLineView[] = [];
    let lastAction: number | undefined;
    for (let n = op.line; n <= last && out.length < MAX_LINES_PER_OP; n++) {
      const text = (lines[n - 1] ?? '').replace(/\r$/, '');
      out.push({ line: n, text, meaning: traceLineMeaning(text, lastAction) });
      const w = /reg_write addr: 0x0000 <== 0x([0-9a-f]{16})/.exec(text);
      if (w) lastAction = Number(BigInt('0x' + w[1]));
    }
    return out;
  });
  const disagreements: ReplayPlayback['disagreements'] = [];
  const opAtLine = (line: number) => {
    let found: number | null = null;
    for (const o of ops) if (o.line <= line) found = o.index;
    return found;
  };
  for (const m of report.readMismatches) disagreements.push({ operation: opAtLine(m.line), line: m.line, what: `${m.what}: trace read ${m.trace}, model gives ${m.model}` });
  for (const d of report.store.differences) disagreements.push({ operation: null, line: null, what: `after-file differs from the model's final store at 0x${d.offset.toString(16)} (${d.region}, ${d.length} bytes)` });
  for (const o of ops) if (o.source === 'overwritten') disagreements.push({ operation: o.index, line: o.line, what: `write at line ${o.line}: its bytes are not in the after-file (overwritten later)` });
  return { report, names: inp.names, initialSlots: initialSlots(inp.before, report), traceLines, disagreements };
}

function initialSlots(before: Uint8Array | undefined, report: ReplayReport): ReplaySlot[] {
  if (before) {
    const d = decodeStore(bufferSource(before), { records: true, keepPayloads: false });
    return d.slots.map((s) => ({ index: s.index, state: s.state, recordId: s.mapId ?? s.recordId ?? null }));
  }
  // A fresh store QEMU formats: header slots, then empty ones.
  const rs = report.recordSize;
  const n = Math.floor(report.storeSize / rs);
  const headerSlots = Math.ceil((24 + 8 * n) / rs);
  return Array.from({ length: n }, (_, i) => ({ index: i, state: i < headerSlots ? 'header' : 'empty', recordId: null }));
}

export function replayFromFiles(files: FileRegistry, a: { traceFileId: string; beforeFileId?: string; afterFileId: string }): ReplayPlayback {
  return playback(replayInputs(files, a));
}
