import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { InspectReport } from '../../shared/report/inspect';
import { cli } from '../helpers/cli';
import { serve, test, expect, type Served } from './serve-fixture';

const S2 = 'tests/fixtures/corpus/S2-accumulate/backing.after-boot3';

let served: Served;
let proc: ChildProcess;
let report: InspectReport;
let exportDir: string;

test.beforeAll(async () => {
  ({ served, proc } = await serve([S2]));
  // The CLI's own answers, computed here, are what the browser must show.
  report = JSON.parse((await cli('inspect', '--json', S2)).out);
  exportDir = mkdtempSync(join(tmpdir(), 'e2e-export-'));
  expect((await cli('export', S2, '--dmesg', exportDir, '--json', join(exportDir, 'records.json'))).code).toBe(0);
});
test.afterAll(() => {
  proc.kill('SIGTERM');
  rmSync(exportDir, { recursive: true, force: true });
});

test('opens S2-accumulate: record count and ids equal the CLI JSON', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await expect(page.getByTestId('store-view')).toBeVisible();
  await expect(page.getByTestId('record-count')).toContainText(`${report.records.length} (`);
  await page.getByRole('button', { name: 'Records' }).click();
  await expect(page.getByTestId('row-count')).toHaveText(`${report.records.length} of ${report.records.length}`);
  const ids = await page.locator('[data-record-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-record-id')));
  expect(ids.sort()).toEqual(report.records.map((r) => r.recordId).sort());
});

test('field → bytes and byte → field highlighting', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Records' }).click();
  const first = report.records[0];
  await page.locator(`[data-record-id="${first.recordId}"]`).click();
  await expect(page.getByTestId('record-view')).toBeVisible();
  // Field → bytes: the record id field's 8 bytes are highlighted, and only those.
  await page.locator('.row[data-key="recordId"]').click();
  const sel = page.locator('[data-testid="hex"] .b.sel');
  await expect(sel).toHaveCount(8);
  const offs = (await sel.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.o)))).sort((a, b) => a - b);
  expect(offs[0]).toBe(first.offset + 0x60);
  const hexText = (await sel.allTextContents()).join('');
  const le = BigInt(first.recordId!).toString(16).padStart(16, '0').match(/../g)!.reverse().join('');
  expect(hexText).toBe(le);
  // Byte → field: clicking a byte of the creator id GUID selects that field in the tree.
  await page.locator(`[data-testid="hex"] .b[data-o="${first.offset + 0x45}"]`).click();
  await expect(page.locator('.row.selected')).toHaveAttribute('data-key', 'creatorId');
  await expect(page.locator('[data-testid="hex"] .b.sel')).toHaveCount(16);
  // The inspector reads the cursor.
  await expect(page.getByTestId('inspector')).toContainText(`At 0x${(first.offset + 0x45).toString(16)}`);
});

test('stitched dmesg equals the CLI export', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByRole('button', { name: 'dmesg' }).click();
  const options = page.getByRole('listbox', { name: 'Dumps' }).getByRole('option');
  await expect(options).toHaveCount(report.dumps.length);
  // The most recent dump is the one shown first.
  await expect(options.nth(report.dumps.length - 1)).toHaveAttribute('aria-selected', 'true');
  for (let i = 0; i < report.dumps.length; i++) {
    await options.nth(i).click();
    const d = report.dumps[i];
    const expected = readFileSync(join(exportDir, 'dumps', `dump-${d.bootId}-${d.reason}${d.count}.txt`), 'utf8');
    const lines = expected.replace(/\n$/, '').split('\n');
    // The text is a virtual scroller: the lines drawn are the file's lines at their numbers…
    const text = page.getByTestId('dmesg-text');
    await expect(text).toHaveAttribute('aria-rowcount', String(lines.length));
    await expect(text.locator('[data-line="0"] .t')).toHaveText(lines[0]);
    const shown = await text
      .locator('[data-line]')
      .evaluateAll((els) => els.map((e) => [Number((e as HTMLElement).dataset.line), e.querySelector('.t')!.textContent]));
    expect(shown.length).toBeGreaterThan(0);
    for (const [n, t] of shown) expect(t, `line ${n}`).toBe(lines[n as number]);
    // …and the last line is reached by scrolling.
    await text.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(text.locator(`[data-line="${lines.length - 1}"] .t`)).toHaveText(lines[lines.length - 1]);
    // Save gives the exact stitched bytes.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dmesg-save').click()]);
    expect(readFileSync((await dl.path())!, 'utf8')).toBe(expected);
  }
});

test('export through the dialog equals the CLI export (dmesg files)', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByTestId('open-export').click();
  await page.getByRole('radio', { name: /pstore dmesg files/ }).check();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-files')).toBeVisible();
  const buttons = page.getByTestId('export-files').getByRole('button', { name: 'Download' });
  const n = await buttons.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const name = (await buttons.nth(i).getAttribute('data-name'))!;
    const [dl] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
    const got = readFileSync((await dl.path())!);
    expect(got.equals(readFileSync(join(exportDir, ...name.split('/')))), name).toBe(true);
  }
});

test('export through the dialog equals the CLI export (CPER-JSON)', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByTestId('open-export').click();
  await page.getByRole('radio', { name: /CPER-JSON/ }).check();
  await page.getByTestId('export-start').click();
  const button = page.getByTestId('export-files').getByRole('button', { name: 'Download' });
  await expect(button).toHaveCount(1);
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(readFileSync((await dl.path())!, 'utf8')).toBe(readFileSync(join(exportDir, 'records.json'), 'utf8'));
});
