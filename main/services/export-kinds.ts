import { join } from 'node:path';
import type { ExportKind } from '../../shared/contract/index';
import type { OpenedEvidence } from './decode-file';
import { exportDmesg } from './export-dmesg';
import { cperExportInput, writeCperFiles, writeCperJson, writeKernelText } from './export-cper';
import { reportExportSteps } from '../report/case-report';
import type { ExportTargets } from './export-stream';

/** One step of an export: a phase name for the progress bar and the work (sync, short). */
export interface ExportStep {
  phase: string;
  run(): void;
}

export interface ExportKindImpl extends ExportKind {
  /** Whether this kind applies to a file (e.g. dmesg needs pstore records). */
  appliesTo(ev: OpenedEvidence): boolean;
  /** The work, split into steps so the job can report progress and stop between them. */
  steps(ev: OpenedEvidence, dir: string, opts: { recovered: boolean }): ExportStep[];
  /**
   * The same files written as the evidence is read (export-stream.ts), for a store or binary
   * records: what the job runs then, with memory flat whatever the file's size.
   */
  stream?(dir: string): ExportTargets;
}

const hasRecords = (ev: OpenedEvidence) => ev.input.records.length > 0;

/**
 * Every export the CLI offers (`erst-viewer export --dmesg/--json/--text/--cper`), for the
 * export dialog, calling the same services. Adding an exporter is one entry here; the dialog
 * lists whatever this table holds. File names match what the CLI is usually given.
 */
export const EXPORT_KINDS: ExportKindImpl[] = [
  {
    kind: 'dmesg',
    label: 'pstore dmesg files',
    description: 'dmesg-erst-<id> files exactly as Linux shows them in /sys/fs/pstore, plus stitched dumps under dumps/ (export --dmesg).',
    recoveredOption: true,
    appliesTo: (ev) => ev.input.records.some((r) => r.record.sections[0]?.pstore),
    steps: (ev, dir, o) => [{ phase: 'writing dmesg files', run: () => void exportDmesg(ev.input, dir, { recovered: o.recovered }) }],
    stream: (dir) => ({ dmesg: dir }),
  },
  {
    kind: 'cper-json',
    label: 'CPER-JSON',
    description: "One JSON document in libcper's conventions, 64-bit integers exact (export --json).",
    recoveredOption: true,
    appliesTo: hasRecords,
    steps: (ev, dir, o) => [{ phase: 'writing CPER-JSON', run: () => writeCperJson(cperExportInput(ev), join(dir, 'records.json'), o) }],
    stream: (dir) => ({ json: join(dir, 'records.json') }),
  },
  {
    kind: 'kernel-text',
    label: 'Kernel-style text',
    description: 'The "[Hardware Error]:" lines Linux cper.c would print (export --text).',
    recoveredOption: true,
    appliesTo: hasRecords,
    steps: (ev, dir, o) => [{ phase: 'writing kernel text', run: () => writeKernelText(cperExportInput(ev), join(dir, 'records.txt'), o) }],
    stream: (dir) => ({ text: join(dir, 'records.txt') }),
  },
  {
    kind: 'cper',
    label: '.cper files',
    description: 'Each record as its own .cper file, bytes exactly as stored (export --cper).',
    recoveredOption: true,
    appliesTo: hasRecords,
    steps: (ev, dir, o) => [{ phase: 'writing .cper files', run: () => void writeCperFiles(cperExportInput(ev), dir, o) }],
    stream: (dir) => ({ cper: dir }),
  },
  {
    kind: 'report',
    label: 'Case report (HTML + CSV)',
    description:
      'report.html (self-contained: summary, geometry, slot map, records, dumps, hardware errors, diagnostics, provenance) and records.csv, each with provenance.json and SHA256SUMS (erst-viewer report).',
    recoveredOption: false,
    appliesTo: () => true,
    steps: (ev, dir) => reportExportSteps(ev, dir),
  },
];
