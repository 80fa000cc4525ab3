/**
 * `export --json/--text/--cper/--dmesg` in one pass over the evidence: each record is written
 * from its bytes as it is read (CPER-JSON by the compiled declarations, kernel text, .cper
 * files, pstore files), then let go; dumps are stitched afterwards one at a time from their
 * parts' slots. Memory stays flat whatever the input size: no viewer tree, no report, no
 * whole-file buffer. The outputs are byte for byte those of the whole-file exporters.
 */
import { CREATOR_PSTORE } from '../../shared/cper/guids';
import { decodeRecord, type DecodedRecord } from '../../shared/cper/record';
import type { PstoreInfo } from '../../shared/cper/section';
import type { Diagnostic } from '../../shared/decode/diagnostics';
import { recordKernelLines } from '../../shared/export/kernel-text/index';
import { dumpFileName, reassembleDumps, stitchDump, type DumpPartInput } from '../../shared/pstore/dump';
import { indexDumpContext } from '../../shared/index/index';
import { recordHasErrors } from '../../shared/index/record-errors';
import { pstoreFileName } from '../../shared/pstore/names';
import type { EvidenceFile } from '../evidence/file';
import { CperJsonPool } from '../json-pool/pool';
import { JSON_EXPORT_INDENT } from '../json-pool/threads';
import { openAtomic, openOutputDir, type AtomicFile, type OutputDir, type OutputPolicy } from '../output/index';
import { scanEvidence, type ScanHooks, type ScannedRecord } from './evidence-scan';

export interface ExportTargets {
  json?: string;
  text?: string;
  cper?: string;
  dmesg?: string;
}

export interface StreamExportResult {
  /** 0 clean, 1 errors in the input (outputs still written). */
  status: 0 | 1;
  sha256: string;
  records: number;
  /** Files written: the single files and the folders' contents. */
  files: { json?: AtomicFile; text?: AtomicFile; cper?: OutputDir; dmesg?: OutputDir };
  cperCount: number;
  dmesgCount: number;
}

/** Output written between two background flushes to disk. */
const FLUSH_AHEAD = 64 * 1024 * 1024;
/** Inputs from this size start the JSON workers with the export (not at the first full batch). */
const EAGER_WORKERS = 4 * 1024 * 1024;

function hasError(list: readonly Diagnostic[]): boolean {
  for (const d of list) if (d.level === 'error') return true;
  return false;
}

function recordHasError(rec: DecodedRecord): boolean {
  if (hasError(rec.diagnostics)) return true;
  for (const s of rec.sections) if (hasError(s.diagnostics)) return true;
  return false;
}

/**
 * Runs the export; undefined when the input cannot be read as it goes (text forms and
 * section-only files: the caller decodes those whole, they are small by nature).
 */
export async function streamExport(
  file: EvidenceFile,
  t: ExportTargets,
  opts: { recovered?: boolean; policy: OutputPolicy } & Pick<ScanHooks, 'onProgress' | 'cancelled'>,
): Promise<StreamExportResult | undefined> {
  const recovered = !!opts.recovered;
  const files: StreamExportResult['files'] = {};
  let json: CperJsonPool | undefined;
  const abortAll = () => {
    json?.stop();
    files.json?.abort();
    files.text?.abort();
  };
  try {
    if (t.json) files.json = openAtomic(t.json, opts.policy);
    if (t.text) files.text = openAtomic(t.text, opts.policy);
    if (t.cper) files.cper = openOutputDir(t.cper, opts.policy);
    if (t.dmesg) files.dmesg = openOutputDir(t.dmesg, opts.policy);
  } catch (e) {
    abortAll();
    throw e;
  }
  // Batches of records are written on worker threads, in record order (byte for byte one writer's
  // text); the text already written goes to disk from a background thread as the export runs.
  if (files.json) {
    const out = files.json;
    let flushedAt = 0;
    json = new CperJsonPool(
      (c) => {
        out.write(c);
        if (out.bytesWritten - flushedAt >= FLUSH_AHEAD) {
          flushedAt = out.bytesWritten;
          out.flushAhead();
        }
      },
      { indent: JSON_EXPORT_INDENT, eager: file.size >= EAGER_WORKERS },
    );
  }
  const withTrees = !!t.text;
  let errors = false;
  let seq = 0;
  let cperCount = 0;
  let dmesgCount = 0;
  const usedNames = new Set<string>();
  const parts: DumpPartInput[] = [];
  /** Where each pstore record lies, to fetch a dump part's payload again (a live copy wins). */
  const where = new Map<string, { offset: number; avail: number; live: boolean }>();

  // CPER-JSON alone needs no decode: the JSON is written from the bytes, and the exit status
  // only needs to know whether the record has errors.
  const jsonOnly = !t.text && !t.cper && !t.dmesg;
  const onRecord = (r: ScannedRecord) => {
    const i = seq++;
    if (jsonOnly) {
      if (recordHasErrors(r.bytes, 0, r.avail, r.offset)) errors = true;
      if (r.state !== 'cleared' || recovered) json?.record(r.bytes, 0, r.avail);
      return;
    }
    const rec = decodeRecord(r.bytes, 0, { base: r.offset, maxLength: r.avail, lean: !withTrees });
    if (recordHasError(rec)) errors = true;
    const include = r.state !== 'cleared' || recovered;
    if (!include && !t.dmesg) return;
    if (include) {
      json?.record(r.bytes, 0, r.avail);
      if (files.text) {
        const view = r.bytes;
        const read = (o: number, l: number) =>
          o >= r.offset && o + l <= r.offset + view.length ? view.subarray(o - r.offset, o - r.offset + l) : file.read(o, l);
        files.text.write(recordKernelLines(rec, read).join('\n') + '\n');
      }
      if (files.cper) {
        const sub = r.state === 'cleared' ? 'recovered/' : '';
        let name = rec.recordId ?? `record-${i}`;
        if (r.slot !== null) name = `${name}-slot${r.slot}`;
        while (usedNames.has(sub + name)) name += `-${i}`;
        usedNames.add(sub + name);
        files.cper.writeFile(`${sub}${name}.cper`, r.bytes.subarray(0, rec.length));
        cperCount++;
      }
    }
    if (!files.dmesg || !rec.recordId) return;
    const p = rec.sections[0]?.pstore;
    if (!p) return;
    if (include && rec.creatorId === CREATOR_PSTORE && p.text) {
      files.dmesg.writeFile(`${r.state === 'cleared' ? 'recovered/' : ''}${pstoreFileName(rec.recordId, p)}`, p.text);
      dmesgCount++;
    }
    const live = r.state !== 'cleared';
    const known = where.get(rec.recordId);
    if (!known || (!known.live && live)) where.set(rec.recordId, { offset: r.offset, avail: r.avail, live });
    const meta: PstoreInfo = { ...p, text: undefined };
    parts.push({ recordId: rec.recordId, slot: r.slot ?? undefined, state: live ? 'live' : 'cleared', pstore: meta });
  };

  let scan;
  try {
    scan = await scanEvidence(file, { onRecord, onProgress: opts.onProgress, cancelled: opts.cancelled });
  } catch (e) {
    abortAll();
    throw e;
  }
  if (!scan) {
    abortAll();
    return undefined;
  }
  const storeDiagnostics = scan.kind === 'store' ? scan.index.diagnostics : scan.diagnostics;
  if (hasError(storeDiagnostics)) errors = true;

  if (files.dmesg) {
    const payloadOf = (id: string): Uint8Array | undefined => {
      const w = where.get(id);
      if (!w) return undefined;
      return decodeRecord(file.read(w.offset, w.avail).slice(), 0, { base: w.offset, maxLength: w.avail, lean: true }).sections[0]?.pstore
        ?.text;
    };
    const ctx = scan.kind === 'store' ? indexDumpContext(scan.index) : {};
    for (const d of reassembleDumps(parts, { ...ctx, recovered: false })) {
      files.dmesg.writeFile(`dumps/${dumpFileName(d)}`, stitchDump(d, payloadOf));
      dmesgCount++;
    }
    if (recovered) {
      for (const d of reassembleDumps(parts, { ...ctx, recovered: true })) {
        if (!d.parts.some((p) => p.state === 'cleared')) continue;
        files.dmesg.writeFile(`recovered/dumps/${dumpFileName(d)}`, stitchDump(d, payloadOf));
        dmesgCount++;
      }
    }
  }
  try {
    await json?.finish();
  } catch (e) {
    abortAll();
    throw e;
  }
  try {
    await files.json?.commitAsync();
  } catch (e) {
    abortAll();
    throw e;
  }
  files.text?.commit();
  return { status: errors ? 1 : 0, sha256: scan.sha256, records: scan.records, files, cperCount, dmesgCount };
}
