import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test.describe('case notes', () => {
  let dir: string;
  let copy: string;
  let served2: Served;
  let proc2: ChildProcess;
  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'erst-case-e2e-'));
    copy = join(dir, 'backing.after-boot3');
    copyFileSync('tests/fixtures/corpus/S4-erase/backing.after-boot3', copy);
    ({ served: served2, proc: proc2 } = await serve([copy]));
  });
  test.afterAll(() => proc2.kill('SIGTERM'));

  test('a note on a record and a bookmark on bytes are saved beside the evidence and come back after a reload', async ({
    page,
    problems,
  }) => {
    void problems;
    await page.goto(served2.url);
    await page.getByTestId('open-case').click();
    const panel = page.getByTestId('case-panel');
    await expect(panel).toContainText(`saved in ${copy}.erstcase.json`);
    await page.getByTestId('case-on').selectOption('bytes');
    await page.getByTestId('case-kind').selectOption('bookmark');
    await page.getByTestId('case-offset').fill('0x20');
    await page.getByTestId('case-length').fill('8');
    await page.getByTestId('case-text').fill('map entry of slot 1 is zero: cleared');
    await page.getByTestId('case-add').click();
    await page.getByTestId('case-kind').selectOption('note');
    await page.getByTestId('case-on').selectOption('file');
    await page.getByTestId('case-text').fill('Boot 3 erased Part1 of the first panic');
    await page.getByTestId('case-add').click();
    await expect(page.getByTestId('case-item')).toHaveCount(2);
    await page.screenshot({ path: `${SCREENS}/notes.png` });
    await page.reload();
    await page.getByTestId('open-case').click();
    await expect(page.getByTestId('case-item')).toHaveCount(2);
    await expect(page.getByTestId('case-item').first()).toContainText('bytes 0x20 + 8');
    const saved = JSON.parse(readFileSync(`${copy}.erstcase.json`, 'utf8'));
    expect(saved.items.map((i: { text: string }) => i.text)).toEqual([
      'map entry of slot 1 is zero: cleared',
      'Boot 3 erased Part1 of the first panic',
    ]);
    expect(saved.log.map((e: { action: string }) => e.action)).toEqual(['open', 'bookmark', 'note']);
  });
});

test.describe('diff view', () => {
  const S4 = 'tests/fixtures/corpus/S4-erase';
  let served3: Served;
  let proc3: ChildProcess;
  test.beforeAll(
    async () =>
      ({ served: served3, proc: proc3 } = await serve([
        `${S4}/backing.after-boot1`,
        `${S4}/backing.after-boot2`,
        `${S4}/backing.after-boot3`,
      ])),
  );
  test.afterAll(() => proc3.kill('SIGTERM'));

  test('two snapshots: header, slots written and cleared, records and dumps, a slot side by side', async ({ page, problems }) => {
    void problems;
    await page.goto(served3.url);
    await page.getByRole('button', { name: 'Diff' }).click();
    // Boot 2 wrote slots 3 and 4 (a new Panic#1).
    await expect(page.getByTestId('diff-summary')).toContainText('2 written');
    await expect(page.getByTestId('diff-header')).toContainText('record_count');
    await expect(page.locator('[data-testid="diff-slots"] [data-kind="written"]')).toHaveText(['3', '4']);
    await expect(page.getByTestId('diff-records')).toContainText('+ 0x6b02512a00000001 slot 3');
    await expect(page.getByTestId('diff-dumps')).toContainText('+ Panic#1 of boot 0x6b02512a · 2 parts');
    const bytes = page.getByTestId('diff-bytes');
    await expect(bytes).toContainText('Slot 3');
    await expect(bytes.locator('.d').first()).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/diff.png` });
    // Boot 3 cleared slot 1: its bytes stay, only the map entry went.
    await page.getByTestId('diff-before').selectOption({ label: 'backing.after-boot2' });
    await page.getByTestId('diff-after').selectOption({ label: 'backing.after-boot3' });
    await expect(page.getByTestId('diff-summary')).toContainText('1 cleared');
    await expect(page.locator('[data-testid="diff-slots"] [data-kind="cleared"]')).toHaveText(['1']);
    await expect(page.getByTestId('diff-records')).toContainText('~ 0x6b02511d00000001 slot 1 · cleared, still recoverable');
    await expect(bytes).toContainText('only its map entry was zeroed');
    await page.screenshot({ path: `${SCREENS}/diff-cleared.png` });
  });
});
