import type { ChildProcess } from 'node:child_process';
import { serve, test, expect, type Served } from './serve-fixture';

/** Screenshots of each main view at 1280×800 (light and dark projects), kept with the results. */
const S2 = 'tests/fixtures/corpus/S2-accumulate/backing.after-boot3';
let served: Served;
let proc: ChildProcess;
test.beforeAll(async () => ({ served, proc } = await serve([S2])));
test.afterAll(() => proc.kill('SIGTERM'));

test('screenshots of every view', async ({ page, problems }, info) => {
  void problems;
  const shot = (name: string) => page.screenshot({ path: `test-results/screens/${info.project.name}-${name}.png` });
  await page.goto(served.url);
  await expect(page.getByTestId('store-view')).toBeVisible();
  await shot('overview');
  await page.getByRole('button', { name: 'Records' }).click();
  await expect(page.locator('[data-record-id]').first()).toBeVisible();
  await shot('records');
  await page.locator('[data-record-id]').first().click();
  await page.locator('.row[data-key="recordId"]').click();
  await shot('record');
  await page.getByRole('button', { name: 'dmesg' }).click();
  await page.getByTestId('dmesg-search').fill('Kernel panic');
  await shot('dmesg');
  await page.getByRole('button', { name: 'Timeline' }).click();
  await shot('timeline');
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-files')).toBeVisible();
  await shot('export');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'ERST Viewer' }).click();
  await shot('welcome');
});
