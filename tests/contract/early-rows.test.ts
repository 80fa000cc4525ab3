import { describe, expect, it } from 'vitest';
import { storeFile } from '../../bench/gen-store-file';
import type { FileInfo, RecordsWindow } from '../../shared/contract/index';
import { answerEarly, inSlotOrder, type EarlyRows } from '../../main/worker/early-rows';
import { openService, type Service } from '../../main/worker/file-service';
import { testDispatcher } from '../helpers/dispatcher';

/**
 * While a large store is indexed, the records table in its own order (by slot, unfiltered) is
 * answered as soon as the index pass has gone past the window asked for, with the rows the
 * whole index gives later; any other order waits for the whole index.
 */
describe('records before the index is whole', () => {
  const path = () => storeFile(8 * 1024 * 1024).path;

  it('answers a window of the table in slot order mid-pass, with the rows the whole index gives', async () => {
    let early: EarlyRows | undefined;
    const opening = openService(
      path(),
      () => {},
      (r) => (early = r),
    ) as Promise<Service>;
    expect(early).toBeDefined();
    // Asked before the pass has read anything: answered once the pass reaches row 250.
    const first = early!.window(200, 50);
    const sorted = answerEarly(early, { op: 'records', offset: 0, limit: 10, query: { sort: 'id' } });
    const filtered = answerEarly(early, { op: 'records', offset: 0, limit: 10, query: { text: 'oops' } });
    const service = await opening;
    try {
      const w = await first;
      const whole = service.records(200, 50);
      expect(w?.indexing).toBe(true);
      // Found so far: past the window, not yet every record.
      expect(w!.total).toBeGreaterThanOrEqual(250);
      expect(w!.total).toBeLessThan(whole.total);
      expect(w!.all).toBe(w!.total);
      expect(w!.rows).toEqual(whole.rows);
      expect(w!.rows.map((r) => r.index)).toEqual(Array.from({ length: 50 }, (_, i) => 200 + i));
      // Other orders and filters wait for the whole index.
      expect(sorted).toBeUndefined();
      expect(filtered).toBeUndefined();
      // The pass is over: whatever is asked now goes to the whole index.
      expect(await early!.window(0, 10)).toBeNull();
    } finally {
      service.close();
    }
  }, 60_000);

  it('leaves a window past the last record to the whole index', async () => {
    let early: EarlyRows | undefined;
    const service = await (openService(
      path(),
      () => {},
      (r) => (early = r),
    ) as Promise<Service>);
    try {
      expect(await early!.window(service.info().recordCount, 10)).toBeNull();
    } finally {
      service.close();
    }
  }, 60_000);

  it('knows the table order from a query', () => {
    expect(inSlotOrder(undefined)).toBe(true);
    expect(inSlotOrder({ sort: 'slot', dir: 1, text: '  ' })).toBe(true);
    expect(inSlotOrder({ sort: 'slot', dir: -1 })).toBe(false);
    expect(inSlotOrder({ sort: 'time' })).toBe(false);
    expect(inSlotOrder({ severity: 'fatal' })).toBe(false);
    expect(inSlotOrder({ state: 'live' })).toBe(false);
  });

  it('through the dispatcher: rows while the file is indexing, then the exact counts', async () => {
    const { ok } = testDispatcher();
    const f = await ok<FileInfo>('files.openDropped', { path: path() });
    expect(f.status).toBe('indexing');
    const during = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: 100 });
    expect(during.indexing).toBe(true);
    // A sorted window waits for the whole index and carries no mark.
    const sorted = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: 100, query: { sort: 'slot', dir: -1 } });
    expect(sorted.indexing).toBeUndefined();
    const after = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: 100 });
    expect(after.indexing).toBeUndefined();
    expect(during.rows).toEqual(after.rows);
    expect(during.total).toBeLessThan(after.total);
    expect(sorted.total).toBe(after.total);
  }, 60_000);
});
