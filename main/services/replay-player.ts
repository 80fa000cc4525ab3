import { ContractError } from '../../shared/contract/index';
import type { ReplayPlayback } from '../../shared/contract/channels/sessions';
import { MAX_SESSION_STORE } from '../../shared/contract/channels/sessions';
import { replay, ReplayInputError, TraceError, type ReplayReport } from '../replay/index';
import { playback, type PlayerInputs } from '../replay/player';
import type { FileRegistry, OpenFile } from './file-registry';

/** The replay player over files of the registry (main/replay does the work). */

/** A trace the app replays in one call (the CLI reads larger ones). */
const MAX_TRACE = 64 * 1024 * 1024;

export function fileBytes(f: OpenFile, max: number): Uint8Array {
  if (f.info.size > max) throw new ContractError('too-large', `${f.info.name} is ${f.info.size} bytes, over the ${max}-byte limit`);
  return f.ev.file.read(0, f.info.size).slice();
}

/** Which trace to replay: an open file, or a tool input (a trace handed over only to be replayed, not evidence). */
export interface TraceRef {
  traceFileId?: string;
  traceInputId?: string;
}

function traceOf(files: FileRegistry, a: TraceRef): { name: string; bytes: Uint8Array } {
  if (a.traceInputId) {
    const i = files.input(a.traceInputId);
    if (i.bytes.length > MAX_TRACE)
      throw new ContractError('too-large', `${i.name} is ${i.bytes.length} bytes, over the ${MAX_TRACE}-byte limit`);
    return { name: i.name, bytes: i.bytes };
  }
  if (!a.traceFileId)
    throw new ContractError('bad-arguments', 'give the trace: traceInputId (an uploaded trace) or traceFileId (an open file)');
  const t = files.get(a.traceFileId);
  return { name: t.info.name, bytes: fileBytes(t, MAX_TRACE) };
}

export function replayInputs(files: FileRegistry, a: TraceRef & { beforeFileId?: string; afterFileId: string }): PlayerInputs {
  const t = traceOf(files, a);
  const b = a.beforeFileId ? files.get(a.beforeFileId) : undefined;
  const af = files.get(a.afterFileId);
  return {
    trace: new TextDecoder().decode(t.bytes),
    before: b ? fileBytes(b, MAX_SESSION_STORE) : undefined,
    after: fileBytes(af, MAX_SESSION_STORE),
    names: { trace: t.name, before: b?.info.name ?? null, after: af.info.name },
  };
}

function contractErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof TraceError || e instanceof ReplayInputError) throw new ContractError('unreadable', e.message);
    throw e;
  }
}

export function runReplay(inp: PlayerInputs): { report: ReplayReport } {
  return contractErrors(() => replay({ trace: inp.trace, before: inp.before, after: inp.after, qemu: inp.qemu }));
}

export function replayFromFiles(files: FileRegistry, a: TraceRef & { beforeFileId?: string; afterFileId: string }): ReplayPlayback {
  const inp = replayInputs(files, a);
  return contractErrors(() => playback(inp));
}
