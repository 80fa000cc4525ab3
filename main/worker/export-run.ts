import { openEvidence } from '../services/decode-file';
import { EXPORT_KINDS } from '../services/export-kinds';

/** What an export job's worker is given. */
export interface ExportJobData {
  path: string;
  kind: string;
  dir: string;
  recovered: boolean;
}

/** Messages an export job's worker posts. */
export type FromExportWorker =
  { type: 'step'; phase: string; done: number; total: number } | { type: 'done'; total: number } | { type: 'failed'; message: string };

/**
 * Runs one export job from the evidence path (decoded here, off the main thread), step by
 * step, saying which step it is in; the job's owner cancels it by ending the worker.
 */
export function runExport(d: ExportJobData, post: (m: FromExportWorker) => void): void {
  try {
    const impl = EXPORT_KINDS.find((k) => k.kind === d.kind);
    if (!impl) throw new Error(`no export called "${d.kind}"`);
    const ev = openEvidence(d.path);
    const steps = impl.steps(ev, d.dir, { recovered: d.recovered && impl.recoveredOption });
    steps.forEach((st, i) => {
      post({ type: 'step', phase: st.phase, done: i, total: steps.length });
      st.run();
    });
    ev.file.close();
    post({ type: 'done', total: steps.length });
  } catch (e) {
    post({ type: 'failed', message: (e as Error)?.message ?? String(e) });
  }
}
