import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, type DumpList, type FileInfo, type RecordsWindow, type StoreSummary } from '../../shared/contract/index';
import { generateStore } from '../../shared/generate/store';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';

/**
 * No reply grows with the store: on a generated store whose dump text alone is larger than
 * one reply may be, every channel that reads the file answers within LIMITS.maxReply, and a
 * reply over a bound is a typed error, after which the dispatcher answers as before.
 */
describe('every reply is bounded', () => {
  let dir: string;
  let path: string;
  let textBytes = 0;
  const ds: Dispatcher[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reply-bound-'));
    path = join(dir, 'big.erst');
    const boots = Array.from({ length: 1200 }, (_, i) => ({
      bootTime: 1_700_000_000 + i * 600,
      dumps: [{ reason: i % 7 ? 'Panic' : 'Oops', lines: 260, compressed: false }],
    }));
    const g = generateStore({ size: 24 * 1024 * 1024, boots, seed: 3 });
    textBytes = g.dumps.reduce((s, d) => s + d.text.length, 0);
    writeFileSync(path, g.bytes);
  }, 60_000);
  afterAll(() => {
    for (const d of ds) d.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const make = (maxReply?: number) => {
    const d = createDispatcher({ version: 'test', workerPath: null, maxReply });
    ds.push(d);
    const call = (channel: string, args?: unknown) => d.call(channel, args, { transport: 'test' });
    const ok = async <T>(channel: string, args?: unknown): Promise<{ result: T; bytes: number }> => {
      const r = await call(channel, args);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
      return { result: r.result as T, bytes: Buffer.byteLength(JSON.stringify(r)) };
    };
    return { d, call, ok };
  };

  it('answers every reading channel within the bound, with the largest windows', async () => {
    const { ok } = make();
    expect(textBytes).toBeGreaterThan(LIMITS.maxReply);
    const f = (await ok<FileInfo>('files.openDropped', { path })).result;
    const sizes: Record<string, number> = {};
    const s = await ok<StoreSummary>('store.inspect', { fileId: f.id });
    sizes.summary = s.bytes;
    expect(s.result.dumpCount).toBe(1200);
    expect(s.result.recordCount).toBe(2400);
    const w = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: LIMITS.maxRows });
    sizes.records = w.bytes;
    expect(w.result.rows).toHaveLength(LIMITS.maxRows);
    const l = await ok<DumpList>('dmesg.list', { fileId: f.id, offset: 0, limit: LIMITS.maxRows });
    sizes.dumps = l.bytes;
    expect(l.result.total).toBe(1200);
    sizes.lines = (await ok('dmesg.lines', { fileId: f.id, dump: 1199, offset: 0, limit: LIMITS.maxLines })).bytes;
    sizes.search = (await ok('dmesg.search', { fileId: f.id, dump: 1199, query: 'e', offset: 0, limit: LIMITS.maxHits })).bytes;
    sizes.read = (await ok('dmesg.read', { fileId: f.id, dump: 1199, offset: 0, length: LIMITS.maxRead })).bytes;
    sizes.record = (await ok('record.get', { fileId: f.id, index: 2399 })).bytes;
    sizes.bytes = (await ok('bytes.read', { fileId: f.id, offset: 0, length: LIMITS.maxRead })).bytes;
    for (const [k, v] of Object.entries(sizes)) expect(v, k).toBeLessThanOrEqual(LIMITS.maxReply);
  }, 60_000);

  it('refuses a reply over the bound with a typed error and keeps answering', async () => {
    const { ok, call } = make(64 * 1024);
    const f = (await ok<FileInfo>('files.openDropped', { path })).result;
    const r = await call('records.window', { fileId: f.id, offset: 0, limit: LIMITS.maxRows });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'too-large',
        message: expect.stringMatching(/^records\.window: the reply would be \d+ bytes, over the 65536-byte limit/),
      },
    });
    const small = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: 10 });
    expect(small.result.rows).toHaveLength(10);
  }, 60_000);

  it('refuses windows larger than the contract allows before any work', async () => {
    const { call } = make();
    expect(await call('records.window', { fileId: 'fX', offset: 0, limit: LIMITS.maxRows + 1 })).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    });
    expect(await call('dmesg.lines', { fileId: 'fX', dump: 0, offset: 0, limit: LIMITS.maxLines + 1 })).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    });
  });
});
