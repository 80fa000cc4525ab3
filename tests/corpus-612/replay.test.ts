import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../main/replay/index';
import { CORPUS_612, tracedBoots } from '../helpers/corpus';

const load = (p: string) => new Uint8Array(readFileSync(p));

// Linux 6.12 on QEMU 10.0: the same device, a guest that also asks GET_EXECUTE_OPERATION_TIMINGS
// at init and writes smaller (more) parts. Every boot must replay to exactly its after-file.
describe('replay of every Linux 6.12 / QEMU 10.0 trace', () => {
  const boots = tracedBoots(CORPUS_612);
  it('finds the traces of every scenario', () => {
    expect(new Set(boots.map((b) => b.scenario)).size).toBeGreaterThanOrEqual(9);
  });
  for (const b of boots) {
    it(`${b.scenario} boot${b.boot}: from its before-file to exactly its after-file`, () => {
      const trace = readFileSync(b.trace, 'utf8');
      const r = replayTrace({ trace, before: b.before ? load(b.before) : undefined, after: load(b.after) });
      expect(r.readMismatches).toEqual([]);
      expect(r.store.differences).toEqual([]);
      expect(r.ok).toBe(true);
      for (const o of r.operations) if (o.statusRead && o.executed) expect(o.statusRead, `op at line ${o.line}`).toBe(o.status);
    });
  }

  it('S7-full boot1: the store fills after three parts and the failed writes are named from their neighbours', () => {
    const b = boots.find((x) => x.scenario === 'S7-full' && x.boot === 1)!;
    const r = replayTrace({ trace: readFileSync(b.trace, 'utf8'), after: load(b.after) });
    const stored = r.operations.filter((o) => o.kind === 'write' && o.status === 'SUCCESS');
    expect(stored.map((o) => o.part)).toEqual(['Panic#1 Part1', 'Panic#1 Part2', 'Panic#1 Part3']);
    expect(r.failedWrites.length).toBeGreaterThan(0);
    expect(r.failedWrites.every((f) => f.status === 'NOT_ENOUGH_SPACE')).toBe(true);
    expect(r.failedWrites.map((f) => f.part)).toEqual(r.failedWrites.map((_, i) => `Panic#1 Part${i + 4}`));
  });
});
