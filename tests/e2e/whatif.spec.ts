import type { ChildProcess } from 'node:child_process';
import { cli } from '../helpers/cli';
import { serve, test, expect, type Served } from './serve-fixture';

/** What-if for S7-full boot 1: the smallest store that keeps every part of the panic dump. */
const S7 = 'tests/fixtures/corpus/S7-full';
let served: Served;
let proc: ChildProcess;
test.beforeAll(async () => ({ served, proc } = await serve([])));
test.afterAll(() => proc.kill('SIGTERM'));

test('S7 what-if: smallest store = one record slot per write of the trace, plus header slots', async ({ page, problems }) => {
  void problems;
  const report = JSON.parse((await cli('replay', `${S7}/boot1.trace.log`, '--after', `${S7}/backing.after-boot1`, '--json')).out);
  const writes = report.operations.filter((o: { kind: string; executed?: boolean }) => o.kind === 'write' && o.executed).length;
  const failed = report.failedWrites.length;
  const rs: number = report.recordSize;
  // Every write carries a new id (no clears), so each needs its own slot; the header takes ceil((24 + 8·slots) / rs).
  let slots = writes + 1;
  while (slots - Math.ceil((24 + 8 * slots) / rs) < writes) slots++;
  const headerSlots = Math.ceil((24 + 8 * slots) / rs);

  await page.goto(served.url);
  await page.getByRole('button', { name: 'Replay' }).click();
  await page.getByTestId('replay-pick-trace').setInputFiles(`${S7}/boot1.trace.log`);
  await page.getByTestId('replay-pick-after').setInputFiles(`${S7}/backing.after-boot1`);
  await page.getByTestId('replay-run').click();
  await expect(page.getByTestId('replay-summary')).toContainText(`${failed} failed`);

  await page.getByRole('button', { name: 'What-if' }).click();
  await page.getByTestId('whatif-source').selectOption('replay');
  await page.getByTestId('whatif-run').click();
  // At the original size: the same writes survive as did at the time.
  await expect(page.getByTestId('whatif-survived')).toHaveText(`${writes - failed} of ${writes} writes survive`);
  const smallest = page.getByTestId('whatif-smallest');
  await expect(smallest).toHaveAttribute('data-record-slots', String(writes));
  await expect(smallest).toHaveAttribute('data-header-slots', String(headerSlots));
  await expect(smallest).toHaveAttribute('data-size', String(slots * rs));
  await expect(smallest).toContainText(`${headerSlots} header + ${writes} record slots`);
  await page.screenshot({ path: 'test-results/screens/whatif-light.png' });
  // Try it: every write survives.
  await smallest.getByRole('button', { name: 'try it' }).click();
  await expect(page.getByTestId('whatif-survived')).toHaveText(`${writes} of ${writes} writes survive`);
  await expect(page.locator('[data-testid="whatif-writes"] tr[data-survived="false"]')).toHaveCount(0);
  // One slot less loses the last part.
  await page.getByTestId('whatif-size').fill(String(((slots - 1) * rs) / 1024));
  await page.getByTestId('whatif-run').click();
  await expect(page.getByTestId('whatif-survived')).toHaveText(`${writes - 1} of ${writes} writes survive`);
  await expect(page.locator('[data-testid="whatif-writes"] tr[data-survived="false"]')).toContainText('Panic#1 Part11');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screens/whatif-dark.png' });
});
