import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CORPUS } from '../helpers/corpus';
import { memoryErrorBefore, PANIC_STORE, panicSeconds } from './case-fixture';
import { openEvidence } from '../../main/services/decode-file';
import { timelineSourceOf } from '../../shared/timeline/source';
import { buildTimeline } from '../../shared/timeline/build';
import { errorPhrase, formatDelta } from '../../shared/timeline/describe';

const source = (id: string, path: string) => {
  const ev = openEvidence(path);
  try {
    return timelineSourceOf(id, path, ev.input);
  } finally {
    ev.file.close();
  }
};

describe('timeline of a case: a BMC memory error 2 s before a guest panic', () => {
  it('links the error to the dump and says it in words', () => {
    const m = memoryErrorBefore(2);
    const t = buildTimeline([source('store', PANIC_STORE), source('bmc', m.path)]);
    const err = t.events.find((e) => e.kind === 'hw-error')!;
    // libcper's record: Platform Memory, corrected, node 51722 (card not marked valid), device 11482.
    expect(err).toMatchObject({ fileId: 'bmc', at: m.at.getTime(), label: 'Corrected memory error, node 51722 device 11482' });
    const dump = t.events.find((e) => e.kind === 'dump')!;
    expect(dump).toMatchObject({
      fileId: 'store',
      at: panicSeconds() * 1000,
      label: 'Panic#1',
      timeFrom: 'timestamp',
      bootId: '0x6b0250f8',
    });
    expect(t.correlations).toEqual([
      { errorId: err.id, dumpId: dump.id, deltaMs: 2000, sentence: 'Corrected memory error, node 51722 device 11482, 2 s before Panic#1' },
    ]);
    // One merged, time-ordered timeline: error, boot, the two parts, the dump.
    expect(t.events.map((e) => e.kind)).toEqual(['hw-error', 'boot', 'record', 'record', 'dump']);
  });

  it('the window is configurable: an error 90 s before is linked only with a wider window', () => {
    const m = memoryErrorBefore(90);
    const sources = [source('store', PANIC_STORE), source('bmc', m.path)];
    expect(buildTimeline(sources).correlations).toEqual([]);
    const wide = buildTimeline(sources, { windowMs: 120_000 });
    expect(wide.correlations.map((c) => c.sentence)).toEqual([
      'Corrected memory error, node 51722 device 11482, 1 min 30 s before Panic#1',
    ]);
  });

  it('an error after the dump is not linked to it', () => {
    const m = memoryErrorBefore(-5);
    expect(buildTimeline([source('store', PANIC_STORE), source('bmc', m.path)]).correlations).toEqual([]);
  });
});

describe('timeline of stores', () => {
  it('S4 after boot 2: two boots from the record ids, each with its dump', () => {
    const t = buildTimeline([source('s4', join(CORPUS, 'S4-erase', 'backing.after-boot2'))]);
    expect(t.boots.map((b) => b.bootId)).toEqual(['0x6b02511d', '0x6b02512a']);
    expect(t.boots.map((b) => b.events)).toEqual([3, 3]);
    expect(t.events.filter((e) => e.kind === 'dump').map((e) => `${e.bootId} ${e.label} ${e.detail}`)).toEqual([
      '0x6b02511d Panic#1 2 parts',
      '0x6b02512a Panic#1 2 parts',
    ]);
    expect(t.range!.hi - t.range!.lo).toBe(13_000);
  });

  it('a pstore folder (no timestamps) dates its dumps from the record ids', () => {
    const t = buildTimeline([source('f', join(CORPUS, 'S4-erase', 'oracle-boot3', 'pstore'))]);
    const dumps = t.events.filter((e) => e.kind === 'dump');
    expect(dumps.map((d) => [d.timeFrom, new Date(d.at!).toISOString(), d.detail])).toEqual([
      ['record-id', '2026-11-22T02:19:09.000Z', '1 part, missing Part1'],
      ['record-id', '2026-11-22T02:19:22.000Z', '2 parts'],
    ]);
  });
});

describe('words', () => {
  it('phrases and durations', () => {
    expect(errorPhrase('corrected', 'memory error', 'node 0 card 1')).toBe('Corrected memory error, node 0 card 1');
    expect(errorPhrase('unknown (7)', 'PCIe error', null)).toBe('PCIe error');
    expect([500, 2000, 65_000, 3_600_000, 3_720_000].map(formatDelta)).toEqual(['1 s', '2 s', '1 min 5 s', '1 h', '1 h 2 min']);
  });
});

describe('replay operations on the timeline', () => {
  it('S10 boot 3 (trace with timestamps): reads and the clear at the trace times, the clear in the boot of the record it cleared', async () => {
    const { readFileSync } = await import('node:fs');
    const { replay } = await import('../../main/replay/index');
    const S10 = join(CORPUS, 'S10-timestamped');
    const r = replay({
      trace: readFileSync(join(S10, 'boot3.trace.log'), 'utf8'),
      before: new Uint8Array(readFileSync(join(S10, 'backing.after-boot2'))),
      after: new Uint8Array(readFileSync(join(S10, 'backing.after-boot3'))),
    }).report;
    const t = buildTimeline([
      source('s10', join(S10, 'backing.after-boot3')),
      { fileId: 'replay', name: 'boot3.trace.log', records: [], dumps: [], operations: r.operations },
    ]);
    const ops = t.events.filter((e) => e.kind === 'operation');
    expect(ops.map((o) => o.label)).toEqual(['read → SUCCESS', 'read → SUCCESS', 'read → SUCCESS', 'read → SUCCESS', 'clear → SUCCESS']);
    expect(ops.every((o) => o.timeFrom === 'trace' && o.at !== null)).toBe(true);
    const clear = ops[4];
    expect(clear.bootId).toBe('0x6b02529a');
    // The trace's clock (1795314358.896 s) is after the dumps of boots 1 and 2.
    expect(clear.at).toBe(Math.round(1795314358.896154 * 1000));
    expect(t.events.filter((e) => e.kind === 'dump').every((d) => d.at! < clear.at!)).toBe(true);
  });
});
