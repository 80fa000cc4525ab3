import { EvidenceFile } from '../evidence/file';
import { checkOutput } from '../output/index';
import { appendCaseLog, caseItemsText, loadCase, type CaseFile } from './case-file';

/** sha256 of an evidence path as the viewer identifies it (a pstore folder by its digest). */
function evidenceSha256(path: string): string {
  const f = new EvidenceFile(path);
  try {
    return f.sha256();
  } finally {
    f.close();
  }
}

/**
 * `--case FILE` on a command: logs what the command did (append-only) and returns the case's
 * notes and bookmarks on these inputs, as text, so reopening a case from the CLI shows them.
 */
export function useCase(
  casePath: string,
  evidence: readonly string[],
  action: 'open' | 'export' | 'report',
  detail: string,
): { text: string; case: CaseFile; sha256: string[] } {
  const sha256 = evidence.map(evidenceSha256);
  const c = appendCaseLog(
    casePath,
    { action, detail: `${detail} [${evidence.map((p, i) => `${p} sha256 ${sha256[i]}`).join('; ')}]` },
    evidence,
  );
  return { text: sha256.map((s) => caseItemsText(c, s)).join(''), case: c, sha256 };
}

/** Loads a case for a command before it does anything: the case path must be writable and not evidence. */
export function openCaseFor(casePath: string, evidence: readonly string[]): { case: CaseFile; sha256: string[] } {
  checkOutput(casePath, { evidence, force: true });
  return { case: loadCase(casePath), sha256: evidence.map(evidenceSha256) };
}
