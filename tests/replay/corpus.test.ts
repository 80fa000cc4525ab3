import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { replayTrace } from '../../main/replay/index';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';

const ROOT = 'tests/fixtures/corpus';
const SCENARIOS = ['S1-default', 'S2-accumulate', 'S3-uncompressed', 'S4-erase', 'S7-full', 'S8-oops', 'S10-timestamped'];

function boots(sc: string): number[] {
  const out: number[] = [];
  for (let b = 1; existsSync(`${ROOT}/${sc}/boot${b}.trace.log`); b++) out.push(b);
  return out;
}

const load = (p: string) => new Uint8Array(readFileSync(p));

describe('replay of every corpus trace', () => {
  for (const sc of SCENARIOS) {
    for (const b of boots(sc)) {
      it(`${sc} boot${b}: from its before-file to exactly its after-file`, () => {
        const before = b > 1 ? load(`${ROOT}/${sc}/backing.after-boot${b - 1}`) : undefined;
        const after = load(`${ROOT}/${sc}/backing.after-boot${b}`);
        const trace = readFileSync(`${ROOT}/${sc}/boot${b}.trace.log`, 'utf8');
        const r = replayTrace({ trace, before, after });
        expect(r.readMismatches).toEqual([]);
        expect(r.store.differences).toEqual([]);
        expect(r.ok).toBe(true);
        expect(r.freshStore).toBe(b === 1);
        // Every live record of the after-file must have been written by this boot or be in the before-file.
        const live = decodeStore(bufferSource(after), { records: false })
          .slots.filter((s) => s.state === 'live')
          .map((s) => s.index);
        const beforeLive = before
          ? decodeStore(bufferSource(before), { records: false })
              .slots.filter((s) => s.state === 'live')
              .map((s) => s.index)
          : [];
        const written = r.operations.filter((o) => o.kind === 'write' && o.status === 'SUCCESS').map((o) => o.slot);
        for (const s of live) expect(written.includes(s) || beforeLive.includes(s), `slot ${s}`).toBe(true);
        // The status the guest read after each EXECUTE is the one the model produced.
        for (const o of r.operations) if (o.statusRead && o.executed) expect(o.statusRead, `op at line ${o.line}`).toBe(o.status);
        // Operations carry trace line numbers in order, and timestamps when the trace has them.
        const lines = r.operations.map((o) => o.line);
        expect([...lines].sort((x, y) => x - y)).toEqual(lines);
        if (trace.startsWith('4') || /^\d+@/.test(trace)) expect(r.operations.every((o) => typeof o.time === 'number')).toBe(true);
      });
    }
  }

  it('S7-full boot1: the 8 NOT_ENOUGH_SPACE writes are named Part4..Part11 from the stored parts', () => {
    const r = replayTrace({
      trace: readFileSync(`${ROOT}/S7-full/boot1.trace.log`, 'utf8'),
      after: load(`${ROOT}/S7-full/backing.after-boot1`),
    });
    const stored = r.operations.filter((o) => o.kind === 'write' && o.status === 'SUCCESS');
    expect(stored.map((o) => o.part)).toEqual(['Panic#1 Part1', 'Panic#1 Part2', 'Panic#1 Part3']);
    expect(stored.every((o) => o.partSource === 'record')).toBe(true);
    expect(r.failedWrites.map((f) => f.status)).toEqual(Array(8).fill('NOT_ENOUGH_SPACE'));
    expect(r.failedWrites.map((f) => f.part)).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((n) => `Panic#1 Part${n}`));
    // The guest saw NOT_ENOUGH_SPACE itself: the model's status agrees with the trace's reads.
    for (const f of r.failedWrites) expect(r.operations[f.operation].statusRead).toBe('NOT_ENOUGH_SPACE');
  });

  it('a tampered after-file is reported with the first differences', () => {
    const after = load(`${ROOT}/S2-accumulate/backing.after-boot2`);
    // Slot 1 was written by boot 1 (it comes from the before-file); boot 2's writes take their bytes from the after-file.
    after[1 * 8192 + 300] ^= 0xff;
    new DataView(after.buffer).setUint32(20, 9, true);
    const r = replayTrace({
      trace: readFileSync(`${ROOT}/S2-accumulate/boot2.trace.log`, 'utf8'),
      before: load(`${ROOT}/S2-accumulate/backing.after-boot1`),
      after,
    });
    expect(r.ok).toBe(false);
    expect(r.store.differences.map((d) => d.region)).toEqual(['header record_count', 'slot 1 byte 0x12c']);
  });

  it('a trace read the model cannot produce is reported with its line', () => {
    const lines = readFileSync(`${ROOT}/S4-erase/boot3.trace.log`, 'utf8').split('\n');
    // The first GET_RECORD_IDENTIFIER answer: make it name a record the store does not hold.
    const at = lines.findIndex((l, i) => /<== 0x0000000000000008 /.test(lines[i - 1] ?? '') && l.includes('==>'));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace(/0x0000000000000001 /, '0x0000000000000005 ');
    const r = replayTrace({
      trace: lines.join('\n'),
      before: load(`${ROOT}/S4-erase/backing.after-boot2`),
      after: load(`${ROOT}/S4-erase/backing.after-boot3`),
    });
    expect(r.ok).toBe(false);
    expect(r.readMismatches[0].line).toBe(at + 1);
  });
});
