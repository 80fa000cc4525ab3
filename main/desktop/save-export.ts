import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { openOutputDir } from '../output/index';
import { replacePrompt, type Ask } from './consent';

export interface OutputFile {
  /** Relative name with '/' separators, as the export job lists it. */
  name: string;
  bytes(): Uint8Array;
}

export type SaveOutcome = { saved: true; folder: string; replaced: string[] } | { saved: false; reason: 'declined' };

const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Writes an export's files into a folder the user picked, through main/output (atomic, never
 * into evidence, never through a symlink). Files that already exist are replaced only after
 * the user confirmed the list of them; without that, nothing is written. An output that is an
 * evidence file, or inside one's folder, is refused whatever the answer (OutputRefused).
 */
export async function saveExport(
  folder: string,
  files: readonly OutputFile[],
  evidence: readonly string[],
  ask: Ask,
): Promise<SaveOutcome> {
  const existing = files.map((f) => f.name).filter((n) => exists(join(folder, ...n.split('/'))));
  let force = false;
  if (existing.length) {
    const prompt = replacePrompt(folder, existing);
    if ((await ask(prompt)) !== prompt.yes) return { saved: false, reason: 'declined' };
    force = true;
  }
  const dir = openOutputDir(folder, { evidence, force });
  // Without force, a file that appeared after the question is refused (OutputRefused 'exists'), not replaced.
  for (const f of files) dir.writeFile(f.name, f.bytes());
  return { saved: true, folder, replaced: existing };
}
