import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { CORPORA, oracles } from '../helpers/corpus';

/** Sizes from the oracle's `ls -la` taken before an erase in the same boot: name → bytes. */
function lsSizes(file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 9 && f[8].startsWith('dmesg-erst-')) m.set(f[8], Number(f[4]));
  }
  return m;
}

describe("export --dmesg reproduces the kernel's /sys/fs/pstore view", () => {
  const all = CORPORA.flatMap((root) => oracles(root));
  it('finds every oracle of both corpora (Linux 6.1 on QEMU 7.2, Linux 6.12 on QEMU 10.0)', () => {
    expect(all.filter((o) => o.corpus === 'corpus').length).toBeGreaterThanOrEqual(9);
    expect(all.filter((o) => o.corpus === 'corpus-612').length).toBeGreaterThanOrEqual(11);
  });
  for (const o of all) {
    it(`${o.corpus} ${o.scenario} oracle-boot${o.boot} from backing.after-boot${o.boot - 1}`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'erst-oracle-'));
      const run = await cli('export', o.before, '--dmesg', out);
      expect(run.code, run.err).toBe(0);
      const oracleFiles = readdirSync(join(o.dir, 'pstore'))
        .filter((f) => f.startsWith('dmesg-erst-'))
        .sort();
      const ours = readdirSync(out)
        .filter((f) => f.startsWith('dmesg-erst-'))
        .sort();
      // An erase boot unlinks a file before the oracle is packed: that record was still live in
      // the before-file, so we show it too; the oracle's pre-erase listing gives its size.
      const erasedFile = join(o.dir, 'meta', 'erased.txt');
      const erased = existsSync(erasedFile) ? readFileSync(erasedFile, 'utf8').split('\n').filter(Boolean) : [];
      expect(ours).toEqual([...oracleFiles, ...erased].sort());
      for (const f of oracleFiles) {
        const a = readFileSync(join(o.dir, 'pstore', f));
        const b = readFileSync(join(out, f));
        expect(b.equals(a), `${f} differs`).toBe(true);
      }
      if (erased.length) {
        const sizes = lsSizes(join(o.dir, 'meta', 'ls-before-erase.txt'));
        for (const f of erased) expect(readFileSync(join(out, f)).length).toBe(sizes.get(f));
      }
    });
  }
});
