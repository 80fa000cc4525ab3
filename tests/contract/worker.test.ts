import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpLines, FileInfo, OpenProgress, RecordsWindow, StoreSummary } from '../../shared/contract/index';
import { generateStore } from '../../shared/generate/store';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { corpusPath } from '../helpers/corpus';
import { bundleWorker } from '../helpers/worker-bundle';

/**
 * The real worker (bundled the way scripts/build.mjs bundles it): files are indexed off the
 * main thread, light calls are answered while that runs, progress arrives as events, a close
 * cancels, and the answers equal those computed in process.
 */
describe('file worker', () => {
  let dir: string;
  let workerPath: string;
  let store: string;
  const ds: Dispatcher[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'worker-test-'));
    workerPath = await bundleWorker(dir);
    store = join(dir, 'store.erst');
    const boots = Array.from({ length: 300 }, (_, i) => ({
      bootTime: 1_700_000_000 + i * 600,
      dumps: [{ reason: 'Panic', lines: 200, compressed: i % 2 === 0 }],
    }));
    writeFileSync(store, generateStore({ size: 8 * 1024 * 1024, boots, seed: 5 }).bytes);
  }, 60_000);
  afterAll(() => {
    for (const d of ds) d.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const make = (wp: string | null) => {
    const d = createDispatcher({ version: 'test', workerPath: wp });
    ds.push(d);
    const events: OpenProgress[] = [];
    d.onEvent((e, p) => e === 'files.progress' && events.push(p as OpenProgress));
    const call = (channel: string, args?: unknown) => d.call(channel, args, { transport: 'test' });
    const ok = async <T>(channel: string, args?: unknown): Promise<T> => {
      const r = await call(channel, args);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
      return r.result as T;
    };
    return { d, call, ok, events };
  };

  it('indexes in the worker while light calls are answered, then answers as in process', async () => {
    const w = make(workerPath);
    const f = await w.ok<FileInfo>('files.openDropped', { path: store });
    expect(f.status).toBe('indexing');
    // Answered by the main thread before the worker could have posted its result.
    const listed = await w.ok<FileInfo[]>('files.list');
    expect(listed[0].status).toBe('indexing');
    const sum = await w.ok<StoreSummary>('store.inspect', { fileId: f.id });
    const win = await w.ok<RecordsWindow>('records.window', { fileId: f.id, offset: 5, limit: 50, query: { sort: 'id', dir: -1 } });
    const lines = await w.ok<DumpLines>('dmesg.lines', { fileId: f.id, dump: 3, offset: 0, limit: 100 });
    expect(w.events.at(0)).toMatchObject({ fileId: f.id, phase: 'indexing', total: f.size });
    await expect.poll(() => w.events.at(-1)?.phase).toBe('ready');
    const ready = (await w.ok<FileInfo[]>('files.list'))[0];
    expect(ready).toMatchObject({ status: 'ready', recordCount: sum.recordCount, format: 'erst-store' });
    expect(ready.detail).toMatch(/sha256 [0-9a-f]{12}$/);

    const inline = make(null);
    const g = await inline.ok<FileInfo>('files.openDropped', { path: store });
    expect(await inline.ok('store.inspect', { fileId: g.id })).toEqual(sum);
    expect(await inline.ok('records.window', { fileId: g.id, offset: 5, limit: 50, query: { sort: 'id', dir: -1 } })).toEqual(win);
    expect(await inline.ok('dmesg.lines', { fileId: g.id, dump: 3, offset: 0, limit: 100 })).toEqual(lines);
  }, 60_000);

  it('runs an export job in its own worker, to the same files as in process', async () => {
    const run = async (wp: string | null) => {
      const w = make(wp);
      const f = await w.ok<FileInfo>('files.openDropped', { path: corpusPath('S2-accumulate', 'backing.after-boot3') });
      const kinds = await w.ok<{ kind: string }[]>('export.kinds', { fileId: f.id });
      expect(kinds.map((k) => k.kind)).toContain('dmesg');
      const job = await w.ok<{ jobId: string }>('export.start', { fileId: f.id, kind: 'dmesg' });
      let st: { state: string; files: { name: string; bytes: number }[] };
      do {
        await new Promise((r) => setTimeout(r, 20));
        st = await w.ok('export.status', { jobId: job.jobId });
      } while (st.state === 'running');
      expect(st.state).toBe('done');
      const first = st.files[0];
      const chunk = await w.ok<{ base64: string }>('export.read', { jobId: job.jobId, name: first.name, offset: 0, length: 4096 });
      return { files: st.files, chunk: chunk.base64 };
    };
    const inWorker = await run(workerPath);
    expect(inWorker.files.length).toBeGreaterThan(2);
    expect(inWorker).toEqual(await run(null));
  }, 60_000);

  it('closing a file while it is indexed cancels the work and its calls', async () => {
    const w = make(workerPath);
    const f = await w.ok<FileInfo>('files.openDropped', { path: store });
    const pending = w.call('store.inspect', { fileId: f.id });
    expect(await w.ok('files.close', { fileId: f.id })).toEqual({ closed: true });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(w.events.at(-1)).toMatchObject({ fileId: f.id, phase: 'cancelled' });
    expect(await w.ok('files.list')).toEqual([]);
  }, 60_000);
});
