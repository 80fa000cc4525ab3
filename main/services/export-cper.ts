/**
 * `export --json`, `--text` and `--cper`: CPER-JSON (libcper conventions), kernel-style text,
 * and one `.cper` file per record (bytes exactly as stored, so they round-trip).
 */
import type { DecodedRecord, DecodedSection } from '../../shared/cper/record';
import { cperJsonBytes, type ReadBytes } from '../../shared/export/cper-json/index';
import type { OpenedEvidence } from './decode-file';
import { kernelText } from '../../shared/export/kernel-text/index';
import { openOutputDir, writeFileAtomic, type OutputPolicy } from '../output/index';

/** Exports started from the app write where the user chose (it asked before replacing). */
const APP_POLICY: OutputPolicy = { evidence: [], force: true };

export interface WriteOptions {
  recovered?: boolean;
  policy?: OutputPolicy;
}

export interface CperExportInput {
  records: { record: DecodedRecord; slot: number | null; state: 'live' | 'cleared' | 'file' }[];
  /** Section-only input (no record header). */
  sections?: DecodedSection[];
  /** Reads source bytes at absolute offsets (the file, or the decoded bytes of a text input). */
  read: ReadBytes;
}

function pick(input: CperExportInput, recovered: boolean): DecodedRecord[] {
  return input.records.filter((e) => e.state !== 'cleared' || recovered).map((e) => e.record);
}

/**
 * libcper-style JSON (2-space indent, as libcper's files), written from each record's bytes by
 * the compiled declarations straight into one buffer (the bulk path; no objects, no string).
 */
export function writeCperJson(input: CperExportInput, out: string, opts: WriteOptions = {}): void {
  writeFileAtomic(out, cperJsonBytes(pick(input, !!opts.recovered), input.read, input.sections ?? [], 2), opts.policy ?? APP_POLICY);
}

export function writeKernelText(input: CperExportInput, out: string, opts: WriteOptions = {}): void {
  writeFileAtomic(out, kernelText(pick(input, !!opts.recovered), input.read, input.sections ?? []), opts.policy ?? APP_POLICY);
}

/** Writes `<recordId>.cper` (live) and `recovered/<recordId>.cper` (cleared, with --recovered). */
export function writeCperFiles(input: CperExportInput, dir: string, opts: WriteOptions = {}): string[] {
  const out = openOutputDir(dir, opts.policy ?? APP_POLICY);
  const written: string[] = [];
  const used = new Set<string>();
  input.records.forEach((e, i) => {
    if (e.state === 'cleared' && !opts.recovered) return;
    const sub = e.state === 'cleared' ? 'recovered/' : '';
    let name = e.record.recordId ?? `record-${i}`;
    if (e.slot !== null) name = `${name}-slot${e.slot}`;
    while (used.has(sub + name)) name += `-${i}`;
    used.add(sub + name);
    const bytes = input.read(e.record.offset, e.record.length) ?? new Uint8Array(0);
    out.writeFile(`${sub}${name}.cper`, bytes);
    written.push(`${dir}/${sub}${name}.cper`);
  });
  return written;
}

/**
 * The export input for an opened evidence file. Offsets refer to the input's source: the
 * file itself, or for text inputs the bytes decoded from the text.
 */
export function cperExportInput(ev: OpenedEvidence): CperExportInput {
  const src = ev.input.source ?? ev.file;
  // Section-only input: its listed record stands for the section, which is exported as such.
  return { records: ev.input.sections?.length ? [] : ev.input.records, sections: ev.input.sections, read: (o, l) => src.read(o, l) };
}
