import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../shared/contract/index';
import { fromBase64 } from '../../shared/contract/index';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { corpusPath } from '../helpers/corpus';
import { bundleWorker } from '../helpers/worker-bundle';

/**
 * The app's exports of a store or binary records run in the job's worker as the file is read
 * (export-stream), never from a whole decode: every file they write must be the bytes the
 * whole-decode exporters write in process, for every kind that streams.
 */
describe('export jobs read the evidence as they go', () => {
  let dir: string;
  let workerPath: string;
  const ds: Dispatcher[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-job-'));
    workerPath = await bundleWorker(dir);
  }, 60_000);
  afterAll(() => {
    for (const d of ds) d.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every file of one export job: name → sha256, read back through the contract. */
  async function exportFiles(wp: string | null, path: string, kind: string, recovered: boolean): Promise<Record<string, string>> {
    const d = createDispatcher({ version: 'test', workerPath: wp });
    ds.push(d);
    const ok = async <T>(channel: string, args?: unknown): Promise<T> => {
      const r = await d.call(channel, args, { transport: 'test' });
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
      return r.result as T;
    };
    const f = await ok<FileInfo>('files.openDropped', { path });
    const job = await ok<{ jobId: string }>('export.start', { fileId: f.id, kind, recovered });
    let st: { state: string; error?: string; files: { name: string; bytes: number }[]; progress: { total: number } };
    do {
      await new Promise((r) => setTimeout(r, 20));
      st = await ok('export.status', { jobId: job.jobId });
    } while (st.state === 'running');
    expect(st.state, st.error).toBe('done');
    // Read as it goes, the job reports hundredths of the file; decoded whole, its steps.
    if (wp) expect(st.progress.total).toBe(100);
    const out: Record<string, string> = {};
    for (const file of st.files) {
      const h = createHash('sha256');
      for (let at = 0; at < file.bytes;) {
        const c = await ok<{ base64: string; length: number }>('export.read', {
          jobId: job.jobId,
          name: file.name,
          offset: at,
          length: 1 << 20,
        });
        h.update(fromBase64(c.base64) ?? new Uint8Array(0));
        at += c.length;
      }
      out[file.name] = `${file.bytes} ${h.digest('hex')}`;
    }
    return out;
  }

  const inputs = [
    ['a store with cleared parts', corpusPath('S4-erase', 'backing.after-boot2'), ['dmesg', 'cper-json', 'kernel-text', 'cper']],
    ['a CPER record file', corpusPath('libcper', 'arm.cper'), ['cper-json', 'kernel-text', 'cper']],
  ] as const;
  for (const [what, path, kinds] of inputs) {
    for (const kind of kinds) {
      it(`${kind} of ${what}: the same files as the whole decode`, async () => {
        const streamed = await exportFiles(workerPath, path, kind, true);
        expect(Object.keys(streamed).length).toBeGreaterThan(0);
        expect(streamed).toEqual(await exportFiles(null, path, kind, true));
      }, 60_000);
    }
  }
});
