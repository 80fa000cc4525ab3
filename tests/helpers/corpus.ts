import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** Linux 6.1 guests on QEMU 7.2. */
export const CORPUS = join(FIXTURES, 'corpus');
/** Linux 6.12 guests on QEMU 10.0 (pstore reworked in 6.6: zlib window 15, smaller parts, head kept on compression failure). */
export const CORPUS_612 = join(FIXTURES, 'corpus-612');
/** Every real corpus, each with the kernel's own /sys/fs/pstore view as its oracle. */
export const CORPORA = [CORPUS, CORPUS_612];

const scenariosOf = (root: string) =>
  readdirSync(root)
    .filter((d) => /^S\d+-/.test(d))
    .sort();

export function corpusPath(...parts: string[]): string {
  return join(CORPUS, ...parts);
}

export function corpusBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(...parts)));
}

/** Every backing snapshot in a corpus (paths relative to it). */
export function backings(root = CORPUS): string[] {
  return scenariosOf(root).flatMap((s) =>
    readdirSync(join(root, s))
      .filter((f) => /^backing\.after-boot\d+$/.test(f))
      .map((f) => join(s, f)),
  );
}

/** Every `oracle-bootN` folder with the backing file that was on disk when boot N started. */
export function oracles(root = CORPUS): { corpus: string; scenario: string; boot: number; dir: string; before: string }[] {
  const out = [];
  for (const s of scenariosOf(root)) {
    for (const d of readdirSync(join(root, s))) {
      const m = /^oracle-boot(\d+)$/.exec(d);
      if (!m) continue;
      const boot = Number(m[1]);
      const before = join(root, s, `backing.after-boot${boot - 1}`);
      if (existsSync(before))
        out.push({ corpus: root === CORPUS ? 'corpus' : 'corpus-612', scenario: s, boot, dir: join(root, s, d), before });
    }
  }
  return out;
}

/** Every boot with a QEMU trace: its before-file (absent for boot 1: QEMU made the store) and after-file. */
export function tracedBoots(root = CORPUS): { scenario: string; boot: number; trace: string; before?: string; after: string }[] {
  const out = [];
  for (const s of scenariosOf(root)) {
    for (let b = 1; existsSync(join(root, s, `boot${b}.trace.log`)); b++) {
      const before = join(root, s, `backing.after-boot${b - 1}`);
      out.push({
        scenario: s,
        boot: b,
        trace: join(root, s, `boot${b}.trace.log`),
        before: existsSync(before) ? before : undefined,
        after: join(root, s, `backing.after-boot${b}`),
      });
    }
  }
  return out;
}
