import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { memoryErrorBefore, PANIC_STORE } from '../timeline/case-fixture';
import { serve, test, expect, type Served } from './serve-fixture';

/**
 * Working a case: a BMC's memory-error record (libcper's, its timestamp set 2 s before the
 * guest's panic) opened next to the guest's backing file.
 */
const SCREENS = process.env.CASE_SCREENS ?? 'test-results/screens';
const bmc = memoryErrorBefore(2);
let served: Served;
let proc: ChildProcess;
test.beforeAll(async () => ({ served, proc } = await serve([PANIC_STORE, bmc.path])));
test.afterAll(() => proc.kill('SIGTERM'));

test('timeline: both files on one axis, the memory error linked to the panic in words', async ({ page, problems }) => {
  void problems;
  mkdirSync(SCREENS, { recursive: true });
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Timeline' }).click();
  const links = page.getByTestId('correlation');
  await expect(links).toHaveCount(1);
  await expect(links).toHaveText('Corrected memory error, node 51722 device 11482, 2 s before Panic#1');
  // Merged: the error from the .cper file and the dump from the store, in time order.
  const rows = page.getByTestId('timeline-events').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toHaveAttribute('data-kind', 'hw-error');
  await expect(rows.nth(4)).toHaveAttribute('data-kind', 'dump');
  await expect(page.locator('.ev.hw-error.linked')).toHaveCount(1);
  await expect(page.locator('.ev.dump.linked')).toHaveCount(1);
  await page.screenshot({ path: `${SCREENS}/timeline.png` });

  // The window is the user's: 1 s is too short for an error 2 s before.
  await page.getByTestId('timeline-window').fill('1');
  await expect(links).toHaveCount(0);
  await page.getByTestId('timeline-window').fill('60');
  await expect(links).toHaveCount(1);

  // Zoom and group by file.
  const tick = page.locator('.tick').first();
  const before = await tick.textContent();
  await page.getByTestId('zoom-out').click();
  await page.getByTestId('zoom-out').click();
  await expect(tick).not.toHaveText(before ?? '');
  await page.getByTestId('group-file').click();
  await expect(page.locator('.row')).toHaveCount(2);
  await page.getByTestId('zoom-fit').click();
  await links.click();
  await expect(page.getByTestId('timeline-detail')).toContainText('dump: Panic#1');
});
