import { EvidenceFile } from '../evidence/file';
import { openEvidence } from '../services/decode-file';
import { streamable } from '../services/evidence-scan';
import { EXPORT_KINDS, type ExportKindImpl } from '../services/export-kinds';
import { streamExport } from '../services/export-stream';
import { streamReportExport } from '../report/case-report';

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

/** Progress steps a streamed export reports (its bytes read, in hundredths). */
const STREAM_STEPS = 100;

/**
 * Runs one export job from the evidence path, off the main thread, saying how far it is; the
 * job's owner cancels it by ending the worker. A store or binary records are exported as they
 * are read (memory flat whatever the size); other inputs are decoded whole, step by step.
 */
export async function runExport(d: ExportJobData, post: (m: FromExportWorker) => void): Promise<void> {
  try {
    const impl = EXPORT_KINDS.find((k) => k.kind === d.kind);
    if (!impl) throw new Error(`no export called "${d.kind}"`);
    const recovered = d.recovered && impl.recoveredOption;
    if (impl.stream && (await streamed(impl, d, recovered, post))) return;
    if (impl.kind === 'report' && (await streamedReport(d, post))) return;
    const ev = openEvidence(d.path);
    const steps = impl.steps(ev, d.dir, { recovered });
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

/** The case report of a large file, read as it streams (main/report); false for a file decoded whole. */
async function streamedReport(d: ExportJobData, post: (m: FromExportWorker) => void): Promise<boolean> {
  const phase = 'writing the case report';
  let shown = -1;
  const done = await streamReportExport(d.path, d.dir, {
    onProgress: (p) => {
      const step = p.total ? Math.floor((p.bytes / p.total) * STREAM_STEPS) : 0;
      if (step === shown) return;
      shown = step;
      post({ type: 'step', phase, done: step, total: STREAM_STEPS });
    },
  });
  if (done) post({ type: 'done', total: STREAM_STEPS });
  return done;
}

/** The export written as the file is read; false when the file is not read that way. */
async function streamed(impl: ExportKindImpl, d: ExportJobData, recovered: boolean, post: (m: FromExportWorker) => void): Promise<boolean> {
  const file = new EvidenceFile(d.path);
  try {
    if (!streamable(file)) return false;
    const phase = `writing ${impl.label}`;
    let shown = -1;
    post({ type: 'step', phase, done: 0, total: STREAM_STEPS });
    const res = await streamExport(file, impl.stream!(d.dir), {
      recovered,
      // The job folder is private and new: nothing in it to keep; the evidence is refused as ever.
      policy: { evidence: [d.path], force: true },
      onProgress: (p) => {
        const done = p.total ? Math.floor((p.bytes / p.total) * STREAM_STEPS) : 0;
        if (done === shown) return;
        shown = done;
        post({ type: 'step', phase, done, total: STREAM_STEPS });
      },
    });
    if (!res) return false;
    post({ type: 'done', total: STREAM_STEPS });
    return true;
  } finally {
    file.close();
  }
}
