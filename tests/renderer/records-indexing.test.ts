// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { storeFile } from '../../bench/gen-store-file';
import { useFiles } from '../../renderer/stores/files';
import { useRecords } from '../../renderer/stores/records';
import type { Dispatcher } from '../../main/services/dispatcher';
import { dispatcherTransport } from './harness';

/**
 * The records table of a large store fills while the store is indexed (in its own order), and
 * takes the exact counts when indexing is done, keeping the rows it shows.
 */
describe('records table while the file is indexed', () => {
  let d: Dispatcher;
  beforeEach(() => {
    setActivePinia(createPinia());
    ({ d } = dispatcherTransport());
  });
  afterEach(() => d.dispose());

  it('shows the first rows before indexing ends, then the exact counts', async () => {
    const files = useFiles();
    await files.init();
    const f = d.files.openPath(storeFile(8 * 1024 * 1024).path, 'drop');
    files.files = d.files.list();
    expect(files.files[0].status).toBe('indexing');
    const recs = useRecords();
    await recs.open(f.info.id);
    expect(recs.indexing).toBe(true);
    const first = recs.rows.map((r) => r.index);
    expect(first).toEqual(Array.from({ length: first.length }, (_, i) => i));
    expect(first.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(recs.indexing).toBe(false), { timeout: 30_000 });
    await vi.waitFor(() => expect(recs.total).toBe(d.files.list()[0].recordCount));
    expect(recs.all).toBe(recs.total);
    expect(recs.rows.map((r) => r.index)).toEqual(first);
  }, 60_000);
});
