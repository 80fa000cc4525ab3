import { describe, expect, it } from 'vitest';
import { ErstDevice } from '../../main/emulator/device';
import { runOnDevice, type Access } from '../../main/emulator/accesses';
import { fakeRecord, linuxRanges, linuxRead, linuxWrite } from '../../main/emulator/linux';
import { recordTrace, startTraceLines } from '../../main/emulator/trace-writer';
import { replay, MAX_SEARCH_TRIES } from '../../main/replay/index';
import { parseTrace } from '../../main/replay/trace';

/**
 * A trace built to widen the write search: `n` stored writes, then `n` reads of ids no file
 * holds, and an after-file with one byte changed so no assignment ever explains everything.
 * Trying every id against every write would cost n² simulations of the whole trace.
 */
function hostile(n: number) {
  const store = new Uint8Array((n + 2) * 8192);
  const dev = new ErstDevice(store, { bar1Address: 0xfebf0000n });
  const lines = startTraceLines(dev);
  recordTrace(dev, lines);
  const acc: Access[] = [...linuxRanges()];
  for (let i = 0; i < n; i++) acc.push(...linuxWrite(fakeRecord(0x1000n + BigInt(i), 200 + i)));
  for (let i = 0; i < n; i++) acc.push(...linuxRead(0x9000n + BigInt(i)));
  runOnDevice(dev, acc);
  const after = store.slice();
  after[8192 + 4000] ^= 0xff;
  return { trace: lines.join('\n') + '\n', after };
}

describe('the replay write search is bounded', () => {
  it('work grows linearly with the trace: a fixed number of simulations, each one pass over the events', () => {
    const bound = 1 + 4 + MAX_SEARCH_TRIES;
    const runs = [8, 48].map((n) => {
      const h = hostile(n);
      const events = parseTrace(h.trace).count;
      const r = replay(h);
      return { n, events, ...r.work, report: r.report };
    });
    for (const r of runs) {
      expect(r.simulations).toBeLessThanOrEqual(bound);
      expect(r.steps).toBe(r.simulations * r.events);
      // Still an honest report: the changed byte is found and the search says where it stopped.
      expect(r.report.ok).toBe(false);
      expect(r.report.store.differingBytes).toBe(1);
    }
    const [small, large] = runs;
    // Six times the trace: at most six times the steps (n² would be 36 times).
    expect(large.events / small.events).toBeGreaterThan(5);
    expect(large.steps / large.events).toBeLessThanOrEqual(bound);
    expect(large.steps).toBeLessThanOrEqual(bound * large.events);
    expect(large.report.notes.some((x) => /write search stopped after 24 tries: 4\d id\(s\)/.test(x))).toBe(true);
  });
});
