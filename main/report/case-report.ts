import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { decodeFile, KEEP_PAYLOADS_BELOW, type OpenedEvidence } from '../services/decode-file';
import { decodeStatus, inspectReport } from '../services/inspect';
import { streamable, type ScanProgress } from '../services/evidence-scan';
import { EvidenceFile } from '../evidence/file';
import { pstoreFilesOf } from '../pstore-files/read';
import { dumpsOf, type InspectReport } from '../../shared/report/inspect';
import { buildTimeline, DEFAULT_WINDOW_MS, type TimelineSource } from '../../shared/timeline/build';
import { timelineSourceOf } from '../../shared/timeline/source';
import { reportHtml, writeReportHtml, type HtmlReportInput, type ReportNote } from '../../shared/report-html/html';
import { CSV_HEADER, csvRow } from '../../shared/report-html/csv';
import { wholeFileView, type FileView } from '../../shared/report-html/view';
import { openAtomic, writeFileAtomic, writeProvenance, type AtomicFile, type OutputPolicy } from '../output/index';
import { streamReportFile, type StreamedFile } from './streamed-file';

const TOOL = { name: 'erst-viewer', version: '0.1.0' };

/**
 * From this size on a store or binary CPER records are reported from one streaming pass
 * (inspect's index mode, from the same size); smaller inputs, text forms and pstore folders are
 * decoded whole.
 */
export const STREAM_REPORT_FROM = KEEP_PAYLOADS_BELOW;

/** An input the report cannot describe: nothing in it was recognised. */
export class UnrecognisedInput extends Error {
  constructor(readonly path: string) {
    super(`${path}: not an ERST store, no CPER record and no pstore file found`);
  }
}

/** Inputs as provenance records them: each file read (every file of a pstore folder), size and sha256 at open. */
export function provenanceInputs(
  inputs: readonly { path: string; ev: OpenedEvidence }[],
): { path: string; size: number; sha256: string }[] {
  return inputs.flatMap(({ path, ev }) => pstoreFilesOf(ev.file) ?? [{ path, size: ev.file.size, sha256: ev.file.sha256() }]);
}

const utf8 = new TextDecoder('utf-8');

/** One input of a report: decoded whole, or (large) read as it streams. */
type Input =
  | { path: string; file: EvidenceFile; ev: OpenedEvidence; report: InspectReport; streamed?: undefined }
  | { path: string; file: EvidenceFile; streamed?: StreamedFile; ev?: undefined };

/** The whole decode's part of the report: the inspection document and each dump's stitched text. */
function wholeView(path: string, ev: OpenedEvidence, report: InspectReport): FileView {
  const texts = dumpsOf(ev.input, false).map((d) => (d.text ? utf8.decode(d.text) : null));
  return wholeFileView(path, report, texts);
}

/** Everything the HTML is made from. */
function htmlInput(
  inputs: readonly Input[],
  o: { command: string; windowMs?: number; title?: string; notes?: ReportNote[] },
): HtmlReportInput {
  const views = inputs.map((i) => (i.ev ? wholeView(i.path, i.ev, i.report) : i.streamed!.view));
  const windowMs = Math.max(0, o.windowMs ?? DEFAULT_WINDOW_MS);
  const whole = inputs.map((i, n) => (i.ev ? timelineSourceOf(`f${n}`, i.path, i.ev.input) : undefined));
  // A large input's dumps are in the timeline only where a hardware error may be linked to
  // them (at most windowMs before): the report shows no other dump of the timeline.
  const hwTimes: number[] = [];
  for (const [n, i] of inputs.entries()) {
    if (i.streamed) hwTimes.push(...i.streamed.hardwareErrorTimes());
    else
      for (const r of whole[n]!.records)
        if (r.hw && r.timestamp && !Number.isNaN(Date.parse(r.timestamp))) hwTimes.push(Date.parse(r.timestamp));
  }
  hwTimes.sort((a, b) => a - b);
  const linkable = (at: number) => {
    if (Number.isNaN(at)) return false;
    let lo = 0;
    let hi = hwTimes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hwTimes[mid] < at - windowMs) lo = mid + 1;
      else hi = mid;
    }
    return lo < hwTimes.length && hwTimes[lo] <= at;
  };
  const sources: TimelineSource[] = inputs.map((i, n) => whole[n] ?? i.streamed!.timelineSource(`f${n}`, linkable));
  return {
    title: o.title ?? `ERST Viewer report: ${inputs.map((i) => i.path.split('/').pop()).join(', ')}`,
    tool: TOOL.name,
    version: TOOL.version,
    command: o.command,
    files: views,
    timeline: buildTimeline(sources, { windowMs }),
    inputs: inputs.flatMap((i) =>
      i.ev ? provenanceInputs([{ path: i.path, ev: i.ev }]) : [{ path: i.path, size: i.file.size, sha256: i.streamed!.sha256 }],
    ),
    notes: o.notes,
  };
}

/** Output text gathered into writes of about 256 KiB. */
function batched(f: AtomicFile): { write(s: string): void; flush(): void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length) f.write(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(s) {
      parts.push(s);
      size += s.length;
      if (size >= 1 << 18) flush();
    },
    flush,
  };
}

export interface CaseReportOptions {
  html?: string;
  csv?: string;
  /** The command line that made the report (in the HTML). */
  command: string;
  windowMs?: number;
  title?: string;
  notes?: ReportNote[];
  /** What provenance.json records as the options. */
  options: Record<string, unknown>;
  policy: OutputPolicy;
  /** Refuse (UnrecognisedInput) an input in which nothing was recognised, before writing anything. */
  refuseUnrecognised?: boolean;
  /** Inputs from this size on are read as they stream (default STREAM_REPORT_FROM). */
  streamFrom?: number;
  /** Bytes of dump text a streamed store's report keeps (default: streamed-file's budget). */
  textBudget?: number;
  onProgress?(p: ScanProgress): void;
  cancelled?(): boolean;
}

export interface CaseReportResult {
  /** 0 clean, 1 errors found in an input (the outputs are written all the same). */
  status: 0 | 1;
  written: { path: string; sha256: string; bytes: number }[];
  /** Which inputs were read as they streamed (by path). */
  streamed: string[];
}

/**
 * Writes the case report (HTML and/or CSV, each atomically with its provenance sidecars).
 * Small inputs are decoded whole, as they always were; a large store or large binary records
 * are read once as they stream, their CSV rows written as they are met, so memory holds only
 * what the HTML shows. Inputs are hashed again once, before the sidecars are written.
 */
export async function writeCaseReport(paths: readonly string[], o: CaseReportOptions): Promise<CaseReportResult> {
  const streamFrom = o.streamFrom ?? STREAM_REPORT_FROM;
  const inputs: Input[] = [];
  const outs: AtomicFile[] = [];
  try {
    // Small inputs first: decoded whole, and refused when unrecognised before any output exists.
    for (const path of paths) {
      const file = new EvidenceFile(path);
      if (!pstoreFilesOf(file) && file.size >= streamFrom && streamable(file)) {
        inputs.push({ path, file });
        continue;
      }
      const ev = decodeFile(file);
      inputs.push({ path, file, ev, report: inspectReport(ev, { fields: false }) });
      if (o.refuseUnrecognised && ev.unrecognised) throw new UnrecognisedInput(path);
    }
    const html = o.html ? openAtomic(o.html, o.policy) : undefined;
    if (html) outs.push(html);
    const csvFile = o.csv ? openAtomic(o.csv, o.policy) : undefined;
    if (csvFile) outs.push(csvFile);
    const csv = csvFile && batched(csvFile);
    csv?.write(CSV_HEADER);
    for (const i of inputs) {
      if (i.ev) {
        if (csv) for (const r of i.report.records) csv.write(csvRow(i.path, r));
        continue;
      }
      i.streamed = await streamReportFile(i.file, i.path, {
        onRecord: csv ? (r) => csv.write(csvRow(i.path, r)) : undefined,
        textBudget: o.textBudget,
        onProgress: o.onProgress,
        cancelled: o.cancelled,
      });
      if (o.refuseUnrecognised && i.streamed!.status === 3) throw new UnrecognisedInput(i.path);
    }
    csv?.flush();
    const doc = htmlInput(inputs, o);
    const info = { tool: TOOL.name, version: TOOL.version, command: 'report', options: o.options, inputs: doc.inputs };
    const written: CaseReportResult['written'] = [];
    for (const [f, path] of [
      [html, o.html],
      [csvFile, o.csv],
    ] as const) {
      if (!f || !path) continue;
      if (f === html) {
        const w = batched(f);
        writeReportHtml(doc, (s) => w.write(s));
        w.flush();
      }
      f.commit();
      written.push({ path, sha256: f.sha256(), bytes: f.bytesWritten });
    }
    // The inputs are hashed again once, for every output's sidecars.
    writeProvenance(
      written.map((w) => ({ file: w.path, sha256: w.sha256, bytes: w.bytes })),
      info,
      o.policy,
    );
    const errors = inputs.some((i) => (i.ev ? decodeStatus(i.ev, i.report) === 1 : i.streamed!.status === 1));
    return { status: errors ? 1 : 0, written, streamed: inputs.filter((i) => !i.ev).map((i) => i.path) };
  } finally {
    for (const f of outs) f.abort();
    for (const i of inputs) i.file.close();
  }
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

/** How the export dialog's report is made: what the CLI would be given, with the job folder's names. */
function dialogReport(path: string, dir: string): { paths: string[] } & CaseReportOptions {
  return {
    paths: [path],
    html: join(dir, 'report.html'),
    csv: join(dir, 'records.csv'),
    command: `erst-viewer report ${path} --html report.html --csv records.csv`,
    title: `ERST Viewer report: ${basename(path)}`,
    options: { window: DEFAULT_WINDOW_MS / 1000, from: 'export dialog' },
    policy: { evidence: [path] },
  };
}

/** The export dialog's report of one open file: report.html and records.csv, each with its provenance sidecars. */
export function reportExportSteps(ev: OpenedEvidence, dir: string): { phase: string; run(): void }[] {
  const { command, options, policy, title } = dialogReport(ev.file.path, dir);
  const path = ev.file.path;
  let doc: HtmlReportInput | undefined;
  let report: InspectReport | undefined;
  const info = () => ({ command: 'report', options, inputs: doc!.inputs });
  return [
    {
      phase: 'reading the file',
      run: () => {
        report = inspectReport(ev, { fields: false });
        doc = htmlInput([{ path, file: ev.file, ev, report }], { command, title });
      },
    },
    {
      phase: 'writing report.html',
      run: () => {
        writeWithProvenance(join(dir, 'report.html'), reportHtml(doc!), info(), policy);
      },
    },
    {
      phase: 'writing records.csv',
      run: () =>
        writeWithProvenance(join(dir, 'records.csv'), CSV_HEADER + report!.records.map((r) => csvRow(path, r)).join(''), info(), policy),
    },
  ];
}

/**
 * The export dialog's report of a large store (or large binary records), read as it streams
 * (see writeCaseReport); false when the file is not one, and the job decodes it whole instead.
 */
export async function streamReportExport(
  path: string,
  dir: string,
  hooks: Pick<CaseReportOptions, 'onProgress' | 'cancelled' | 'streamFrom'> = {},
): Promise<boolean> {
  const file = new EvidenceFile(path);
  try {
    if (pstoreFilesOf(file) || file.size < (hooks.streamFrom ?? STREAM_REPORT_FROM) || !streamable(file)) return false;
  } finally {
    file.close();
  }
  const { paths, ...o } = dialogReport(path, dir);
  await writeCaseReport(paths, { ...o, ...hooks });
  return true;
}
