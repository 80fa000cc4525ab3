import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Seed } from '../../fuzz/corpus';
import { badWord } from '../../fuzz/run';
import { runTargets } from '../../fuzz/targets';
import { useInflater, type Inflater } from '../../shared/pstore/inflate';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'fuzz');
const files = readdirSync(DIR).filter((f) => f !== 'README.md');

function run(name: string) {
  const bytes = new Uint8Array(readFileSync(join(DIR, name)));
  const seed: Seed = { name, kind: name.endsWith('.cper') ? 'cper' : 'text', bytes };
  return runTargets(seed, bytes, false);
}

describe('fuzz regressions', () => {
  it('finds the fixtures', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const f of files) {
    it(`${f}: every decoder and exporter, no exception, no bad word`, () => {
      const { outputs, failures, source } = run(f);
      expect(failures).toEqual([]);
      expect(outputs.length).toBeGreaterThanOrEqual(4);
      const bad = outputs.flatMap((o) => {
        const w = badWord(o.text, source);
        return w ? [`${o.target}: ${w}`] : [];
      });
      expect(bad).toEqual([]);
    });
  }

  it('the truncated firmware reference prints no record identifier rather than "undefined"', () => {
    const kt = run('firmware-rev2-truncated.cper').outputs.find((o) => o.target === 'kernel-text')!.text;
    expect(kt).toContain('Revision: 2');
    expect(kt).not.toContain('Record Identifier');
  });

  it('the truncated WHEA PCI recovery section says its status is absent', () => {
    const json = run('whea-pci-recovery-truncated.cper').outputs.find((o) => o.target === 'inspect-json')!.text;
    expect(json).toContain('status absent');
  });

  it('the shared bomb is inflated once for its 64 descriptors', () => {
    let calls = 0;
    const prev = useInflater(undefined);
    useInflater(((i, z, l) => (calls++, prev(i, z, l))) as Inflater);
    try {
      run('shared-bomb-64-descriptors.cper');
    } finally {
      useInflater(prev);
    }
    expect(calls).toBe(1);
  });
});
