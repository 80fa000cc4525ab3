import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const SIZE = 64 * 1024 * 1024;
const RUNS = 10;
let dir: string;
let child: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'erst-kill-'));
  child = join(dir, 'child.mjs');
  buildSync({
    entryPoints: [join(__dirname, 'kill-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sha256 of what the child writes for `seed`: 1 MiB chunks filled with (seed + i) & 0xff. */
function expectedHash(seed: number): string {
  const h = createHash('sha256');
  const chunk = new Uint8Array(1 << 20);
  for (let i = 0; i * chunk.length < SIZE; i++) h.update(chunk.fill((seed + i) & 0xff));
  return h.digest('hex');
}

/** Deterministic kill points: a line number to wait for (chunk k, "commit" or "done"). */
function killPoints(): number[] {
  let s = 0x9e3779b9;
  const next = (): number => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0), s);
  const n = SIZE >> 20;
  const pts = [0, n, n + 1];
  while (pts.length < RUNS) pts.push(next() % (n + 2));
  return pts;
}

function runAndKill(target: string, seed: number, killAfterLine: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, target, String(SIZE), String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        buf = buf.slice(i + 1);
        if (lines++ === killAfterLine) p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 'killed' : 'finished'));
  });
}

describe('atomic writes under SIGKILL', () => {
  it('leaves the old content or the complete new content, never a torn file', async () => {
    const target = join(dir, 'save.bin');
    const outcomes: string[] = [];
    let previous: string | undefined;
    const points = killPoints();
    for (let run = 0; run < points.length; run++) {
      const seed = run * 7 + 1;
      if (run % 2 === 0) {
        writeFileSync(target, 'old content\n');
        previous = createHash('sha256').update('old content\n').digest('hex');
      }
      await runAndKill(target, seed, points[run]);
      if (!existsSync(target)) {
        expect(previous).toBeUndefined();
        outcomes.push('absent');
        continue;
      }
      const got = createHash('sha256').update(readFileSync(target)).digest('hex');
      const isNew = got === expectedHash(seed);
      expect(isNew || got === previous, `run ${run}: the target is torn`).toBe(true);
      outcomes.push(isNew ? 'new' : 'old');
      previous = got;
      // Temporaries never carry the target's name; a killed writer can only leave hidden .tmp files.
      for (const n of readdirSync(dir))
        expect(n === 'save.bin' || n === 'child.mjs' || /^\.save\.bin\.\d+\.[0-9a-f]+\.tmp$/.test(n), n).toBe(true);
    }
    // The kill points include "before the first chunk" and "after done", so both outcomes occur.
    expect(outcomes).toContain('old');
    expect(outcomes).toContain('new');
  });
});
