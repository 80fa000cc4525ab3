import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { CORPUS } from '../helpers/corpus';
import { testDispatcher } from '../helpers/dispatcher';
import type { FileInfo } from '../../shared/contract/index';
import type { CaseView } from '../../shared/contract/channels/case';
import { loadCase, saveCase, type CaseFile } from '../../main/case/case-file';

/** A copy of a corpus file in a fresh folder: the case file is written beside it. */
function evidence(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'erst-case-'));
  const file = join(dir, 'backing.after-boot3');
  copyFileSync(join(CORPUS, 'S4-erase', 'backing.after-boot3'), file);
  return { dir, file };
}

describe('case files in the app', () => {
  const { ok, d } = testDispatcher();

  it('notes and bookmarks are saved beside the evidence, restored on reopening, the log only grows', async () => {
    const { file } = evidence();
    const before = readFileSync(file);
    const f = await ok<FileInfo>('files.openDropped', { path: file });
    let v = await ok<CaseView>('case.get', { fileId: f.id });
    expect(v.path).toBe(`${file}.erstcase.json`);
    expect(v.items).toEqual([]);
    expect(v.log.map((e) => e.action)).toEqual(['open']);
    v = await ok<CaseView>('case.add', {
      fileId: f.id,
      kind: 'note',
      text: 'Part1 was erased by boot 3 (rm in /sys/fs/pstore)',
      recordIndex: 0,
    });
    v = await ok<CaseView>('case.add', {
      fileId: f.id,
      kind: 'bookmark',
      text: 'map entry of slot 1: zeroed',
      offset: 0x18 + 8,
      length: 8,
    });
    v = await ok<CaseView>('case.add', { fileId: f.id, kind: 'note', text: 'to be removed' });
    v = await ok<CaseView>('case.remove', { fileId: f.id, id: v.items[2].id });
    expect(v.items.map((i) => [i.kind, i.text, i.target.record?.recordId ?? null, i.target.range ?? null])).toEqual([
      ['note', 'Part1 was erased by boot 3 (rm in /sys/fs/pstore)', '7710814697007611905', null],
      ['bookmark', 'map entry of slot 1: zeroed', null, { offset: 32, length: 8 }],
    ]);
    expect(v.log.map((e) => e.action)).toEqual(['open', 'note', 'bookmark', 'note', 'remove']);
    // A byte range past the end is refused; the evidence is untouched.
    const r = await d.call('case.add', { fileId: f.id, kind: 'bookmark', text: 'x', offset: 65536, length: 1 }, { transport: 'test' });
    expect(r.ok).toBe(false);
    expect(readFileSync(file)).toEqual(before);

    // Reopened (another session): the items come back, the open is logged after the earlier entries.
    const other = testDispatcher();
    const g = await other.ok<FileInfo>('files.openDropped', { path: file });
    const w = await other.ok<CaseView>('case.get', { fileId: g.id });
    expect(w.items.map((i) => i.text)).toEqual(['Part1 was erased by boot 3 (rm in /sys/fs/pstore)', 'map entry of slot 1: zeroed']);
    expect(w.log.map((e) => e.action)).toEqual(['open', 'note', 'bookmark', 'note', 'remove', 'open']);
  });
});

describe('exports from the app are logged in the case', () => {
  const { ok } = testDispatcher();

  it('a finished export job is logged once, with the files it wrote', async () => {
    const { file } = evidence();
    const f = await ok<FileInfo>('files.openDropped', { path: file });
    await ok<CaseView>('case.get', { fileId: f.id });
    const job = await ok<{ jobId: string }>('export.start', { fileId: f.id, kind: 'dmesg' });
    let st: { state: string };
    do {
      await new Promise((r) => setTimeout(r, 10));
      st = await ok('export.status', { jobId: job.jobId });
    } while (st.state === 'running');
    let v = await ok<CaseView>('case.logExport', { fileId: f.id, jobId: job.jobId });
    v = await ok<CaseView>('case.logExport', { fileId: f.id, jobId: job.jobId });
    expect(v.log.map((e) => e.action)).toEqual(['open', 'export']);
    expect(v.log[1].detail).toMatch(/^export dmesg in the app: 5 files: .*dmesg-erst-7710814697007611906 \(9188 bytes\)/);
  });
});

describe('an export alone writes nothing beside the evidence', () => {
  const { ok } = testDispatcher();

  it('an export made before the case is opened is held, then logged when the case is first opened', async () => {
    const { file } = evidence();
    const f = await ok<FileInfo>('files.openDropped', { path: file });
    const job = await ok<{ jobId: string }>('export.start', { fileId: f.id, kind: 'dmesg' });
    let st: { state: string };
    do {
      await new Promise((r) => setTimeout(r, 10));
      st = await ok('export.status', { jobId: job.jobId });
    } while (st.state === 'running');
    await ok<CaseView>('case.logExport', { fileId: f.id, jobId: job.jobId });
    expect(existsSync(`${file}.erstcase.json`)).toBe(false);
    const v = await ok<CaseView>('case.get', { fileId: f.id });
    expect(v.log.map((e) => e.action)).toEqual(['open', 'export']);
    expect(existsSync(`${file}.erstcase.json`)).toBe(true);
  });
});

describe('case files on the command line', () => {
  it('inspect, export and report --case log themselves; inspect prints the notes, the report carries them', async () => {
    const { dir, file } = evidence();
    const kase = join(dir, 'case.json');
    const c: CaseFile = { format: 'erst-viewer-case', version: 1, items: [], log: [] };
    let r = await cli('inspect', file, '--case', kase);
    expect(r.code).toBe(0);
    const sha = /sha256 ([0-9a-f]{64})/.exec(loadCase(kase).log[0].detail)![1];
    c.log = loadCase(kase).log;
    c.items.push({
      id: 'n1',
      kind: 'note',
      text: 'cleared Part1 is recoverable from slot 1',
      created: '2026-11-26T00:00:00.000Z',
      target: { sha256: sha, fileName: 'backing.after-boot3', record: { index: 0, recordId: '7710814697007611905' } },
    });
    saveCase(kase, c, [file]);
    r = await cli('inspect', file, '--case', kase);
    expect(r.out).toContain(
      'case notes and bookmarks:\n  note     record 0 (id 7710814697007611905): cleared Part1 is recoverable from slot 1\n',
    );
    expect((await cli('export', file, '--dmesg', join(dir, 'out'), '--case', kase)).code).toBe(0);
    const html = join(dir, 'report.html');
    expect((await cli('report', file, '--html', html, '--case', kase)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('cleared Part1 is recoverable from slot 1');
    const log = loadCase(kase).log;
    expect(log.map((e) => e.action)).toEqual(['open', 'open', 'export', 'report']);
    expect(log[3].detail).toMatch(/wrote .*report\.html sha256 [0-9a-f]{64}/);
  });

  it('a case file is never the evidence nor inside an evidence folder; a damaged one is refused, not replaced', async () => {
    const { dir, file } = evidence();
    expect((await cli('inspect', file, '--case', file)).code).toBe(2);
    const folder = join(dir, 'pstore');
    mkdirSync(folder);
    copyFileSync(
      join(CORPUS, 'S4-erase', 'oracle-boot3', 'pstore', 'dmesg-erst-7710814752842186753'),
      join(folder, 'dmesg-erst-7710814752842186753'),
    );
    expect((await cli('inspect', folder, '--case', join(folder, 'case.json'))).code).toBe(2);
    expect(existsSync(join(folder, 'case.json'))).toBe(false);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"not": "a case"}');
    const r = await cli('inspect', file, '--case', bad);
    expect(r.code).toBe(3);
    expect(readFileSync(bad, 'utf8')).toBe('{"not": "a case"}');
  });

  it('the log is append-only: a save that lacks entries on disk keeps them', () => {
    const { dir, file } = evidence();
    const kase = join(dir, 'c.json');
    const a: CaseFile = { format: 'erst-viewer-case', version: 1, items: [], log: [{ at: '1', action: 'open', detail: 'a' }] };
    saveCase(kase, a, [file]);
    saveCase(kase, { ...a, log: [{ at: '2', action: 'open', detail: 'b' }] }, [file]);
    expect(loadCase(kase).log.map((e) => e.detail)).toEqual(['a', 'b']);
  });
});
