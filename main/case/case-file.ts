import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkOutput, writeFileAtomic } from '../output/index';
import type { CaseItem, CaseLogEntry } from '../../shared/contract/channels/case';

export type { CaseItem, CaseLogEntry, CaseTarget } from '../../shared/contract/channels/case';

export interface CaseFile {
  format: 'erst-viewer-case';
  version: 1;
  items: CaseItem[];
  /** Append-only: every save keeps every earlier entry, in order. */
  log: CaseLogEntry[];
}

class CaseFileError extends Error {
  readonly code = 'ECASE';
}

/** Case files are small; past this the file is refused rather than parsed. */
const MAX_CASE_BYTES = 16 * 1024 * 1024;

/** The default case file of an evidence path: beside it (for a folder: beside the folder, never inside). */
export function defaultCasePath(evidence: string): string {
  const abs = resolve(evidence);
  return join(dirname(abs), `${basename(abs)}.erstcase.json`);
}

export function emptyCase(): CaseFile {
  return { format: 'erst-viewer-case', version: 1, items: [], log: [] };
}

/** Reads a case file; a missing one is an empty case. A damaged one is an error, never silently replaced. */
export function loadCase(path: string): CaseFile {
  if (!existsSync(path)) return emptyCase();
  const st = statSync(path);
  if (!st.isFile()) throw new CaseFileError(`${path}: a case file must be a regular file`);
  if (st.size > MAX_CASE_BYTES) throw new CaseFileError(`${path}: ${st.size} bytes is too large for a case file`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CaseFileError(`${path}: not a case file (${(e as Error).message})`);
  }
  const c = doc as Partial<CaseFile>;
  if (c?.format !== 'erst-viewer-case' || c.version !== 1 || !Array.isArray(c.items) || !Array.isArray(c.log)) {
    throw new CaseFileError(`${path}: not an erst-viewer case file (format/version/items/log missing)`);
  }
  return c as CaseFile;
}

const sameEntry = (a: CaseLogEntry, b: CaseLogEntry) => a.at === b.at && a.action === b.action && a.detail === b.detail;

/**
 * Saves a case next to the evidence: refused for an evidence path or a path inside an
 * evidence folder (checkOutput); the log on disk must be a prefix of the new one, so nothing
 * logged is ever dropped, even by two viewers saving the same case.
 */
export function saveCase(path: string, c: CaseFile, evidence: readonly string[]): void {
  const policy = { evidence, force: true };
  checkOutput(path, policy);
  const onDisk = loadCase(path);
  const prefix = onDisk.log.every((e, i) => c.log[i] && sameEntry(e, c.log[i]));
  // Someone else appended meanwhile: keep theirs, then ours that are new.
  const log = prefix ? c.log : [...onDisk.log, ...c.log.filter((e) => !onDisk.log.some((x) => sameEntry(x, e)))];
  writeFileAtomic(path, JSON.stringify({ ...c, log }, null, 2) + '\n', policy);
}

/** Appends one log entry to a case file (creating it when absent). */
export function appendCaseLog(path: string, entry: Omit<CaseLogEntry, 'at'>, evidence: readonly string[], now = new Date()): CaseFile {
  const c = loadCase(path);
  c.log.push({ at: now.toISOString(), ...entry });
  saveCase(path, c, evidence);
  return c;
}

/** The notes and bookmarks of one evidence file, as text lines for the CLI. */
export function caseItemsText(c: CaseFile, sha256: string): string {
  const items = c.items.filter((i) => i.target.sha256 === sha256);
  if (!items.length) return '';
  const lines = ['case notes and bookmarks:'];
  for (const i of items) {
    const where = i.target.record
      ? `record ${i.target.record.index}${i.target.record.recordId ? ` (id ${i.target.record.recordId})` : ''}`
      : i.target.range
        ? `bytes 0x${i.target.range.offset.toString(16)}+${i.target.range.length}`
        : 'file';
    lines.push(`  ${i.kind.padEnd(8)} ${where}: ${i.text}`);
  }
  return lines.join('\n') + '\n';
}
