import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');

export const SCENARIOS = readdirSync(CORPUS).filter((d) => /^S\d+-/.test(d)).sort();

export function corpusPath(...parts: string[]): string {
  return join(CORPUS, ...parts);
}

export function corpusBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(...parts)));
}

/** Every backing snapshot in the corpus. */
export function backings(): string[] {
  return SCENARIOS.flatMap((s) => readdirSync(join(CORPUS, s)).filter((f) => /^backing\.after-boot\d+$/.test(f)).map((f) => join(s, f)));
}

/** Every `oracle-bootN` folder with the backing file that was on disk when boot N started. */
export function oracles(): { scenario: string; boot: number; dir: string; before: string }[] {
  const out = [];
  for (const s of SCENARIOS) {
    for (const d of readdirSync(join(CORPUS, s))) {
      const m = /^oracle-boot(\d+)$/.exec(d);
      if (!m) continue;
      const boot = Number(m[1]);
      const before = join(CORPUS, s, `backing.after-boot${boot - 1}`);
      if (existsSync(before)) out.push({ scenario: s, boot, dir: join(CORPUS, s, d), before });
    }
  }
  return out;
}
