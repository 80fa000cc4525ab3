import { describe, expect, it } from 'vitest';
import { conform } from '../../main/qtest/compare';
import { randomSequences } from '../../main/qtest/random';
import { hasQemu } from './qemu';

/** ERST_CONFORMANCE_SEQUENCES raises the count (e.g. for a soak run); CI runs the default 540. */
const COUNT = Number(process.env.ERST_CONFORMANCE_SEQUENCES ?? 540);

describe.skipIf(!hasQemu)('model vs QEMU: seeded random sequences', () => {
  it(`${COUNT} random sequences read and store exactly what QEMU does`, async () => {
    const seqs = randomSequences(COUNT, 7);
    const t0 = performance.now();
    const results = await conform(seqs, 2);
    const bad = results.filter((r) => !r.ok);
    const reads = results.reduce((n, r) => n + r.reads, 0);
    const restarts = seqs.reduce((n, s) => n + s.segments.length - 1, 0);
    console.log(`[conformance] ${results.length} random sequences (${restarts} restarts, ${results.filter((r) => r.refused).length} with refused starts), ${reads} reads compared, ${Math.round(performance.now() - t0)} ms; ${bad.length} mismatches`);
    expect(bad.slice(0, 5).map((b) => `${b.name}: ${b.mismatch}`)).toEqual([]);
    expect(reads).toBeGreaterThan(COUNT * 5);
  }, 400_000);
});
