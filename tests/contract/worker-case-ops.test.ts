import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../shared/contract/index';
import { generateStore } from '../../shared/generate/store';
import { timelineSourceOf } from '../../shared/timeline/source';
import { diffSnapshots } from '../../shared/diff/store-diff';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { openEvidence } from '../../main/services/decode-file';
import { corpusPath } from '../helpers/corpus';
import { bundleWorker } from '../helpers/worker-bundle';

/**
 * timeline.source and diff.run decode whole files: they run in the file's worker (the real
 * bundle), for files decoded whole and for stores served from the index alike, and answer
 * exactly what the decode on the calling thread gives.
 */
describe('timeline and diff in the file worker', () => {
  let dir: string;
  let workerPath: string;
  let big: string;
  const ds: Dispatcher[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'worker-case-'));
    workerPath = await bundleWorker(dir);
    big = join(dir, 'big.erst');
    const boots = Array.from({ length: 40 }, (_, i) => ({
      bootTime: 1_700_000_000 + i * 600,
      dumps: [{ reason: 'Panic', lines: 200, compressed: true }],
    }));
    writeFileSync(big, generateStore({ size: 8 * 1024 * 1024, boots, seed: 9 }).bytes);
  }, 60_000);
  afterAll(() => {
    for (const d of ds) d.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = (fileId: string, path: string, name: string) => {
    const ev = openEvidence(path);
    try {
      return timelineSourceOf(fileId, name, ev.input);
    } finally {
      ev.file.close();
    }
  };
  const expectedDiff = (a: string, b: string) => {
    const x = openEvidence(a),
      y = openEvidence(b);
    try {
      return diffSnapshots({ input: x.input, bytes: x.file }, { input: y.input, bytes: y.file });
    } finally {
      x.file.close();
      y.file.close();
    }
  };

  it('answers as the calling thread would, through the worker and in process', async () => {
    const before = corpusPath('S2-accumulate', 'backing.after-boot1');
    const after = corpusPath('S2-accumulate', 'backing.after-boot3');
    for (const wp of [workerPath, null]) {
      const d = createDispatcher({ version: 'test', workerPath: wp });
      ds.push(d);
      const ok = async <T>(channel: string, args?: unknown): Promise<T> => {
        const r = await d.call(channel, args, { transport: 'test' });
        if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
        return r.result as T;
      };
      const a = await ok<FileInfo>('files.openDropped', { path: before });
      const b = await ok<FileInfo>('files.openDropped', { path: after });
      const c = await ok<FileInfo>('files.openDropped', { path: big });
      // The calling thread's own whole decode of each file is never asked for.
      for (const f of [a, b, c]) {
        Object.defineProperty(d.files.get(f.id).ev, 'input', {
          get() {
            throw new Error(`${f.name} was decoded on the calling thread`);
          },
        });
      }
      const tb = await ok('timeline.source', { fileId: b.id });
      expect(tb, String(wp)).toEqual(expected(b.id, after, b.name));
      const tc = await ok<{ records: unknown[] }>('timeline.source', { fileId: c.id });
      expect(tc.records.length).toBeGreaterThan(0);
      expect(tc, String(wp)).toEqual(expected(c.id, big, c.name));
      const diff = await ok<{ counts: Record<string, number> }>('diff.run', { before: a.id, after: b.id });
      expect(diff, String(wp)).toEqual(expectedDiff(before, after));
      expect(diff.counts.written).toBeGreaterThan(0);
      // Against itself (one file on both sides) and across a store served from its index.
      expect(await ok('diff.run', { before: b.id, after: b.id })).toEqual(expectedDiff(after, after));
      expect(await ok('diff.run', { before: b.id, after: c.id })).toEqual(expectedDiff(after, big));
    }
  }, 120_000);
});
