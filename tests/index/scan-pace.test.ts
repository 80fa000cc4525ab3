/**
 * A background scan naps while other programs wait for a CPU (scan-pace.ts): never when the
 * machine is free, a bounded share of the time when it is busy, and the scan's result is the
 * same whether it napped or not.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../main/evidence/file';
import { scanStore, useReaderThreadFrom } from '../../main/services/evidence-scan';
import { useReaderScript } from '../../main/services/hash-worker';
import { BACKGROUND_PACE, backgroundPace, cpuTimes, Pacer, type CpuTimes, type PaceRule } from '../../main/services/scan-pace';
import { indexStore } from '../../shared/index/index';
import { bufferSource } from '../../shared/store/source';
import { bundleEntry } from '../helpers/worker-bundle';
import { storeFile } from '../../bench/gen-store-file';

/**
 * A thread on a simulated clock, on 2 CPUs: each step works `ms`, of which `waitShare` waiting
 * for a CPU, while its process's other threads use `others` CPUs; the pacer's naps advance the
 * clock without CPU time. Returns the time napped and in all.
 */
function simulate(
  rule: PaceRule,
  steps: number,
  ms: number,
  waitShare: (t: number) => number,
  others = 0,
): { napped: number; total: number } {
  let t = 0;
  const cpu: CpuTimes = { wait: 0, own: 0 };
  const p = new Pacer(
    rule,
    2,
    () => t,
    () => ({ ...cpu }),
  );
  let napped = 0;
  for (let i = 0; i < steps; i++) {
    const w = waitShare(t) * ms;
    cpu.wait += w;
    cpu.own += ms - w + others * ms;
    t += ms;
    const nap = p.next();
    expect(nap).toBeGreaterThanOrEqual(0);
    if (nap) {
      t += nap;
      napped += nap;
      p.woke();
    }
  }
  return { napped, total: t };
}

describe('the pace of a background scan', () => {
  it('never naps while the thread has a CPU whenever it wants one', () => {
    expect(simulate(BACKGROUND_PACE, 5000, 1, () => 0).napped).toBe(0);
    // Waiting a little (under busyShare) is not a busy machine.
    expect(simulate(BACKGROUND_PACE, 5000, 1, () => BACKGROUND_PACE.busyShare / 2).napped).toBe(0);
  });

  it('never naps while it waits for its own process’s threads, which keep every CPU busy', () => {
    // Two CPUs: this thread on one half the time, the others on the rest.
    expect(simulate(BACKGROUND_PACE, 5000, 1, () => 0.5, 1.5).napped).toBe(0);
    // The same wait with the other threads on one CPU: another program had the rest.
    expect(simulate(BACKGROUND_PACE, 5000, 1, () => 0.5, 1).napped).toBeGreaterThan(0);
  });

  it('naps while it waits for a CPU, and goes on at full speed once the machine is free again', () => {
    // Busy from 200 to 600 ms of its run.
    const busy = (t: number) => (t >= 200 && t < 600 ? 0.5 : 0);
    const r = simulate(BACKGROUND_PACE, 2000, 1, busy);
    expect(r.napped).toBeGreaterThanOrEqual(200);
    // 2000 ms of work: everything beyond is the naps, all of them while the machine was busy.
    expect(r.total).toBe(2000 + r.napped);
    const free = simulate(BACKGROUND_PACE, 2000, 1, () => 0);
    expect(free.total).toBe(2000);
  });

  it('may step back for most of a busy start (the page opened with its file)', () => {
    const busyStart = (t: number) => (t < 400 ? 0.5 : 0);
    const graced = simulate(BACKGROUND_PACE, 1000, 1, busyStart).napped;
    expect(graced).toBeGreaterThan(simulate({ ...BACKGROUND_PACE, graceMs: 0 }, 1000, 1, busyStart).napped);
    // Of its first 400 ms, the scan spent most napping.
    expect(graced).toBeGreaterThanOrEqual(250);
  });

  it('naps at most maxNapShare of the time on a machine that is always busy', () => {
    for (const ms of [0.5, 1, 4, 25]) {
      const r = simulate(BACKGROUND_PACE, Math.ceil(20_000 / ms), ms, () => 0.6);
      expect(r.napped).toBeGreaterThan(0);
      const { maxNapShare, graceMs, napMs } = BACKGROUND_PACE;
      expect(r.napped).toBeLessThanOrEqual(maxNapShare * r.total + graceMs + napMs);
      // So the scan ends at most 1 / (1 - maxNapShare) times later, plus the grace.
      expect(r.total).toBeLessThanOrEqual((20_000 + ms + graceMs + napMs) / (1 - maxNapShare));
    }
  });

  it('is the rule of an open file’s index pass on more than one CPU, and none on one', () => {
    expect(backgroundPace(2)).toBe(BACKGROUND_PACE);
    expect(backgroundPace(1)).toBeUndefined();
  });

  it('never naps where a thread’s CPU times cannot be read', () => {
    let t = 0;
    const p = new Pacer(
      BACKGROUND_PACE,
      2,
      () => (t += 5),
      () => undefined,
    );
    for (let i = 0; i < 100; i++) expect(p.next()).toBe(0);
  });

  it('reads this thread’s wait from Linux schedstat and its process’s CPU time, and nothing from anything else', () => {
    const usage = () => ({ user: 2_000_000, system: 501_000 });
    expect(cpuTimes(() => '2500000000 7000000 31\n', usage)).toEqual({ wait: 7, own: 2501 });
    expect(cpuTimes(() => 'garbage', usage)).toBeUndefined();
    expect(
      cpuTimes(() => {
        throw new Error('ENOENT');
      }, usage),
    ).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('this process’s CPU time grows as it works', () => {
    const read = (p: string) => readFileSync(p, 'utf8');
    const a = cpuTimes(read)!;
    let x = 0;
    for (let i = 0; i < 3e7; i++) x = (x + i * 7) % 1000003;
    const b = cpuTimes(read)!;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(b.own).toBeGreaterThan(a.own);
    expect(b.wait).toBeGreaterThanOrEqual(a.wait);
  });
});

describe.runIf(process.platform === 'linux')('a background store scan that naps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'erst-scan-pace-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the index and sha256 of a scan that never naps', async () => {
    // A full 8 MiB store of DMESG_Z parts: eight chunks, so the reader naps between chunks.
    const path = storeFile(8 * 1024 * 1024).path;
    const bytes = new Uint8Array(readFileSync(path));
    const expected = indexStore(bufferSource(bytes));
    const script = await bundleEntry('main/services/scan-thread.ts', join(dir, 'scan-worker.mjs'));
    // Judged busy with other programs after every chunk (shares of 0 and below are always
    // reached), with naps of 1 ms.
    const always: PaceRule = { windowMs: 0, busyShare: 0, othersCpus: -Infinity, napMs: 1, maxNapShare: 1, graceMs: 0 };
    useReaderScript(script);
    useReaderThreadFrom(0);
    const file = new EvidenceFile(path);
    try {
      const r = await scanStore(file, { pace: always });
      expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(r.kind === 'store' && r.index.cols).toEqual(expected.cols);
      expect(r.kind === 'store' && r.index.reasons.values).toEqual(expected.reasons.values);
    } finally {
      file.close();
      useReaderScript(undefined);
      useReaderThreadFrom(undefined);
    }
  }, 60_000);
});
