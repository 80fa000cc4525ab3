/**
 * The CLI's export of a large CPER stream runs in flat memory: the child process's peak RSS
 * (its own getrusage maxRSS, reported on exit) stays under a generous bound that the
 * whole-file path (full decode, inspect report, one JSON buffer) exceeds several times over.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const LIBCPER = join(ROOT, 'tests', 'fixtures', 'corpus', 'libcper');
const RECORDS = 30_000;
const BOUND_MIB = 300;
const tmp = mkdtempSync(join(tmpdir(), 'erst-memory-'));
// Bundled inside the checkout so the bundle's dependencies resolve from node_modules.
const bundleDir = mkdtempSync(join(ROOT, 'node_modules', '.erst-memory-'));
const cli = join(bundleDir, 'cli.mjs');

beforeAll(async () => {
  await build({
    entryPoints: [join(ROOT, 'main', 'cli', 'main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}, 60_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

/** Runs the bundled CLI (argv[1] stands for the script); the child prints its peak RSS (KiB) on stderr as it exits. */
function run(...args: string[]): { code: number | null; rssMiB: number; err: string } {
  const probe = `process.on('exit',()=>process.stderr.write('MAXRSS '+process.resourceUsage().maxRSS+'\\n'));await import(${JSON.stringify(cli)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, 'erst-viewer', ...args], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const kib = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
  return { code: r.status, rssMiB: kib / 1024, err: r.stderr };
}

describe('export of a large CPER stream stays in bounded memory', () => {
  it(`${RECORDS} mixed records to CPER-JSON, peak RSS under ${BOUND_MIB} MiB`, () => {
    const recs = readdirSync(LIBCPER)
      .filter((f) => f.endsWith('.cper'))
      .sort()
      .map((f) => readFileSync(join(LIBCPER, f)));
    const input = join(tmp, 'stream.cper');
    const fd = openSync(input, 'w');
    let bytes = 0;
    for (let i = 0; i < RECORDS; i++) bytes += writeSync(fd, recs[i % recs.length]);
    closeSync(fd);
    const json = join(tmp, 'out.json');
    const r = run('export', input, '--json', json, '--quiet');
    expect(r.code, r.err).toBeLessThanOrEqual(1);
    expect(r.rssMiB).toBeGreaterThan(0);
    // The output is far larger than the bound: it was written as it went, not held.
    expect(statSync(json).size).toBeGreaterThan((BOUND_MIB * 1024 * 1024) / 3);
    expect(bytes).toBeGreaterThan(10_000_000);
    expect(r.rssMiB).toBeLessThan(BOUND_MIB);
    const head = readFileSync(json).subarray(0, 200).toString();
    expect(head.startsWith('[\n  {\n    "header": {')).toBe(true);
  }, 120_000);
});
