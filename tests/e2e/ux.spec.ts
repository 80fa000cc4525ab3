import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { unzipSync } from 'fflate';
import { generateStore } from '../../shared/generate/store';
import { cli } from '../helpers/cli';
import { serve, test, expect, type Served } from './serve-fixture';

/**
 * What a support engineer meets first in serve mode: files that are empty or not a known
 * format say so, the theme can be chosen and is remembered, an export downloads as one zip,
 * a file over the old 64 MiB cap uploads (streamed, with the upload in Recent files), and
 * counts are written with the right number.
 */
const S2 = 'tests/fixtures/corpus/S2-accumulate/backing.after-boot3';
let served: Served;
let proc: ChildProcess;
let dir: string;

test.beforeAll(async () => {
  ({ served, proc } = await serve([S2]));
  dir = mkdtempSync(join(tmpdir(), 'e2e-ux-'));
  writeFileSync(join(dir, 'empty.bin'), new Uint8Array(0));
  writeFileSync(join(dir, 'random.bin'), randomBytes(5000));
  expect((await cli('export', S2, '--dmesg', join(dir, 'dmesg'))).code).toBe(0);
});
test.afterAll(() => {
  proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('an empty file and random bytes are shown as such, not as an empty CPER file', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByRole('button', { name: 'ERST Viewer' }).click();
  await page.getByTestId('file-input').setInputFiles(join(dir, 'empty.bin'));
  await expect(page.getByTestId('file-banner')).toContainText('empty.bin is empty');
  await page.getByRole('button', { name: 'ERST Viewer' }).click();
  await page.getByTestId('file-input').setInputFiles(join(dir, 'random.bin'));
  await expect(page.getByTestId('file-banner')).toContainText('random.bin is not a recognised format');
  await expect(page.getByTestId('store-view').locator('h2').first()).toHaveText('Unrecognised file');
  // A recognised store has no banner.
  await page.getByTestId('file-select').selectOption({ label: 'backing.after-boot3' });
  await expect(page.getByTestId('store-view')).toBeVisible();
  await expect(page.getByTestId('file-banner')).toHaveCount(0);
});

test('the theme can be chosen, overrides the system, and is remembered', async ({ page, problems }) => {
  void problems;
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(served.url);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const theme = page.getByTestId('theme');
  expect(await bg()).toBe('rgb(255, 255, 255)');
  await expect(theme).toHaveAttribute('data-theme-choice', 'system');
  // One button cycles system → light → dark → system.
  await theme.click();
  await expect(theme).toHaveAttribute('data-theme-choice', 'light');
  await theme.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).toBe('rgb(21, 25, 30)');
  await page.reload();
  await expect(theme).toHaveAttribute('data-theme-choice', 'dark');
  expect(await bg()).toBe('rgb(21, 25, 30)');
  // Back to system: it follows the system again.
  await theme.click();
  await expect(theme).toHaveAttribute('data-theme-choice', 'system');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await bg()).toBe('rgb(21, 25, 30)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await bg()).toBe('rgb(255, 255, 255)');
});

test('a pstore export downloads as one zip equal to the CLI export', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByTestId('open-export').click();
  await page.getByRole('radio', { name: /pstore dmesg files/ }).check();
  await page.getByTestId('export-start').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-archive').click()]);
  expect(dl.suggestedFilename()).toBe('backing.after-boot3-dmesg.zip');
  const entries = unzipSync(new Uint8Array(readFileSync((await dl.path())!)));
  const names = Object.keys(entries).sort();
  expect(names.length).toBeGreaterThan(1);
  for (const name of names)
    expect(Buffer.from(entries[name]).equals(readFileSync(join(dir, 'dmesg', ...name.split('/')))), name).toBe(true);
});

test('a store over 64 MiB uploads streamed, opens, and is listed in Recent files; counts use the right number', async ({
  page,
  problems,
}) => {
  void problems;
  test.setTimeout(120_000);
  // 72 MiB store holding exactly one record (one dump of one part): generated, never committed.
  const g = generateStore({
    size: 72 * 1024 * 1024,
    boots: [{ bootTime: 1_700_000_000, dumps: [{ reason: 'Panic', lines: 20, compressed: true }] }],
    seed: 5,
  });
  expect(g.parts).toHaveLength(1);
  const big = join(dir, 'big-store.bin');
  writeFileSync(big, g.bytes);
  await page.goto(served.url);
  await page.getByRole('button', { name: 'ERST Viewer' }).click();
  await page.getByTestId('file-input').setInputFiles(big);
  await expect(page.getByTestId('store-view')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('file-select')).toContainText('big-store.bin');
  await expect(page.getByTestId('next-dump')).toContainText('Another dump of the usual size (1 part)');
  await expect(page.getByTestId('record-count')).toHaveText('1 (1 live, 0 cleared-recoverable)');
  await page.getByRole('button', { name: 'ERST Viewer' }).click();
  const recent = page.locator('.recent li', { hasText: 'big-store.bin' }).first();
  await expect(recent).toContainText('uploaded this session');
  await expect(recent).toContainText('72.0 MiB');
  await expect(page.locator('.recent li', { hasText: 'big-store.bin' }).last()).toContainText('ERST store · 1 record · 72.0 MiB');
  await expect(page.getByText('1 records')).toHaveCount(0);
});
