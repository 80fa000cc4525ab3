import type { ChildProcess } from 'node:child_process';
import { cli } from '../helpers/cli';
import { serve, test, expect, type Served } from './serve-fixture';

/** The replay player on S7-full boot 1: 11 writes into a 32 KiB store, the last 8 fail with NOT_ENOUGH_SPACE. */
const S7 = 'tests/fixtures/corpus/S7-full';
let served: Served;
let proc: ChildProcess;
test.beforeAll(async () => ({ served, proc } = await serve([`${S7}/backing.after-boot1`])));
test.afterAll(() => proc.kill('SIGTERM'));

test('replay S7 boot 1: failed writes marked on the scrub bar and listed; steps; timeline lane', async ({ page, problems }) => {
  void problems;
  const report = JSON.parse((await cli('replay', `${S7}/boot1.trace.log`, '--after', `${S7}/backing.after-boot1`, '--json')).out);
  const failedLines: number[] = report.failedWrites.map((f: { line: number }) => f.line);
  expect(failedLines.length).toBe(8);

  // Page time is a fake clock, so playback advances only when the test says (never by wall-clock speed).
  await page.clock.install();
  await page.goto(served.url);
  await expect(page.getByTestId('store-view')).toBeVisible();
  await page.getByRole('button', { name: 'Replay' }).click();
  await page.getByTestId('replay-pick-trace').setInputFiles(`${S7}/boot1.trace.log`);
  await expect(page.getByTestId('replay-trace')).toHaveText('boot1.trace.log');
  // The after-file is the one already open (from the command line).
  await page.locator('[data-role="after"] select').selectOption({ label: 'backing.after-boot1' });
  await expect(page.getByTestId('replay-after')).toHaveText('backing.after-boot1');
  await page.getByTestId('replay-run').click();
  await expect(page.getByTestId('replay-summary')).toContainText('8 failed');

  const ticks = page.locator('[data-testid="scrub"] .tick');
  await expect(ticks).toHaveCount(report.operations.length);
  const failedTicks = page.locator('[data-testid="scrub"] .tick.failed');
  await expect(failedTicks).toHaveCount(8);
  const titles = await failedTicks.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
  expect(titles.map((t) => Number(/line (\d+)/.exec(t)![1]))).toEqual(failedLines);
  await expect(page.getByTestId('failed-writes').locator('li')).toHaveCount(8);
  await expect(page.getByTestId('failed-writes')).toContainText('NOT_ENOUGH_SPACE — Panic#1 Part4');

  // Step to the first write: its trace lines decoded, slot 1 written.
  const firstWrite = report.operations.findIndex((o: { kind: string }) => o.kind === 'write');
  await page.locator(`[data-testid="scrub"] .tick[data-step="${firstWrite}"]`).click();
  await expect(page.getByTestId('replay-detail')).toContainText('ACTION ← EXECUTE_OPERATION');
  await expect(page.getByTestId('replay-changes')).toContainText('slot 1 written');
  await expect(page.locator('[data-testid="slot-map"] [data-slot="1"]')).toHaveClass(/live/);
  await expect(page.locator('[data-testid="slot-map"] [data-slot="2"]')).toHaveClass(/empty/);
  // Next, then a failed one: no slot changed.
  await page.getByTestId('replay-next').click();
  await expect(page.getByTestId('replay-step')).toHaveText(`step ${firstWrite + 2} / ${report.operations.length}`);
  await failedTicks.first().click();
  await expect(page.getByTestId('replay-detail')).toContainText('NOT_ENOUGH_SPACE');
  await expect(page.getByTestId('replay-changes')).toHaveText('no slots');
  await expect(page.locator('[data-testid="slot-map"] .cell.live')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/replay-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screens/replay-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // Play at 32 op/s from the start on a paused fake clock: each 31 ms of page time is one step.
  const n = report.operations.length;
  await page.getByRole('button', { name: 'First' }).click();
  await page.getByLabel('Speed').selectOption('32');
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.getByTestId('replay-play').click();
  await expect(page.getByTestId('replay-pause')).toBeVisible();
  await expect(page.getByTestId('replay-step')).toHaveText(`step 1 / ${n}`);
  await page.clock.runFor(3 * 31);
  await expect(page.getByTestId('replay-step')).toHaveText(`step 4 / ${n}`);
  await page.getByTestId('replay-pause').click();
  await expect(page.getByTestId('replay-play')).toBeVisible();
  await page.clock.runFor(10 * 31);
  await expect(page.getByTestId('replay-step')).toHaveText(`step 4 / ${n}`);
  // Played to the end, playback stops on the last step.
  await page.getByTestId('replay-play').click();
  await page.clock.runFor(n * 31);
  await expect(page.getByTestId('replay-step')).toHaveText(`step ${n} / ${n}`);
  await expect(page.getByTestId('replay-play')).toBeVisible();
  await page.clock.resume();

  // The replay's operations on the timeline.
  await page.getByRole('button', { name: 'Timeline' }).click();
  const lane = page.getByTestId('timeline-replay');
  await expect(lane.locator('.op')).toHaveCount(report.operations.length);
  await expect(lane.locator('.op.failed')).toHaveCount(8);
  await page.screenshot({ path: 'test-results/screens/replay-timeline-light.png' });
});
