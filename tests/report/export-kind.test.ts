import { describe, expect, it } from 'vitest';
import { testDispatcher } from '../helpers/dispatcher';
import { CORPUS } from '../helpers/corpus';
import { join } from 'node:path';
import type { FileInfo } from '../../shared/contract/index';

describe('export dialog: case report', () => {
  const { ok } = testDispatcher();

  it('is offered and writes report.html and records.csv with their provenance sidecars', async () => {
    const f = await ok<FileInfo>('files.openDropped', { path: join(CORPUS, 'S4-erase', 'backing.after-boot3') });
    const kinds = await ok<{ kind: string }[]>('export.kinds', { fileId: f.id });
    expect(kinds.map((k) => k.kind)).toContain('report');
    const job = await ok<{ jobId: string }>('export.start', { fileId: f.id, kind: 'report' });
    let st: { state: string; files: { name: string; bytes: number }[]; error?: string };
    do {
      await new Promise((r) => setTimeout(r, 10));
      st = await ok('export.status', { jobId: job.jobId });
    } while (st.state === 'running');
    expect(st.error).toBeUndefined();
    expect(st.state).toBe('done');
    expect(st.files.map((x) => x.name).sort()).toEqual([
      'records.csv',
      'records.csv.SHA256SUMS',
      'records.csv.provenance.json',
      'report.html',
      'report.html.SHA256SUMS',
      'report.html.provenance.json',
    ]);
    const csv = await ok<{ base64: string }>('export.read', { jobId: job.jobId, name: 'records.csv', offset: 0, length: 4096 });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 4);
  });
});
