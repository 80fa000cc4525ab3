/**
 * `export --json`, `--text` and `--cper`: CPER-JSON (libcper conventions), kernel-style text,
 * and one `.cper` file per record (bytes exactly as stored, so they round-trip).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecodedRecord, DecodedSection } from '../../shared/cper/record';
import { cperJsonBytes, type ReadBytes } from '../../shared/export/cper-json/index';
import type { OpenedEvidence } from './decode-file';
import { kernelText } from '../../shared/export/kernel-text/index';

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
export function writeCperJson(input: CperExportInput, out: string, opts: { recovered?: boolean } = {}): void {
  writeFileSync(out, cperJsonBytes(pick(input, !!opts.recovered), input.read, input.sections ?? [], 2));
}

export function writeKernelText(input: CperExportInput, out: string, opts: { recovered?: boolean } = {}): void {
  writeFileSync(out, kernelText(pick(input, !!opts.recovered), input.read, input.sections ?? []));
}

/** Writes `<recordId>.cper` (live) and `recovered/<recordId>.cper` (cleared, with --recovered). */
export function writeCperFiles(input: CperExportInput, dir: string, opts: { recovered?: boolean } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const used = new Set<string>();
  input.records.forEach((e, i) => {
    if (e.state === 'cleared' && !opts.recovered) return;
    const sub = e.state === 'cleared' ? join(dir, 'recovered') : dir;
    mkdirSync(sub, { recursive: true });
    let name = e.record.recordId ?? `record-${i}`;
    if (e.slot !== null) name = `${name}-slot${e.slot}`;
    while (used.has(join(sub, name))) name += `-${i}`;
    used.add(join(sub, name));
    const bytes = input.read(e.record.offset, e.record.length) ?? new Uint8Array(0);
    const path = join(sub, `${name}.cper`);
    writeFileSync(path, bytes);
    written.push(path);
  });
  return written;
}

/**
 * The export input for an opened evidence file. Offsets refer to the input's source: the
 * file itself, or for text inputs the bytes decoded from the text.
 */
export function cperExportInput(ev: OpenedEvidence): CperExportInput {
  const src = ev.input.source ?? ev.file;
  return { records: ev.input.records, sections: ev.input.sections, read: (o, l) => src.read(o, l) };
}
