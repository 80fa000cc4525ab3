import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { MAX_STORE_SIZE } from '../emulator/backing';
import { replay } from '../replay/index';
import { MAX_TRACE_BYTES } from '../replay/trace';
import { diffSnapshots, liveSlots, netReplayChanges, netSlotChanges } from '../../shared/diff/store-diff';
import type { BootHistory } from '../../shared/diff/text';
import type { OpenedEvidence } from '../services/decode-file';

/** One boot's inputs: the snapshot after it, and its QEMU trace when the user has it. */
export interface HistoryStep {
  ev: OpenedEvidence;
  trace?: string;
}

function readWhole(path: string, max: number): Uint8Array {
  const st = statSync(path);
  if (!st.isFile()) throw new Error(`${path} is not a regular file`);
  if (st.size > max) throw new Error(`${path} is ${st.size} bytes, more than the ${max} read here`);
  return new Uint8Array(readFileSync(path));
}

/**
 * What each boot of a series did to the store: the diff of the snapshot before it (none for
 * the first: QEMU created the file) with the one after it, and, where the boot's trace is
 * given, the replay's failed and overwritten writes, which no snapshot can show.
 */
export function storeHistory(steps: readonly HistoryStep[]): BootHistory[] {
  const out: BootHistory[] = [];
  for (let i = 0; i < steps.length; i++) {
    const prev = i > 0 ? steps[i - 1].ev : undefined;
    const cur = steps[i].ev;
    const diff = diffSnapshots(prev ? { input: prev.input, bytes: prev.file } : undefined, { input: cur.input, bytes: cur.file });
    const entry: BootHistory = { boot: i + 1, before: prev ? prev.file.path : null, after: cur.file.path, diff };
    const tracePath = steps[i].trace;
    if (tracePath) {
      try {
        const trace = Buffer.from(readWhole(tracePath, MAX_TRACE_BYTES)).toString('utf8');
        const before = prev ? readWhole(prev.file.path, MAX_STORE_SIZE) : undefined;
        const after = readWhole(cur.file.path, MAX_STORE_SIZE);
        const r = replay({ trace, before, after }).report;
        const fromTrace = netReplayChanges(r.operations, liveSlots(prev ? { input: prev.input, bytes: prev.file } : undefined));
        const key = (c: { slot: number; kind: string; id: string }) => `${c.slot}/${c.kind}/${c.id}`;
        const fromDiff = new Set(netSlotChanges(diff).map(key));
        const agrees = fromTrace.length === fromDiff.size && fromTrace.every((c) => fromDiff.has(key(c)));
        entry.replay = {
          trace: basename(tracePath),
          ok: r.ok,
          agrees,
          failedWrites: r.failedWrites,
          overwrittenWrites: r.overwrittenWrites,
          operations: r.operations.length,
        };
      } catch (e) {
        entry.replay = {
          trace: basename(tracePath),
          ok: false,
          agrees: false,
          failedWrites: [],
          overwrittenWrites: [],
          operations: 0,
          error: (e as Error).message,
        };
      }
    }
    out.push(entry);
  }
  return out;
}
