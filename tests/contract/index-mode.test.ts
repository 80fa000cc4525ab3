import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFile } from '../../bench/gen-store-file';
import { EvidenceFile } from '../../main/evidence/file';
import { FileService, INDEX_FROM, openService, type Service } from '../../main/worker/file-service';
import { IndexedService } from '../../main/worker/indexed-service';
import { corpusPath } from '../helpers/corpus';

/**
 * A large store is served from its index, decoding only the slots a window shows; what it
 * answers equals the whole-file decode of the same store (rows, records, dumps and their text).
 */
describe('index-backed service for large stores', () => {
  let path: string;
  let full: FileService;
  let ix: Service;
  beforeAll(async () => {
    // A small store keeps the test quick: the indexed service is opened on it directly.
    path = storeFile(8 * 1024 * 1024).path;
    full = new FileService(path);
    ix = await IndexedService.open(new EvidenceFile(path), () => {});
  }, 120_000);
  afterAll(() => {
    full?.close();
    ix?.close();
  });

  it('is chosen from INDEX_FROM on (smaller files are decoded whole)', async () => {
    expect(INDEX_FROM).toBe(8 * 1024 * 1024);
    const small = await openService(corpusPath('S2-accumulate', 'backing.after-boot3'));
    expect(small).toBeInstanceOf(FileService);
    small.close();
  });

  it('gives the same summary, rows, records and dumps as the whole-file decode', () => {
    const a = full.summary(),
      b = ix.summary();
    expect(b.source).toEqual(a.source);
    expect(b.store).toEqual(a.store);
    expect([b.recordCount, b.counts, b.dumpCount]).toEqual([a.recordCount, a.counts, a.dumpCount]);
    expect(b.facets).toEqual(a.facets);
    for (const q of [
      {},
      { sort: 'id' as const, dir: -1 as const },
      { text: 'oops#7 part2' },
      { severity: 'fatal', sort: 'time' as const },
    ]) {
      const wa = full.records(300, 200, q),
        wb = ix.records(300, 200, q);
      expect(wb.total, JSON.stringify(q)).toBe(wa.total);
      expect(
        wb.rows.map((r) => r.index),
        JSON.stringify(q),
      ).toEqual(wa.rows.map((r) => r.index));
    }
    expect(ix.records(0, 50).rows).toEqual(full.records(0, 50).rows);
    expect(ix.record(734)).toEqual(full.record(734));
    expect(ix.locate(undefined, 500 * 8192 + 17)).toEqual(full.locate(undefined, 500 * 8192 + 17));
    const la = full.dumpList(false, 100, 20),
      lb = ix.dumpList(false, 100, 20);
    expect(lb.total).toBe(la.total);
    expect(lb.dumps).toEqual(la.dumps);
    expect(ix.lines(false, 107, 0, 5000)).toEqual(full.lines(false, 107, 0, 5000));
    expect(ix.readDump(false, 107, 0, 1 << 20)).toEqual(full.readDump(false, 107, 0, 1 << 20));
  }, 120_000);

  it('reads only what it indexes: a bad path is refused', async () => {
    await expect(Promise.resolve().then(() => openService('/nonexistent/store'))).rejects.toThrow();
    expect(() => new EvidenceFile('/nonexistent/store')).toThrow();
  });
});
