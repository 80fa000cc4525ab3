import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openEvidence, type OpenedEvidence } from '../services/decode-file';
import { inspectReport } from '../services/inspect';
import { pstoreFilesOf } from '../pstore-files/read';
import { dumpsOf } from '../../shared/report/inspect';
import { buildTimeline, DEFAULT_WINDOW_MS } from '../../shared/timeline/build';
import { timelineSourceOf } from '../../shared/timeline/source';
import { reportHtml, type ReportFileInput, type ReportNote } from '../../shared/report-html/html';
import { recordsCsv } from '../../shared/report-html/csv';
import { writeFileAtomic, writeProvenance, type OutputPolicy } from '../output/index';

const TOOL = { name: 'erst-viewer', version: '0.1.0' };

export interface OpenedInput {
  path: string;
  ev: OpenedEvidence;
}

/** Inputs as provenance records them: each file read (every file of a pstore folder), size and sha256 at open. */
export function provenanceInputs(inputs: readonly OpenedInput[]): { path: string; size: number; sha256: string }[] {
  return inputs.flatMap(({ path, ev }) => pstoreFilesOf(ev.file) ?? [{ path, size: ev.file.size, sha256: ev.file.sha256() }]);
}

const utf8 = new TextDecoder('utf-8');

/** Everything the HTML and CSV are made from, from the opened inputs. */
export function caseReportInput(
  inputs: readonly OpenedInput[],
  o: { command: string; windowMs?: number; title?: string; notes?: ReportNote[] },
) {
  const files: ReportFileInput[] = inputs.map(({ path, ev }) => {
    const report = inspectReport(ev, { fields: false });
    const texts = dumpsOf(ev.input, false).map((d) => (d.text ? utf8.decode(d.text) : null));
    return { name: path, report, dumpTexts: texts };
  });
  const timeline = buildTimeline(
    inputs.map(({ path, ev }, i) => timelineSourceOf(`f${i}`, path, ev.input)),
    { windowMs: o.windowMs ?? DEFAULT_WINDOW_MS },
  );
  return {
    title: o.title ?? `ERST Viewer report: ${inputs.map((i) => i.path.split('/').pop()).join(', ')}`,
    tool: TOOL.name,
    version: TOOL.version,
    command: o.command,
    files,
    timeline,
    inputs: provenanceInputs(inputs),
    notes: o.notes,
  };
}

export function openInputs(paths: readonly string[]): OpenedInput[] {
  const out: OpenedInput[] = [];
  try {
    for (const p of paths) out.push({ path: p, ev: openEvidence(p) });
  } catch (e) {
    for (const o of out) o.ev.file.close();
    throw e;
  }
  return out;
}

/**
 * Writes a report output atomically with its sidecars (OUT.provenance.json, OUT.SHA256SUMS);
 * inputs are hashed again first, so a report never vouches for bytes that changed under it.
 */
export function writeWithProvenance(
  out: string,
  text: string,
  info: { command: string; options: Record<string, unknown>; inputs: { path: string; size: number; sha256: string }[] },
  policy: OutputPolicy,
): { sha256: string; bytes: number } {
  const data = Buffer.from(text, 'utf8');
  writeFileAtomic(out, data, policy);
  const sha256 = createHash('sha256').update(data).digest('hex');
  writeProvenance({ file: out, sha256, bytes: data.length }, { tool: TOOL.name, version: TOOL.version, ...info }, policy);
  return { sha256, bytes: data.length };
}

export { reportHtml, recordsCsv };

/** The export dialog's report of one open file: report.html and records.csv, each with its provenance sidecars. */
export function reportExportSteps(ev: OpenedEvidence, dir: string): { phase: string; run(): void }[] {
  const path = ev.file.path;
  const inputs = [{ path, ev }];
  const policy = { evidence: [path] };
  let doc: ReturnType<typeof caseReportInput> | undefined;
  const info = () => ({ command: 'report', options: { window: DEFAULT_WINDOW_MS / 1000, from: 'export dialog' }, inputs: doc!.inputs });
  return [
    {
      phase: 'reading the file',
      run: () => void (doc = caseReportInput(inputs, { command: `erst-viewer report ${path} --html report.html --csv records.csv` })),
    },
    { phase: 'writing report.html', run: () => void writeWithProvenance(join(dir, 'report.html'), reportHtml(doc!), info(), policy) },
    { phase: 'writing records.csv', run: () => void writeWithProvenance(join(dir, 'records.csv'), recordsCsv(doc!.files), info(), policy) },
  ];
}
