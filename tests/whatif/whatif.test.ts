import { describe, expect, it } from 'vitest';
import type { ReplayPlayback, WhatIfResult } from '../../shared/contract/channels/sessions';
import type { FileInfo } from '../../shared/contract/index';
import { geometry } from '../../main/whatif/index';
import { cli } from '../helpers/cli';
import { corpusBytes } from '../helpers/corpus';
import { testDispatcher } from '../helpers/dispatcher';

/** Replay player and what-if over S7-full (32 KiB store, 3 slots; the panic dump needed more). */
describe('replay player and what-if capacity', () => {
  const { ok } = testDispatcher();
  const upload = (name: string, ...p: string[]) =>
    ok<FileInfo>('files.upload', { name, base64: Buffer.from(corpusBytes(...p)).toString('base64') });

  it('replays S7 boot 1: failed writes, decoded trace lines, slots changed', async () => {
    const trace = await upload('boot1.trace.log', 'S7-full', 'boot1.trace.log');
    const after = await upload('backing.after-boot1', 'S7-full', 'backing.after-boot1');
    const p = await ok<ReplayPlayback>('replay.run', { traceFileId: trace.id, afterFileId: after.id });
    // The CLI's replay report is the same data.
    const cliReport = JSON.parse(
      (
        await cli(
          'replay',
          'tests/fixtures/corpus/S7-full/boot1.trace.log',
          '--after',
          'tests/fixtures/corpus/S7-full/backing.after-boot1',
          '--json',
        )
      ).out,
    );
    expect(p.report.failedWrites).toEqual(cliReport.failedWrites);
    const writes = p.report.operations.filter((o) => o.kind === 'write');
    expect(writes.length).toBe(11);
    expect(writes.filter((w) => w.status === 'SUCCESS').length).toBe(3);
    expect(p.report.failedWrites.map((f) => f.status)).toEqual(Array(8).fill('NOT_ENOUGH_SPACE'));
    expect(p.initialSlots.map((s) => s.state)).toEqual(['header', 'empty', 'empty', 'empty']);
    const w1 = p.report.operations.indexOf(writes[0]);
    expect(p.traceLines[w1][0].line).toBe(writes[0].line);
    expect(p.traceLines[w1].map((l) => l.meaning)).toEqual(
      expect.arrayContaining(['ACTION ← BEGIN_WRITE_OPERATION', 'VALUE lo ← 0x9c (EXECUTE magic)', 'ACTION ← EXECUTE_OPERATION']),
    );
    expect(writes[0].changes).toEqual([{ slot: 1, kind: 'written', id: writes[0].id }]);
    expect(p.disagreements).toEqual([]);
  });

  it('what-if: the smallest store keeping every part of the dump matches the write count of the trace', async () => {
    const trace = await upload('boot1.trace.log', 'S7-full', 'boot1.trace.log');
    const after = await upload('backing.after-boot1', 'S7-full', 'backing.after-boot1');
    const same = await ok<WhatIfResult>('whatif.run', { traceFileId: trace.id, afterFileId: after.id });
    // Re-run at the original size: the same 3 survive, the same 8 fail.
    expect(same.target).toEqual(same.original);
    expect(same.writes.map((w) => w.status)).toEqual(same.writes.map((w) => w.originalStatus));
    expect(same.survived).toBe(3);
    const writeCount = same.writes.length;
    expect(writeCount).toBe(11);
    // Derived, not written down: every write is a new record, so the smallest store holds
    // writeCount record slots after its header slots, and one slot fewer loses a part.
    const s = same.smallest!;
    expect(s.recordSlots).toBe(writeCount);
    expect(s).toEqual(geometry(s.storeSize, 8192));
    const fits = await ok<WhatIfResult>('whatif.run', { traceFileId: trace.id, afterFileId: after.id, storeSize: s.storeSize });
    expect(fits.writes.every((w) => w.status === 'SUCCESS' && w.survived)).toBe(true);
    const short = await ok<WhatIfResult>('whatif.run', { traceFileId: trace.id, afterFileId: after.id, storeSize: s.storeSize - 8192 });
    expect(short.lost).toBe(1);
    expect(short.writes.at(-1)!.part).toBe('Panic#1 Part11');
    // A smaller record size: the 8 KiB parts no longer fit at all.
    const small = await ok<WhatIfResult>('whatif.run', {
      traceFileId: trace.id,
      afterFileId: after.id,
      storeSize: 32768,
      recordSize: 4096,
    });
    expect(small.writes.every((w) => w.length <= 4096 || w.status === 'FAILED')).toBe(true);
  });

  it('what-if over an opened store re-writes its live records', async () => {
    const store = await upload('backing.after-boot1', 'S7-full', 'backing.after-boot1');
    const r = await ok<WhatIfResult>('whatif.run', { fileId: store.id, storeSize: 16384 });
    expect(r.writes.length).toBe(3);
    expect(r.survived).toBe(1);
    expect(r.smallest!.recordSlots).toBe(3);
  });
});
