import { spawn } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeFile } from './gen-store-file';
import type { BenchResult } from './report';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The browser as a user runs it. Chromium raises its own display threads to nice -8 when it
 * may: as root (CAP_SYS_NICE) it can, as any other user it cannot, and the server and the
 * file's worker would then wait behind it for a CPU far longer than beside a user's browser.
 * So as root it is started without CAP_SYS_NICE (util-linux setpriv), through a wrapper script.
 */
function userBrowser(chromiumPath: string): { path: string; how: string; cleanup(): void } {
  const setpriv = '/usr/bin/setpriv';
  if (process.getuid?.() !== 0 || !existsSync(setpriv)) return { path: chromiumPath, how: 'as this user', cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'erst-bench-chromium-'));
  const path = join(dir, 'chromium');
  writeFileSync(path, `#!/bin/sh\nexec ${setpriv} --inh-caps=-sys_nice --bounding-set=-sys_nice -- ${chromiumPath} "$@"\n`);
  chmodSync(path, 0o755);
  return { path, how: 'as root without CAP_SYS_NICE, as a user runs it', cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Served {
  url: string;
  origin: string;
  token: string;
  pid: number;
  stop(): void;
}

/**
 * Starts the server as a user does, from a shell of its own: in a session of its own (detached),
 * which Linux schedules as a group of its own. Started in this process's session, it would
 * share one group's CPU time with this harness and the browser driver, which a user's server
 * does not.
 */
async function serve(file: string): Promise<Served> {
  const proc = spawn('node', ['bin/erst-viewer.js', 'serve', file, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  // Not in this process's session, so not ended with it: stopped when the bench ends, however it ends.
  const stop = () => proc.kill('SIGTERM');
  process.once('exit', stop);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c) => {
      out += c;
      const m = /serving on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    pid: proc.pid!,
    stop: () => {
      process.off('exit', stop);
      stop();
    },
  };
}

/** A plain read + sha256 of the file, in process (the least any open must do), quoted beside the paint figures. */
function readHashMs(file: string): number {
  const t0 = performance.now();
  const h = createHash('sha256');
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  closeSync(fd);
  h.digest();
  return performance.now() - t0;
}

/**
 * How long the server's main thread has been runnable but waiting for a CPU, in ms (Linux
 * schedstat; undefined elsewhere). A reply is late by that much whatever the server does.
 */
function runQueueWaitMs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * Calls the server back to back (app.info, and files.list to see when indexing is done) and
 * keeps the slowest reply: during the open (until the file is indexed and the page has painted
 * its rows, whichever comes last), or for 200 calls on the idle server. It runs in a process of
 * its own, so a reply is timed when it arrives, not when this process (which also drives the
 * browser) gets round to it.
 */
const PROBE = `
const [origin, token, mode] = process.argv.slice(1);
await fetch('data:,');
// During an open: until the file is indexed and the page has painted its rows (stdin then ends).
let painted = false;
process.stdin.on('data', () => {}).on('end', () => (painted = true));
let slowest = 0, calls = 0;
for (let i = 0; ; i++) {
  const t0 = performance.now();
  const r = await fetch(origin + '/api/call', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: JSON.stringify({ channel: i % 2 ? 'app.info' : 'files.list', args: {} }),
  });
  const body = await r.json();
  // The first call sets up the connection (before the page is opened): not a reply time.
  if (calls++ === 0) process.stdout.write('ready\\n');
  else slowest = Math.max(slowest, performance.now() - t0);
  if (mode === 'open') {
    if (painted && i % 2 === 0 && body.result.length && body.result.every((f) => f.status !== 'indexing')) break;
  } else if (calls >= 200) break;
  await new Promise((r) => setTimeout(r, 5));
}
process.stdout.write(JSON.stringify({ slowestMs: slowest, calls }));
`;

/**
 * Starts the probe: `ready` once it has had its first reply, `painted` to call once the page
 * shows its rows (an open's probe then stops when the file is indexed), `done` with what it
 * measured.
 */
function probe(
  s: Served,
  mode: 'open' | 'idle',
): { ready: Promise<void>; painted(): void; done: Promise<{ slowestMs: number; calls: number }> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, s.origin, s.token, mode], {
    stdio: [mode === 'open' ? 'pipe' : 'ignore', 'pipe', 'inherit'],
    // Another program calling the server, in a session of its own like the server's (see serve).
    detached: true,
  });
  let out = '';
  let started: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  child.stdout!.on('data', (c) => {
    out += c;
    if (out.startsWith('ready\n')) started();
  });
  const done = new Promise<{ slowestMs: number; calls: number }>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`probe exited ${code}`)))),
  );
  return { ready, painted: () => child.stdin?.end(), done };
}

/**
 * Marks, in page time (ms since navigation): when the open progress (or the overview) is first
 * painted, and when the first records-table row is. Painted means what the browser reports
 * through Element Timing (the elements carry `elementtiming`): the time the frame showing them
 * was presented, not when they entered the document (a page can take its first paint long
 * after its markup is parsed, behind its scripts). A page without those attributes (an older
 * build) is marked at the second animation frame after the element is in the document. The
 * Records view is chosen as soon as its button exists, as a user would.
 */
const MARKS = () => {
  const w = window as unknown as { __marks: Record<string, number>; __frameMarks: Record<string, number> };
  w.__marks = {};
  w.__frameMarks = {};
  const MARK: Record<string, string> = { 'open-progress': 'progress', 'record-count': 'progress', 'record-row': 'rows' };
  // Each mark is told on the console too: the bench waits for it there, as polling the page
  // from outside would run the harness's own script in the page while it loads.
  const at = (mark: string, t: number) => {
    w.__marks[mark] = Math.min(w.__marks[mark] ?? Infinity, t);
    console.debug(`erst-bench-mark painted ${mark}`);
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[]) {
      const mark = MARK[e.identifier];
      if (mark && e.renderTime) at(mark, e.renderTime);
    }
  }).observe({ type: 'element', buffered: true });
  // An element replaced before the browser reports its paint has no Element Timing entry (the
  // page's first markup, replaced when the app starts): the first contentful paint is its paint
  // when the progress was in the page by then.
  let progressSince: number | undefined;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.name === 'first-contentful-paint' && progressSince !== undefined && progressSince <= e.startTime) at('progress', e.startTime);
  }).observe({ type: 'paint', buffered: true });
  let clicked = false;
  const seen = new Set<string>();
  const framed = (mark: string) => {
    if (seen.has(mark)) return;
    seen.add(mark);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        w.__frameMarks[mark] ??= performance.now();
        console.debug(`erst-bench-mark framed ${mark}`);
      }),
    );
  };
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="open-progress"], [data-testid="record-count"], [data-testid="records-view"]')) {
      progressSince ??= performance.now();
      framed('progress');
    }
    const btn = document.querySelector<HTMLButtonElement>('button[data-view="records"]');
    if (btn && !clicked) {
      clicked = true;
      btn.click();
    }
    if (document.querySelector('[data-record-id]')) framed('rows');
  }).observe(document, { subtree: true, childList: true });
};

type Marks = { __marks: Record<string, number>; __frameMarks: Record<string, number> };

/**
 * When the page is opened: `now`, as soon as the server answers (the worst moment: every
 * thread of the server is starting); `user`, USER_DELAY_MS later, the earliest a person opens
 * the URL the server printed.
 */
type Moment = 'now' | 'user';
const USER_DELAY_MS = 500;
const MOMENT: Record<Moment, string> = {
  now: 'opened as soon as the server answers',
  user: `opened ${USER_DELAY_MS} ms after the server answers, as a user at the earliest`,
};

/**
 * One open of `file` in a new server and page, at `moment`: paint marks, and with `probed` the
 * server's slowest reply meanwhile. A probe costs CPU a user's machine does not spend (two
 * processes calling each other every few ms), so paint figures come from opens without one.
 */
async function openMarks(
  browser: Browser,
  file: string,
  moment: Moment,
  probed: boolean,
): Promise<{
  progressMs: number;
  rowsMs: number;
  how: string;
  reply?: { slowestMs: number; idleSlowestMs: number; waitMs: number | undefined };
  /** Was the file still being indexed when the page was opened (asked for `user` opens only)? */
  indexing?: boolean;
  page: Page;
  s: Served;
}> {
  const s = await serve(file);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(MARKS);
  const wait0 = runQueueWaitMs(s.pid);
  const busy = probed ? probe(s, 'open') : undefined;
  if (busy) await busy.ready;
  else await answered(s);
  if (moment === 'user') await new Promise((r) => setTimeout(r, USER_DELAY_MS));
  const indexing = moment === 'user' ? await stillIndexing(s) : undefined;
  const mark = (m: string) => page.waitForEvent('console', { predicate: (c) => c.text() === `erst-bench-mark ${m}`, timeout: 600_000 });
  const framed = mark('framed rows');
  const painted = mark('painted rows');
  await page.goto(s.url);
  await framed;
  const timed = await page.evaluate(() => !!document.querySelector('[elementtiming="record-row"]'));
  if (timed) await painted;
  else painted.catch(() => undefined);
  const marks = await page.evaluate(() => {
    const w = window as unknown as Marks;
    return { et: w.__marks, frame: w.__frameMarks };
  });
  let reply;
  if (busy) {
    busy.painted();
    const during = await busy.done;
    const wait1 = runQueueWaitMs(s.pid);
    const idle = await probe(s, 'idle').done;
    reply = {
      slowestMs: during.slowestMs,
      idleSlowestMs: idle.slowestMs,
      waitMs: wait0 === undefined || wait1 === undefined ? undefined : wait1 - wait0,
    };
  }
  return {
    progressMs: marks.et.progress ?? marks.frame.progress,
    rowsMs: marks.et.rows ?? marks.frame.rows,
    how: timed ? 'painted, by Element Timing' : 'second animation frame after insertion (no elementtiming in this build)',
    reply,
    indexing,
    page,
    s,
  };
}

const call = async (s: Served, channel: string): Promise<{ result: unknown }> => {
  const r = await fetch(s.origin + '/api/call', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + s.token },
    body: JSON.stringify({ channel, args: {} }),
  });
  return (await r.json()) as { result: unknown };
};

/** Resolves once the server has answered a call. */
async function answered(s: Served): Promise<void> {
  await call(s, 'app.info');
}

/** Is a file the server opened still being indexed? */
async function stillIndexing(s: Served): Promise<boolean> {
  return ((await call(s, 'files.list')).result as { status: string }[]).some((f) => f.status === 'indexing');
}

async function frames(page: Page, target: string, idleMs: number): Promise<{ p50: number; p95: number; idle: number }> {
  const start = () =>
    page.evaluate(() => {
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
  const collect = () =>
    page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames.slice(2).sort((a, b) => a - b);
    });
  await start();
  await page.waitForTimeout(idleMs);
  const idle = await collect();
  const box = (await page.locator(target).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await start();
  for (let i = 0; i < 150; i++) await page.mouse.wheel(0, i % 50 < 40 ? 600 : -600);
  await page.waitForTimeout(200);
  const scrolling = await collect();
  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  return { p50: q(scrolling, 0.5), p95: q(scrolling, 0.95), idle: q(idle, 0.5) };
}

/**
 * The server indexing a store with no page open (started with the file, as `serve FILE` is):
 * its slowest reply until the store is indexed, and of 200 calls once it is.
 */
async function serverOnly(file: string): Promise<{ slowestMs: number; idleSlowestMs: number; calls: number }> {
  const s = await serve(file);
  try {
    // No page: the probe stops once the file is indexed.
    const busy = probe(s, 'open');
    busy.painted();
    const during = await busy.done;
    return { slowestMs: during.slowestMs, calls: during.calls, idleSlowestMs: (await probe(s, 'idle').done).slowestMs };
  } finally {
    s.stop();
  }
}

type Open = Awaited<ReturnType<typeof openMarks>>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Closes the page and stops the server of an open. */
const close = async (o: Open) => {
  await o.page.close();
  o.s.stop();
};

type Opened = Record<Moment, { paint: Open[]; probed: Open[] }>;

/**
 * Opens `path` `rounds` times at each moment, with and without the probe, in turn, each in a
 * new server and page; the last page is left open.
 */
async function openRounds(browser: Browser, path: string, rounds: number): Promise<Opened & { last: Open }> {
  const by: Opened = { now: { paint: [], probed: [] }, user: { paint: [], probed: [] } };
  let last: Open | undefined;
  for (let r = 0; r < rounds; r++)
    for (const moment of ['now', 'user'] as const)
      for (const probed of [false, true]) {
        if (last) await close(last);
        last = await openMarks(browser, path, moment, probed);
        by[moment][probed ? 'probed' : 'paint'].push(last);
      }
  return { ...by, last: last! };
}

export async function run(): Promise<BenchResult[]> {
  // This process's fetch loads its HTTP client on first use (tens of ms): done here, on a data:
  // URL, so the first timed reply measures the server, not the client starting.
  await fetch('data:,');
  const user = userBrowser(process.env.CHROMIUM ?? '/usr/bin/chromium');
  console.log(`Chromium runs ${user.how}`);
  const browser = await chromium.launch({ executablePath: user.path, args: CHROMIUM_ARGS });
  const out: BenchResult[] = [];
  const rounds = Number(process.env.ERST_BENCH_ROUNDS ?? 3);
  try {
    // The floor: the same page opening a store of 8 slots, where the page itself is all the
    // work. It is opened first, in the same browser, so every store after it meets a browser
    // that has loaded the page before (as a user's has).
    const floor = await openRounds(browser, storeFile(64 * 1024).path, rounds);
    await close(floor.last);
    const slowestOf = (o: Open) => o.reply!.slowestMs;
    const stores = [
      { label: '16 MiB full store (DMESG_Z, 3-part dumps)', path: storeFile(16 * 1024 * 1024).path },
      { label: '1 GiB full store (131,000 DMESG_Z records)', path: storeFile(1024 * 1024 * 1024).path },
    ];
    const each = (opens: Open[], f: (o: Open) => number) => opens.map((o) => f(o).toFixed(0)).join(', ');
    for (const [n, st] of stores.entries()) {
      const base = readHashMs(st.path);
      const opened = await openRounds(browser, st.path, rounds);
      const m = opened.last;
      for (const moment of ['now', 'user'] as const) {
        const { paint, probed } = opened[moment];
        const low = floor[moment];
        const floorOf = (opens: Open[], f: (o: Open) => number) => median(opens.map(f));
        const baseline = `the same page opening a 64 KiB store (8 slots), ${moment === 'now' ? 'as soon' : 'as late'}`;
        const still =
          moment === 'user'
            ? `; still being indexed when opened: ${[...paint, ...probed].filter((o) => o.indexing).length} of ${paint.length + probed.length}`
            : '';
        const progress = median(paint.map((o) => o.progressMs));
        const rows = median(paint.map((o) => o.rowsMs));
        const slowest = median(probed.map(slowestOf));
        const waits = probed.map((o) => o.reply!.waitMs).filter((w): w is number => w !== undefined);
        out.push({
          name: `navigation → open progress (or overview) shown, ${st.label}, ${MOMENT[moment]}`,
          value: progress,
          unit: 'ms',
          baseline: { name: baseline, value: floorOf(low.paint, (o) => o.progressMs), unit: 'ms' },
          ratio: progress / floorOf(low.paint, (o) => o.progressMs),
          note: `median of ${paint.length}: ${each(paint, (o) => o.progressMs)} ms (64 KiB: ${each(low.paint, (o) => o.progressMs)}); ${m.how}${still}; plain read + sha256 of the file: ${base.toFixed(0)} ms`,
        });
        out.push({
          name: `navigation → first records rows painted, ${st.label}, ${MOMENT[moment]}`,
          value: rows,
          unit: 'ms',
          baseline: { name: baseline, value: floorOf(low.paint, (o) => o.rowsMs), unit: 'ms' },
          ratio: rows / floorOf(low.paint, (o) => o.rowsMs),
          note: `median of ${paint.length}: ${each(paint, (o) => o.rowsMs)} ms (64 KiB: ${each(low.paint, (o) => o.rowsMs)}); with the probe: ${each(probed, (o) => o.rowsMs)} ms`,
        });
        out.push({
          name: `server's slowest reply from its start until the store is indexed and the page has painted its rows, ${st.label}, ${MOMENT[moment]}`,
          value: slowest,
          unit: 'ms',
          baseline: {
            name: `the same for the 64 KiB store, ${moment === 'now' ? 'as soon' : 'as late'}`,
            value: floorOf(low.probed, slowestOf),
            unit: 'ms',
          },
          ratio: slowest / floorOf(low.probed, slowestOf),
          note:
            `median of ${probed.length}: ${each(probed, slowestOf)} ms (64 KiB: ${each(low.probed, slowestOf)} ms); slowest of 200 once indexed: ${m.reply!.idleSlowestMs.toFixed(0)} ms` +
            (waits.length
              ? `; the server's main thread waited for a CPU ${waits.map((w) => w.toFixed(0)).join(', ')} ms in all during each open`
              : ''),
        });
      }
      if (n === 1) {
        const alone: Awaited<ReturnType<typeof serverOnly>>[] = [];
        for (let r = 0; r < rounds; r++) alone.push(await serverOnly(st.path));
        const slowestAlone = median(alone.map((a) => a.slowestMs));
        const idleAlone = median(alone.map((a) => a.idleSlowestMs));
        out.push({
          name: `server's slowest reply while the file is indexed, no page open, ${st.label}`,
          value: slowestAlone,
          unit: 'ms',
          baseline: { name: 'slowest of 200 calls once it is indexed', value: idleAlone, unit: 'ms' },
          ratio: slowestAlone / idleAlone,
          note: `median of ${alone.length}: ${alone.map((a) => `${a.slowestMs.toFixed(0)} ms of ${a.calls} calls`).join(', ')}`,
        });
        const r = await frames(m.page, '[data-testid="records-body"]', 1000);
        out.push({
          name: `records table frame while wheel-scrolling, ${st.label} (p95)`,
          value: r.p95,
          unit: 'ms',
          baseline: { name: 'idle frame', value: r.idle, unit: 'ms' },
          ratio: r.p95 / r.idle,
          note: `p50 ${r.p50.toFixed(1)} ms`,
        });
        await m.page.locator('button[data-view="dmesg"]').click();
        await m.page.locator('[data-testid="dmesg-text"] [data-line="0"] .t').waitFor();
        const d = await frames(m.page, '[data-testid="dmesg-text"]', 1000);
        out.push({
          name: `dmesg view frame while wheel-scrolling a dump, ${st.label} (p95)`,
          value: d.p95,
          unit: 'ms',
          baseline: { name: 'idle frame', value: d.idle, unit: 'ms' },
          ratio: d.p95 / d.idle,
          note: `p50 ${d.p50.toFixed(1)} ms`,
        });
      }
      await close(m);
    }
  } finally {
    await browser.close();
    user.cleanup();
  }
  return out;
}
