import { describe, expect, it } from 'vitest';
import type { FileInfo, RecordsWindow } from '../../shared/contract/index';
import { FirstRows } from '../../main/serve/first-rows';

const win = (total: number, indexing: boolean): RecordsWindow => ({
  offset: 0,
  total,
  all: total,
  rows: [],
  ...(indexing ? { indexing } : {}),
});
const file = (status: FileInfo['status']) => ({ id: 'f1', status }) as FileInfo;

/** Answers as told: each call takes the next reply (or one that never comes). */
function asker(...replies: (RecordsWindow | 'never')[]) {
  const asked: string[] = [];
  const ask = (fileId: string) => {
    asked.push(fileId);
    const r = replies.shift();
    if (r === undefined) throw new Error('asked once too often');
    return r === 'never' ? new Promise<never>(() => {}) : Promise.resolve({ ok: true as const, result: r });
  };
  return { ask, asked };
}

/**
 * Which first rows serve mode's page ends with: those at hand, those of an indexed file, or
 * those a started index pass is about to give; never a wait on a pass that has not started.
 */
describe("the page's first rows", () => {
  it("gives an indexed file's rows, asked for once and then kept", async () => {
    const a = asker(win(9, false));
    const f = new FirstRows(a.ask);
    expect(await f.forPage(file('ready'), false)).toEqual(win(9, false));
    expect(await f.forPage(file('ready'), false)).toEqual(win(9, false));
    expect(a.asked).toEqual(['f1']);
  });

  it('gives the rows found so far while the file is indexed, and the final ones once it is whole', async () => {
    const a = asker(win(50, true), win(2045, false));
    const f = new FirstRows(a.ask);
    await f.prepare('f1');
    expect(await f.forPage(file('indexing'), false)).toEqual(win(50, true));
    // The index is whole: asked again, and an indexed file's page never gets mid-pass rows.
    f.onProgress({ fileId: 'f1', phase: 'ready', bytes: 1, total: 1, records: 2045 });
    expect(await f.forPage(file('ready'), false)).toEqual(win(2045, false));
    expect(a.asked).toEqual(['f1', 'f1']);
  });

  it('waits a little for rows a started pass is about to give, never for a pass not started', async () => {
    const notStarted = asker();
    expect(await new FirstRows(notStarted.ask).forPage(file('indexing'), false)).toBeUndefined();
    expect(notStarted.asked).toEqual([]);
    const soon = asker(win(50, true));
    expect(await new FirstRows(soon.ask, 60_000).forPage(file('indexing'), true)).toEqual(win(50, true));
    const late = asker('never');
    expect(await new FirstRows(late.ask, 1).forPage(file('indexing'), true)).toBeUndefined();
    expect(await new FirstRows(asker().ask).forPage(file('failed'), true)).toBeUndefined();
  });

  it('keeps the whole index’s rows over a mid-pass reply that came after them, and forgets a closed file', async () => {
    let release!: (w: { ok: true; result: RecordsWindow }) => void;
    const replies = [
      new Promise<{ ok: true; result: RecordsWindow }>((r) => (release = r)),
      Promise.resolve({ ok: true as const, result: win(2045, false) }),
    ];
    const f = new FirstRows(() => replies.shift()!);
    const midPass = f.prepare('f1');
    await f.prepare('f1');
    release({ ok: true, result: win(50, true) });
    await midPass;
    expect(await f.forPage(file('ready'), false)).toEqual(win(2045, false));
    f.onProgress({ fileId: 'f1', phase: 'cancelled', bytes: 0, total: 1, records: 0 });
    const a = asker(win(7, false));
    const g = new FirstRows(a.ask);
    await g.prepare('f1');
    g.onProgress({ fileId: 'f1', phase: 'failed', bytes: 0, total: 1, records: 0 });
    expect(await g.forPage(file('indexing'), false)).toBeUndefined();
  });
});
