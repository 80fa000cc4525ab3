import { describe, expect, it } from 'vitest';
import { LIMITS, type FileInfo } from '../../shared/contract/index';
import type { InspectReport } from '../../shared/report/inspect';
import { SLOT_LETTERS, type DumpList, type RecordDetail, type RecordsWindow, type StoreSummary } from '../../shared/contract/types';
import { fieldAt } from '../../shared/decode/node';
import { corpusPath } from '../helpers/corpus';
import { cli } from '../helpers/cli';
import { testDispatcher } from '../helpers/dispatcher';

const S2 = corpusPath('S2-accumulate', 'backing.after-boot3');

/**
 * The dispatcher is the one gate of every transport; these call it directly with the 'test'
 * transport. The serve tests repeat the refusals over HTTP.
 */
describe('dispatcher', () => {
  const { d, ok } = testDispatcher();
  const fail = async (channel: unknown, args: unknown, transport: 'test' | 'serve' | 'ipc' = 'test') => {
    const r = await d.call(channel, args, { transport });
    expect(r.ok).toBe(false);
    return (r as { error: { code: string; message: string } }).error;
  };

  it('refuses an unknown channel and a non-string channel', async () => {
    expect(await fail('files.delete', {})).toMatchObject({ code: 'unknown-channel', message: 'unknown channel "files.delete"' });
    expect(await fail(42, {})).toMatchObject({ code: 'unknown-channel' });
    expect(await fail('__proto__', {})).toMatchObject({ code: 'unknown-channel' });
    expect(await fail('constructor', {})).toMatchObject({ code: 'unknown-channel' });
  });

  it('refuses bad argument shapes before a service sees them', async () => {
    expect(await fail('store.inspect', {})).toMatchObject({
      code: 'bad-arguments',
      message: expect.stringMatching(/^fileId: expected a string/),
    });
    expect(await fail('store.inspect', { fileId: '../etc' })).toMatchObject({ code: 'bad-arguments' });
    expect(await fail('bytes.read', { fileId: 'f1', offset: -1, length: 4 })).toMatchObject({
      code: 'bad-arguments',
      message: expect.stringMatching(/^offset/),
    });
    expect(await fail('files.list', { x: 1 })).toMatchObject({ code: 'bad-arguments', message: 'x: unknown argument' });
  });

  it('refuses an oversized read with a clear error', async () => {
    const f = await ok<FileInfo>('files.openDropped', { path: S2 });
    const e = await fail('bytes.read', { fileId: f.id, offset: 0, length: LIMITS.maxRead + 1 });
    expect(e.code).toBe('too-large');
    expect(e.message).toBe(`length: ${LIMITS.maxRead + 1} is over the limit of ${LIMITS.maxRead}`);
    const chunk = await ok<{ length: number; base64: string }>('bytes.read', { fileId: f.id, offset: 0, length: LIMITS.maxRead });
    expect(chunk.length).toBe(Math.min(LIMITS.maxRead, f.size));
  });

  it('keeps path channels off serve mode', async () => {
    expect(await fail('files.openDropped', { path: '/etc/passwd' }, 'serve')).toMatchObject({ code: 'unsupported' });
    expect(await fail('export.saveTo', { jobId: 'j1' }, 'serve')).toMatchObject({ code: 'unsupported' });
  });

  it('answers not-found for ids it never handed out', async () => {
    expect(await fail('store.inspect', { fileId: 'fNOPE' })).toMatchObject({ code: 'not-found' });
  });

  it('inspect over the contract: the summary and the windows equal the CLI JSON', async () => {
    const f = await ok<FileInfo>('files.openDropped', { path: S2 });
    const fromCli = JSON.parse((await cli('inspect', '--json', '--no-fields', S2)).out) as InspectReport;
    const sum = await ok<StoreSummary>('store.inspect', { fileId: f.id });
    expect(sum.source).toEqual(fromCli.source);
    expect(sum.recordCount).toBe(fromCli.records.length);
    expect(sum.dumpCount).toBe(fromCli.dumps.length);
    const { slots, ...geometry } = fromCli.store!;
    expect(sum.store).toEqual({ ...geometry, slotStates: slots.map((s) => SLOT_LETTERS[s.state]).join('') });
    expect(sum.diagnostics).toEqual([...fromCli.diagnostics, ...fromCli.records.flatMap((r) => r.diagnostics)]);
    // Records by window, two windows making the whole list.
    const a = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: 3 });
    const b = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 3, limit: 1000 });
    expect(a.total).toBe(fromCli.records.length);
    expect([...a.rows, ...b.rows]).toEqual(fromCli.records);
    // Sorted and filtered where the records are.
    const desc = await ok<RecordsWindow>('records.window', { fileId: f.id, offset: 0, limit: 1000, query: { sort: 'id', dir: -1 } });
    expect(desc.rows.map((r) => r.recordId)).toEqual(
      fromCli.records
        .map((r) => BigInt(r.recordId!))
        .sort((x, y) => (x < y ? 1 : -1))
        .map(String),
    );
    const one = await ok<RecordsWindow>('records.window', {
      fileId: f.id,
      offset: 0,
      limit: 10,
      query: { text: fromCli.records[1].recordIdHex! },
    });
    expect(one.rows.map((r) => r.index)).toEqual([1]);
    expect(await ok('record.locate', { fileId: f.id, slot: fromCli.records[2].slot! })).toEqual({ index: 2 });
    // Dumps as metadata, their text by line window equal to the stitched file.
    const list = await ok<DumpList>('dmesg.list', { fileId: f.id, offset: 0, limit: 100 });
    expect(list.dumps.map((d) => d.textLength)).toEqual(fromCli.dumps.map((d) => d.textLength));
  });

  it('record.get gives a tree whose spans map bytes back to fields', async () => {
    const f = await ok<FileInfo>('files.openDropped', { path: S2 });
    const rec = await ok<RecordDetail>('record.get', { fileId: f.id, index: 0 });
    const id = rec.tree.children![0].children!.find((c) => c.key === 'recordId')!;
    const path = fieldAt(rec.tree, id.offset + 3);
    expect(path.at(-1)!.key).toBe('recordId');
    expect(rec.span.length).toBe(8192);
  });

  it('runs an export job to the same files as the CLI', async () => {
    const f = await ok<FileInfo>('files.openDropped', { path: S2 });
    const job = await ok<{ jobId: string }>('export.start', { fileId: f.id, kind: 'dmesg' });
    let st: { state: string; files: { name: string; bytes: number }[] };
    do {
      await new Promise((r) => setTimeout(r, 10));
      st = await ok('export.status', { jobId: job.jobId });
    } while (st.state === 'running');
    expect(st.state).toBe('done');
    expect(st.files.some((x) => x.name.startsWith('dumps/'))).toBe(true);
    expect(await fail('export.read', { jobId: job.jobId, name: '../../etc/passwd', offset: 0, length: 10 })).toMatchObject({
      code: 'not-found',
    });
  });
});
