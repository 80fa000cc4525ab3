import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { generateStore } from '../../shared/generate/store';
import { serve, test, expect, type Served } from './serve-fixture';

/**
 * A full 128 MiB store (16,380 DMESG records in 2-part dumps, generated here, never committed)
 * in serve mode: rows, a record and a dump's text are read while a probe keeps calling the
 * server, which must answer every probe (indexing and decoding run off its main thread).
 */
const SIZE = 128 * 1024 * 1024;
const BOOTS = 8300;

let dir: string;
let served: Served;
let proc: ChildProcess;
let lastDump: string;
let parts: number;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = mkdtempSync(join(tmpdir(), 'e2e-scale-'));
  const boots = Array.from({ length: BOOTS }, (_, i) => ({
    bootTime: 1_700_000_000 + i * 600,
    dumps: [{ reason: i % 5 ? 'Panic' : 'Oops', lines: 300, compressed: false }],
  }));
  const g = generateStore({ size: SIZE, boots, seed: 7 });
  parts = g.parts.length;
  // The most recent dump that reached the store (the store filled up before the last boots).
  const last = g.parts[g.parts.length - 1];
  const boot = Number(BigInt(last.recordId) >> 32n);
  lastDump = g.dumps.find((d) => d.bootTime === boot && d.reason === last.reason && d.count === last.count)!.text;
  writeFileSync(join(dir, 'full.erst'), g.bytes);
  ({ served, proc } = await serve([join(dir, 'full.erst')]));
});
test.afterAll(() => {
  proc?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Calls app.info and files.list over and over until stopped; counts answers and keeps the slowest. */
function probe(s: Served) {
  let stop = false;
  const seen = { answers: 0, failures: [] as string[], slowestMs: 0 };
  const run = (async () => {
    for (let i = 0; !stop; i++) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${s.origin}/api/call`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}` },
          body: JSON.stringify({ channel: i % 2 ? 'app.info' : 'files.list', args: {} }),
          signal: AbortSignal.timeout(2_000),
        });
        const body = (await r.json()) as { ok: boolean };
        if (!body.ok) seen.failures.push(`reply ${i}: not ok`);
        else seen.answers++;
      } catch (e) {
        seen.failures.push(`reply ${i}: ${(e as Error).message}`);
      }
      seen.slowestMs = Math.max(seen.slowestMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { seen, done: async () => ((stop = true), await run, seen) };
}

test('the first response shows the file being opened, before any script runs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(served.url);
    // Opening (before the first progress), indexing (how far) or opened (how many records),
    // whichever it is when the page is asked for.
    await expect(page.getByTestId('open-progress')).toHaveText(
      /^(Opening full\.erst…|Indexing full\.erst: \d+(\.\d)? MiB of 128 MiB|Opened full\.erst: \d+ records)/,
    );
    await expect(page.getByTestId('open-progress').locator('progress')).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a full 128 MiB store: rows, a record and a dump while the server keeps answering', async ({ page, problems }) => {
  void problems;
  test.setTimeout(240_000);
  const p = probe(served);
  await page.goto(served.url);
  // While it is indexed, the overview shows progress (or already the result on a fast machine).
  await expect(page.getByTestId('open-progress').or(page.getByTestId('record-count'))).toBeVisible();
  await expect(page.getByTestId('record-count')).toContainText(`${parts} (`, { timeout: 180_000 });

  await page.getByRole('button', { name: 'Records' }).click();
  await expect(page.getByTestId('row-count')).toHaveText(`${parts} of ${parts}`);
  await expect(page.locator('[data-record-id]').first()).toBeVisible();
  // Far down the table: the rows there are fetched by window.
  const body = page.getByTestId('records-body');
  await body.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  const mid = page.locator('[data-index]').filter({ hasNot: page.locator('.wait') });
  await expect(mid.first()).toBeVisible();
  const index = Number(await mid.nth(3).getAttribute('data-index'));
  expect(index).toBeGreaterThan(parts / 3);
  await mid.nth(3).click();
  await expect(page.getByTestId('record-view')).toBeVisible();
  await page.getByTestId('record-text-toggle').click();
  await expect(page.getByTestId('record-text')).toContainText(/^(Panic|Oops)#\d+ Part\d/);

  // The dmesg view opens the most recent dump; its lines are the generator's.
  await page.getByRole('button', { name: 'dmesg' }).click();
  const text = page.getByTestId('dmesg-text');
  const lines = lastDump.replace(/\n$/, '').split('\n');
  await expect(text).toHaveAttribute('aria-rowcount', String(lines.length));
  await expect(text.locator('[data-line="0"] .t')).toHaveText(lines[0]);
  await text.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(text.locator(`[data-line="${lines.length - 1}"] .t`)).toHaveText(lines[lines.length - 1]);

  const seen = await p.done();
  expect(seen.failures).toEqual([]);
  expect(seen.answers).toBeGreaterThan(10);
  // Generous: a probe reply waits behind no decoding (the target for the bench is 50 ms).
  expect(seen.slowestMs).toBeLessThan(2_000);
});
