// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { InspectReport } from '../../shared/report/inspect';
import { useFiles } from '../../renderer/stores/files';
import { useReport } from '../../renderer/stores/report';
import { useRecords } from '../../renderer/stores/records';
import { useRecord } from '../../renderer/stores/record';
import { useDmesg } from '../../renderer/stores/dmesg';
import { useUi } from '../../renderer/stores/ui';
import { corpusPath } from '../helpers/corpus';
import { cli } from '../helpers/cli';
import { dispatcherTransport } from './harness';
import type { Dispatcher } from '../../main/services/dispatcher';
import { FIRST_ROWS_QUERY, RECORDS_PAGE, type ErstApi, type RecordsWindow } from '../../shared/contract/index';
import { setTransport } from '../../renderer/transport/index';

const S2 = corpusPath('S2-accumulate', 'backing.after-boot3');

describe('renderer stores over the real dispatcher', () => {
  let d: Dispatcher;
  let api: ErstApi;
  let cliReport: InspectReport;
  beforeEach(async () => {
    setActivePinia(createPinia());
    ({ d, api } = dispatcherTransport());
    d.files.openPath(S2, 'command-line');
    cliReport = JSON.parse((await cli('inspect', '--json', '--no-fields', S2)).out);
  });
  afterEach(() => d.dispose());

  it('files: init picks up the command-line file and shows its overview', async () => {
    const files = useFiles();
    await files.init();
    expect(files.files.map((f) => f.name)).toEqual(['backing.after-boot3']);
    expect(files.currentId).toBe(files.files[0].id);
    expect(useUi().view).toBe('store');
    expect(files.app?.transport).toBe('test');
  });

  it("records: a file's first rows handed over with the page draw its first page once, for the table's own order only", async () => {
    const files = useFiles();
    await files.init();
    const id = files.currentId!;
    const served = (await api.call('records.window', {
      fileId: id,
      offset: 0,
      limit: RECORDS_PAGE,
      query: FIRST_ROWS_QUERY,
    })) as RecordsWindow;
    const calls: string[] = [];
    const counted: ErstApi = { ...api, call: (channel, args) => (calls.push(channel), api.call(channel, args)) };
    setTransport(counted);
    const recs = useRecords();
    // Marked, so a first page drawn from it (not asked) is told apart.
    recs.seed(id, { ...served, rows: served.rows.map((r) => ({ ...r, summary: `served: ${r.summary}` })) });
    await recs.open(id);
    expect(calls).toEqual([]);
    expect(recs.rows.map((r) => r.summary)).toEqual(served.rows.map((r) => `served: ${r.summary}`));
    expect(recs.total).toBe(served.total);
    // Used once: the same page asked again comes from main.
    await recs.refresh();
    expect(calls).toEqual(['records.window']);
    expect(recs.rows.map((r) => r.summary)).toEqual(served.rows.map((r) => r.summary));
    // Another order, or another file, never takes it.
    recs.seed(id, served);
    await recs.sortBy('id');
    expect(calls).toEqual(['records.window', 'records.window']);
    recs.seed('another-file', served);
    await recs.open(id);
    expect(calls).toEqual(['records.window', 'records.window', 'records.window']);
  });

  it('report and records: rows equal the CLI, filters and sort work where the records are', async () => {
    const files = useFiles();
    await files.init();
    await useReport().load(files.currentId);
    expect(useReport().report?.recordCount).toBe(cliReport.records.length);
    const recs = useRecords();
    await recs.open(files.currentId);
    expect(recs.total).toBe(cliReport.records.length);
    expect(recs.rows.map((r) => r.recordId)).toEqual(cliReport.records.map((r) => r.recordId));
    await recs.sortBy('id');
    await recs.sortBy('id'); // second click: descending
    const ids = cliReport.records
      .map((r) => BigInt(r.recordId!))
      .sort((a, b) => (a < b ? 1 : -1))
      .map(String);
    expect(recs.rows.map((r) => r.recordId)).toEqual(ids);
    recs.filter.text = cliReport.records[1].recordIdHex!;
    await recs.refresh();
    expect(recs.rows.map((r) => r.index)).toEqual([1]);
    await recs.resetFilter();
    recs.filter.severity = 'corrected';
    await recs.refresh();
    expect(recs.rows).toEqual([]);
    expect(recs.total).toBe(0);
    expect(recs.all).toBe(cliReport.records.length);
  });

  it('record: select a field → cursor at its bytes; pick a byte → deepest field', async () => {
    const files = useFiles();
    await files.init();
    const rec = useRecord();
    await rec.open(files.currentId!, 0);
    const start = cliReport.records[0].offset;
    rec.select('record/header/recordId');
    expect(rec.selectedNode?.offset).toBe(start + 0x60);
    expect(rec.cursor).toBe(start + 0x60);
    rec.pick(start + 0x14);
    expect(rec.selected).toBe('record/header/recordLength');
    expect(rec.cursor).toBe(start + 0x14);
    rec.pick(0); // outside the record: nothing selected
    expect(rec.selected).toBeNull();
  });

  it('dmesg: dumps equal the CLI report dumps; the most recent is shown, its lines by window', async () => {
    const files = useFiles();
    await files.init();
    const dm = useDmesg();
    await dm.load(files.currentId);
    expect(dm.dumps.map((x) => x.textLength)).toEqual(cliReport.dumps.map((x) => x.textLength));
    expect(dm.current).toBe(dm.dumps.length - 1);
    const bytes = await dm.bytes();
    const text = new TextDecoder().decode(Uint8Array.from(bytes.flatMap((b) => [...b])));
    const lines = text.replace(/\n$/, '').split('\n');
    expect(dm.lineCount).toBe(lines.length);
    expect(Array.from({ length: dm.lineCount }, (_, i) => dm.lineAt(i)?.text)).toEqual(lines);
    dm.query = 'panic';
    await dm.find();
    expect(dm.search!.total).toBe(lines.reduce((n, l) => n + (l.toLowerCase().split('panic').length - 1), 0));
  });

  it('errors from main reach the banner, not an exception', async () => {
    const rec = useRecord();
    await rec.open('fNOPE', 0);
    expect(useUi().error).toMatch(/no open file with id fNOPE/);
  });
});
