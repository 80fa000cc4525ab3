import type { ExportKind } from '../../shared/contract/index';
import type { DecodedInput } from '../../shared/report/inspect';
import { exportDmesg } from './export-dmesg';

/** One step of an export: a phase name for the progress bar and the work (sync, short). */
export interface ExportStep {
  phase: string;
  run(): void;
}

export interface ExportKindImpl extends ExportKind {
  /** Whether this kind applies to a file (e.g. dmesg needs pstore records). */
  appliesTo(input: DecodedInput): boolean;
  /** The work, split into steps so the job can report progress and stop between them. */
  steps(input: DecodedInput, dir: string, opts: { recovered: boolean }): ExportStep[];
}

/**
 * Every export the CLI offers, for the export dialog. Adding a CLI exporter (CPER JSON,
 * kernel text, .cper) is one entry here; the dialog lists whatever this table holds.
 */
export const EXPORT_KINDS: ExportKindImpl[] = [
  {
    kind: 'dmesg',
    label: 'pstore dmesg files',
    description: 'dmesg-erst-<id> files exactly as Linux shows them in /sys/fs/pstore, plus stitched dumps under dumps/ (as `export --dmesg`).',
    recoveredOption: true,
    appliesTo: (input) => input.records.some((r) => r.record.sections[0]?.pstore),
    steps: (input, dir, opts) => [{ phase: 'writing dmesg files', run: () => void exportDmesg(input, dir, { recovered: opts.recovered }) }],
  },
];
