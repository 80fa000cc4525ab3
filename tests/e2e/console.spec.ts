import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { cli } from '../helpers/cli';
import { linuxWriteLines } from '../../renderer/lib/console-parse';
import { serve, test, expect, type Served } from './serve-fixture';

/** The register-poke console in serve mode: a Linux-style write typed by hand must give the CLI's `emulate` bytes. */
const CPER = 'tests/fixtures/corpus/libcper/realistic-memory-sbe-corrected.cper';
const SIZE = 65536;
let served: Served;
let proc: ChildProcess;
let dir: string;
test.beforeAll(async () => {
  ({ served, proc } = await serve([]));
  dir = mkdtempSync(join(tmpdir(), 'e2e-console-'));
});
test.afterAll(() => {
  proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** What `erst-viewer emulate --size SIZE --accesses … --save` leaves in the store. */
async function cliStore(accesses: unknown[]): Promise<Buffer> {
  const acc = join(dir, `acc-${Math.random().toString(36).slice(2)}.json`);
  const out = acc + '.erst';
  writeFileSync(acc, JSON.stringify(accesses));
  const r = await cli('emulate', '--size', String(SIZE), '--accesses', acc, '--save', out, '--json');
  expect(r.code, r.err).toBe(0);
  return readFileSync(out);
}

test('typed Linux write sequence: record in slot map and table, bytes equal the CLI emulate; undo restores', async ({ page, problems }) => {
  void problems;
  const rec = readFileSync(CPER);
  const hex = rec.toString('hex');
  const id = rec.readBigUInt64LE(96);
  const lines = linuxWriteLines(hex);
  const { parseCommand } = await import('../../renderer/lib/console-parse');
  const expected = await cliStore(lines.map((l) => (parseCommand(l) as { args: unknown }).args));
  const empty = await cliStore([]);

  await page.goto(served.url);
  await page.getByRole('button', { name: 'Console' }).click();
  await page.getByTestId('emu-size').fill(String(SIZE));
  await page.getByTestId('emu-start').click();
  const input = page.getByTestId('console-input');
  await expect(input).toBeEnabled();
  // Completion: Tab completes the action name.
  await input.fill('write action BEGIN_W');
  await input.press('Tab');
  await expect(input).toHaveValue(/^write action BEGIN_WRITE/);
  await input.fill('');
  for (const l of lines) {
    await input.fill(l);
    await input.press('Enter');
    await expect(page.getByTestId('console-out')).toContainText(`› ${l.slice(0, 40)}`);
  }
  const out = page.getByTestId('console-out');
  await expect(out).toContainText('EXECUTE_OPERATION');
  await expect(out).toContainText('write executed → command status SUCCESS (0)');
  await expect(out).toContainText(`0x${id.toString(16).padStart(16, '0')} (${id})`);
  await expect(out).toContainText('VALUE lo: command status SUCCESS');
  await expect(page.getByTestId('reg-operation')).toContainText('end (3)');
  // The new record in the table and the slot map, like any opened file.
  await expect(page.getByTestId('emu-records').locator(`[data-record-id="${id}"]`)).toBeVisible();
  await expect(page.locator('[data-testid="slot-map"] [data-slot="1"]')).toHaveClass(/live/);
  // History recall.
  await input.press('ArrowUp');
  await expect(input).toHaveValue('write action END');
  await input.fill('');
  await page.screenshot({ path: 'test-results/screens/console-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screens/console-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // Save store → a download whose bytes equal the CLI's.
  const dl1 = page.waitForEvent('download');
  await page.getByTestId('save-store').click();
  const saved = readFileSync((await (await dl1).path())!);
  expect(saved.length).toBe(SIZE);
  expect(saved.equals(expected)).toBe(true);

  // Undo to the start: the record goes, the store is the CLI's fresh store again.
  await page.getByTestId('undo-step').selectOption('0');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('emu-records').locator(`[data-record-id="${id}"]`)).toHaveCount(0);
  await expect(page.locator('[data-testid="slot-map"] [data-slot="1"]')).toHaveClass(/empty/);
  const dl2 = page.waitForEvent('download');
  await page.getByTestId('save-store').click();
  expect(readFileSync((await (await dl2).path())!).equals(empty)).toBe(true);
});

test('high-level operations and their meanings; a failed EXECUTE is explained', async ({ page, problems }) => {
  void problems;
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Console' }).click();
  await page.getByTestId('emu-size').fill('32768');
  await page.getByTestId('emu-start').click();
  const input = page.getByTestId('console-input');
  const run = async (l: string) => {
    await input.fill(l);
    await input.press('Enter');
  };
  await run('count');
  await expect(page.getByTestId('console-out')).toContainText('record count = 0');
  await run('read-record 1');
  await expect(page.getByTestId('console-out')).toContainText('RECORD_STORE_EMPTY');
  // After the read's END, operation is end: EXECUTE just succeeds. BEGIN_WRITE on an empty buffer fails.
  await run('write value 0x9c');
  await run('write action EXECUTE');
  await expect(page.getByTestId('console-out')).toContainText('end executed → command status SUCCESS (0)');
  await run('write action BEGIN_WRITE');
  await run('write action EXECUTE');
  await expect(page.getByTestId('console-out')).toContainText('write executed → command status FAILED (3)');
  await expect(page.getByTestId('reg-status')).toContainText('FAILED (3)');
  await run('ranges');
  await expect(page.getByTestId('console-out')).toContainText('length = 8192 bytes');
  await run('frobnicate');
  await expect(page.getByTestId('console-out')).toContainText('unknown command "frobnicate"');
});
