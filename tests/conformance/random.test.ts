import { describe, expect, it } from 'vitest';
import { conform } from '../../main/qtest/compare';
import { randomSequences } from '../../main/qtest/random';
import { hasQemu, qemuLabel, qemus, skipReason } from './qemu';

/** ERST_CONFORMANCE_SEQUENCES raises the count (e.g. for a soak run); CI runs the default 540 on the primary QEMU. */
const COUNT = Number(process.env.ERST_CONFORMANCE_SEQUENCES ?? 540);
/** Other QEMU releases run the first sequences of the same seed (the same cases, fewer of them). */
const OTHER_COUNT = Number(process.env.ERST_CONFORMANCE_SEQUENCES_OTHER ?? 120);

qemus.forEach((qemu, q) =>
  describe(`model vs ${qemuLabel(qemu, q)}: seeded random sequences`, () => {
    const count = q === 0 ? COUNT : Math.min(COUNT, OTHER_COUNT);
    it(`${count} random sequences read and store exactly what QEMU does`, async () => {
      const seqs = randomSequences(count, 7);
      const t0 = performance.now();
      const results = await conform(seqs, 2, qemu);
      const bad = results.filter((r) => !r.ok);
      const reads = results.reduce((n, r) => n + r.reads, 0);
      const restarts = seqs.reduce((n, s) => n + s.segments.length - 1, 0);
      console.log(
        `[conformance] QEMU ${qemu.version}: ${results.length} random sequences (${restarts} restarts, ${results.filter((r) => r.refused).length} with refused starts), ${reads} reads compared, ${Math.round(performance.now() - t0)} ms; ${bad.length} mismatches`,
      );
      expect(bad.slice(0, 5).map((b) => `${b.name}: ${b.mismatch}`)).toEqual([]);
      expect(reads).toBeGreaterThan(count * 5);
    }, 400_000);
  }),
);

if (!hasQemu) describe('model vs QEMU: seeded random sequences', () => it.skip(skipReason, () => undefined));
