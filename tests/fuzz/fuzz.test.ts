import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../fuzz/corpus';
import { fuzz } from '../../fuzz/run';
import { CORPUS } from '../helpers/corpus';

// The short run of `npm run fuzz` (which runs a million with --count 1000000): the same
// mutations and targets, weighted to cheap inputs. No time limits here: a busy machine
// must not fail it; `npm run fuzz` prints the slowest input and the largest heap growth.
describe('fuzzer (short run)', () => {
  it('20,000 mutated inputs through every decoder and exporter: no exception, no undefined/NaN/[object Object]', () => {
    const seeds = loadSeeds(CORPUS);
    expect(seeds.filter((s) => s.kind === 'store').length).toBeGreaterThanOrEqual(10);
    const stats = fuzz(seeds, { count: 20000, seed: 1, profile: 'quick' });
    const shown = stats.findings.slice(0, 5).map((f) => `${f.kind} #${f.index} (${f.seed}) in ${f.target}: ${f.message}\n${f.stack ?? ''}`);
    expect(shown).toEqual([]);
    expect(stats.exceptions).toBe(0);
    expect(stats.badOutputs).toBe(0);
    expect(stats.inputs).toBe(20000);
    // Every target was reached many times, so a decoder that silently stopped running would show.
    for (const t of ['inspect-json', 'cper-json', 'kernel-text', 'dmesg', 'trace', 'replay'])
      expect(stats.targets[t] ?? 0, t).toBeGreaterThan(50);
  });
});
