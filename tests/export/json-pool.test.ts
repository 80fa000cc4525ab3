/**
 * CPER-JSON written by batches on worker threads (main/json-pool) must be the text one writer
 * gives for the same records, whoever wrote each batch: this thread, a worker, or this thread
 * again after a worker died. The worker runs from its bundle (dist/json-worker.js, built by
 * `npm run build` before the tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CperJsonStream } from '../../shared/export/cper-json/stream';
import { CperJsonPool, type JsonPoolOptions } from '../../main/json-pool/pool';
import { prestartThreads, takePrestarted } from '../../main/json-pool/threads';
import { concatBytes } from '../../shared/bytes/concat';
import { backings, corpusBytes } from '../helpers/corpus';

const ROOT = join(import.meta.dirname, '..', '..');
const LIBCPER = join(ROOT, 'tests', 'fixtures', 'corpus', 'libcper');
const SCRIPT = join(ROOT, 'dist', 'json-worker.js');
const CLI = join(ROOT, 'dist', 'cli.js');

/** The libcper records, then every slot of a real store (pstore parts), cycled to `n`. */
function records(n: number): Uint8Array[] {
  const recs = readdirSync(LIBCPER)
    .filter((f) => f.endsWith('.cper'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(LIBCPER, f))));
  const store = corpusBytes(backings()[0]);
  const rs = store[8] | (store[9] << 8) | (store[10] << 16) | (store[11] << 24);
  for (let at = rs; at + rs <= store.length; at += rs) {
    if (store[at] === 0x43 && store[at + 1] === 0x50) recs.push(store.slice(at, at + rs));
  }
  return Array.from({ length: n }, (_, i) => recs[i % recs.length]);
}

function oneWriter(recs: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const s = new CperJsonStream((c) => parts.push(c.slice()), 2);
  for (const r of recs) s.record(r, 0, r.length);
  s.finish();
  return concatBytes(parts);
}

async function pooled(recs: Uint8Array[], opts: JsonPoolOptions): Promise<{ text: Uint8Array; by: CperJsonPool['written'] }> {
  const parts: Uint8Array[] = [];
  const p = new CperJsonPool((c) => parts.push(c.slice()), { indent: 2, ...opts });
  // One reused buffer, as the file scan hands records over.
  const scratch = new Uint8Array(64 * 1024);
  for (const r of recs) {
    const b = r.length <= scratch.length ? scratch : new Uint8Array(r.length);
    b.set(r);
    p.record(b, 0, r.length);
    b.fill(0xee, 0, r.length);
  }
  await p.finish();
  return { text: concatBytes(parts), by: p.written };
}

function needBundle(): void {
  if (!existsSync(SCRIPT) || !existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
}

describe('CPER-JSON pool', () => {
  it('gives one writer’s text for 0, 1, 2 and many records on this thread', async () => {
    for (const n of [0, 1, 2, 3, 700]) {
      const recs = records(n);
      const want = oneWriter(recs);
      const { text } = await pooled(recs, { workers: 0, batchBytes: 8192 });
      expect(Buffer.from(text).equals(Buffer.from(want)), `${n} records`).toBe(true);
    }
  });

  it('gives the same text when batches are written on worker threads', async () => {
    needBundle();
    const recs = records(1500);
    const want = oneWriter(recs);
    const got = await pooled(recs, { workers: 2, batchBytes: 16 * 1024, script: SCRIPT });
    expect(got.by.workers).toBeGreaterThan(0);
    expect(got.text.length).toBe(want.length);
    expect(Buffer.from(got.text).equals(Buffer.from(want))).toBe(true);
  });

  it('adopts the threads the launcher started ahead, for its indent only', async () => {
    needBundle();
    const recs = records(900);
    const want = oneWriter(recs);
    const before = process.env.ERST_JSON_WORKERS;
    process.env.ERST_JSON_WORKERS = '1';
    try {
      prestartThreads(2, SCRIPT);
      const got = await pooled(recs, { workers: 1, batchBytes: 16 * 1024, script: SCRIPT });
      // Handed over once: nothing is left for a second pool.
      expect(takePrestarted(2)).toEqual([]);
      expect(got.by.workers).toBeGreaterThan(0);
      expect(Buffer.from(got.text).equals(Buffer.from(want))).toBe(true);
      // Threads started for another indent are stopped, and the pool starts its own.
      prestartThreads(4, SCRIPT);
      const other = await pooled(recs, { workers: 1, batchBytes: 16 * 1024, script: SCRIPT });
      expect(takePrestarted(4)).toEqual([]);
      expect(other.by.workers).toBeGreaterThan(0);
      expect(Buffer.from(other.text).equals(Buffer.from(want))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.ERST_JSON_WORKERS;
      else process.env.ERST_JSON_WORKERS = before;
    }
  });

  it('writes a dead worker’s batches itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-pool-'));
    const dies = join(dir, 'dies.mjs');
    writeFileSync(dies, 'process.exit(7);\n');
    const recs = records(400);
    const got = await pooled(recs, { workers: 1, batchBytes: 8192, script: dies });
    expect(got.by).toEqual({ workers: 0, here: expect.any(Number) });
    expect(got.by.here).toBeGreaterThan(10);
    expect(Buffer.from(got.text).equals(Buffer.from(oneWriter(recs)))).toBe(true);
  });

  it('`export --json` on a stream, whole process with workers, equals the one-writer text', () => {
    needBundle();
    const dir = mkdtempSync(join(tmpdir(), 'erst-pool-cli-'));
    const recs = records(3000);
    const input = join(dir, 'stream.cper');
    writeFileSync(input, concatBytes(recs));
    const out = join(dir, 'out.json');
    const r = spawnSync(process.execPath, [CLI, 'export', input, '--json', out, '--quiet'], {
      env: { ...process.env, ERST_JSON_WORKERS: '2' },
      encoding: 'utf8',
    });
    expect([0, 1], r.stderr).toContain(r.status);
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(oneWriter(recs)))).toBe(true);
  });
});
