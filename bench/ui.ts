import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { generateStore, type GeneratedBoot } from '../shared/generate/store';
import { openEvidence } from '../main/services/decode-file';
import { inspectReport } from '../main/services/inspect';
import type { BenchResult } from './report';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A store of `size` bytes with `dumps` pstore dumps (alternately deflated and stored). */
function makeStore(dir: string, name: string, size: number, dumps: number): string {
  const boots: GeneratedBoot[] = Array.from({ length: dumps }, (_, i) => ({
    bootTime: 1_700_000_000 + i * 600,
    dumps: [{ reason: i % 5 ? 'Panic' : 'Oops', lines: 260, compressed: i % 2 === 0 }],
  }));
  const path = join(dir, name);
  writeFileSync(path, generateStore({ size, boots, seed: 11 }).bytes);
  return path;
}

async function serve(file: string): Promise<{ url: string; stop(): void }> {
  const proc = spawn('node', ['bin/erst-viewer.js', 'serve', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c) => {
      out += c;
      const m = /serving on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  return { url, stop: () => proc.kill('SIGTERM') };
}

/** Baseline: the same decode in-process, no browser (what `inspect --json` costs). */
function decodeMs(file: string): number {
  const t0 = performance.now();
  const ev = openEvidence(file);
  inspectReport(ev);
  ev.file.close();
  return performance.now() - t0;
}

/** `erst-viewer serve FILE` → page open → records table's first rows painted (after a frame). */
async function firstRowsMs(browser: Browser, file: string): Promise<number> {
  // The clock starts before serve starts: serve decodes the files it is given before it listens.
  const t0 = performance.now();
  const s = await serve(file);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(s.url);
    await page.locator('button[data-view="records"]').click();
    await page.locator('[data-record-id]').first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return performance.now() - t0;
  } finally {
    await page.close();
    s.stop();
  }
}

/** Frame intervals while the hex pane scrolls by wheel (and one scaled-scrollbar jump); idle frames as baseline. */
async function hexFrames(browser: Browser, file: string): Promise<{ idleMs: number; p50: number; p95: number; jumpMs: number }> {
  const s = await serve(file);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(s.url);
    await page.locator('button[data-view="records"]').click();
    await page.locator('[data-record-id]').first().click();
    const hex = page.getByTestId('hex');
    await hex.waitFor();
    const sample = () => page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      let last = performance.now();
      const tick = (t: number) => {
        w.__frames.push(t - last);
        last = t;
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const collect = () => page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames.slice(2);
    });
    await sample();
    await page.waitForTimeout(1000);
    const idle = await collect();
    const box = (await hex.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await sample();
    for (let i = 0; i < 120; i++) await page.mouse.wheel(0, i % 40 < 30 ? 240 : -240);
    await page.waitForTimeout(200);
    const scrolling = (await collect()).sort((a, b) => a - b);
    const idleSorted = idle.sort((a, b) => a - b);
    // Jump through the scaled scrollbar to the middle of the file; time until that row is drawn.
    const jumpMs = await hex.evaluate(async (el) => {
      const t0 = performance.now();
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      while (el.querySelector('.b.wait')) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - t0;
    });
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
    return { idleMs: q(idleSorted, 0.5), p50: q(scrolling, 0.5), p95: q(scrolling, 0.95), jumpMs };
  } finally {
    await page.close();
    s.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const out: BenchResult[] = [];
  try {
    const stores = [
      { label: '16 MiB (S5-sized, full)', path: makeStore(dir, 's5.bin', 16 * 1024 * 1024, 1100) },
      { label: '1 GiB (400 dumps)', path: makeStore(dir, 'big.bin', 1024 * 1024 * 1024, 400) },
    ];
    for (const st of stores) {
      const base = decodeMs(st.path);
      const ms = await firstRowsMs(browser, st.path);
      out.push({ name: `open → first rows painted, ${st.label}`, value: ms, unit: 'ms', baseline: { name: 'in-process decode + report', value: base, unit: 'ms' }, ratio: ms / base });
    }
    const f = await hexFrames(browser, stores[1].path);
    out.push({ name: 'hex pane frame time while wheel-scrolling, 1 GiB (p50)', value: f.p50, unit: 'ms', baseline: { name: 'idle frame', value: f.idleMs, unit: 'ms' }, ratio: f.p50 / f.idleMs });
    out.push({ name: 'hex pane frame time while wheel-scrolling, 1 GiB (p95)', value: f.p95, unit: 'ms', baseline: { name: 'idle frame', value: f.idleMs, unit: 'ms' }, ratio: f.p95 / f.idleMs });
    out.push({ name: 'hex pane scaled-scrollbar jump to mid-file, rows drawn', value: f.jumpMs, unit: 'ms', baseline: { name: 'idle frame', value: f.idleMs, unit: 'ms' }, ratio: f.jumpMs / f.idleMs });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
