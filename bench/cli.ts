/**
 * Whole-process figures of the real CLI (`node dist/cli.js …`), wall time and peak RSS from
 * /usr/bin/time -v, each next to a baseline process measured in the same run:
 * - `export STREAM --json OUT` of 100,000 mixed CPER records (the libcper corpus cycled),
 *   against reading the same file and JSON.parse of the JSON the export wrote;
 * - `inspect` and `inspect --json` of a full 1 GiB store (every slot a DMESG_Z part, dumps of
 *   3 parts), against a plain read + sha256 of the same file;
 * - `inspect` of a 4 GiB sparse store: memory stays bounded (no whole-file buffer).
 * ERST_BENCH_CLI points at another build of the CLI (e.g. the previous commit's) to compare.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './report';
import { storeFile } from './gen-store-file';
import { STORE_HEADER_SIZE, STORE_MAGIC, STORE_VERSION, storageOffsetFor } from '../shared/store/layout';

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
const CLI = process.env.ERST_BENCH_CLI ?? fileURLToPath(new URL('../cli.js', import.meta.url));
const LIBCPER = 'tests/fixtures/corpus/libcper';

interface Proc {
  seconds: number;
  rssMiB: number;
  code: number;
}

/** Options an earlier build of the CLI may not know (its outputs go to fresh paths anyway). */
const NEWER_FLAGS = new Set(['--quiet', '--force']);

/** Runs `node ARGS` under /usr/bin/time -v; stdout goes to `stdoutPath` (or /dev/null). */
function proc(args: string[], stdoutPath = '/dev/null'): Proc {
  if (process.env.ERST_BENCH_CLI) args = args.filter((a) => !NEWER_FLAGS.has(a));
  const out = openSync(stdoutPath, 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * MiB });
    const seconds = (performance.now() - t0) / 1000;
    const err = r.stderr.toString();
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? NaN);
    const code = Number(/Exit status: (\d+)/.exec(err)?.[1] ?? r.status ?? -1);
    if (code !== 0 && code !== 1) throw new Error(`node ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`);
    return { seconds, rssMiB: kb / 1024, code };
  } finally {
    closeSync(out);
  }
}

/** The median wall time of runs of one process, with the largest peak RSS among them. */
function medianProc(runs: Proc[]): Proc {
  const by = [...runs].sort((a, b) => a.seconds - b.seconds);
  return { ...by[Math.floor((by.length - 1) / 2)], rssMiB: Math.max(...runs.map((r) => r.rssMiB)) };
}

/** The libcper records cycled to `count`, written to a temp file piece by piece. */
function recordStream(dir: string, count: number): { path: string; bytes: number } {
  const recs = readdirSync(LIBCPER)
    .filter((f) => f.endsWith('.cper'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(LIBCPER, f))));
  const path = join(dir, `records-${count}.cper`);
  const fd = openSync(path, 'w');
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += writeSync(fd, recs[i % recs.length]);
  closeSync(fd);
  return { path, bytes };
}

/** A store of `size` bytes whose slots are all empty, written sparse (header and map only). */
function sparseStore(path: string, size: number, rs = 8192): void {
  const head = new Uint8Array(STORE_HEADER_SIZE);
  const dv = new DataView(head.buffer);
  dv.setBigUint64(0, STORE_MAGIC, true);
  dv.setUint32(8, rs, true);
  dv.setUint32(12, storageOffsetFor(size, rs), true);
  dv.setUint16(16, STORE_VERSION, true);
  const fd = openSync(path, 'w');
  writeSync(fd, head, 0, head.length, 0);
  ftruncateSync(fd, size);
  closeSync(fd);
}

const BASELINE_READ_SHA = `const fs=require('fs'),c=require('crypto');const h=c.createHash('sha256');const fd=fs.openSync(process.argv[1],'r');const b=Buffer.alloc(4<<20);let n;while((n=fs.readSync(fd,b,0,b.length,null))>0)h.update(b.subarray(0,n));console.log(h.digest('hex'))`;
const BASELINE_READ_PARSE = `const fs=require('fs');fs.readFileSync(process.argv[1]);const j=JSON.parse(fs.readFileSync(process.argv[2],'utf8'));console.log(Array.isArray(j)?j.length:1)`;

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'erst-bench-cli-'));
  try {
    // export --json of 100,000 mixed CPER records
    const count = Number(process.env.ERST_BENCH_RECORDS ?? 100_000);
    const stream = recordStream(dir, count);
    const out = join(dir, 'out.json');
    // Rounds of the export and its baseline in turn; each figure the median of its rounds.
    const expRuns: Proc[] = [];
    const oneRuns: Proc[] = [];
    const baseRuns: Proc[] = [];
    let jsonBytes = 0;
    const workers = process.env.ERST_JSON_WORKERS;
    for (let r = 0; r < Number(process.env.ERST_BENCH_ROUNDS ?? 3); r++) {
      expRuns.push(proc([CLI, 'export', stream.path, '--json', out, '--quiet', '--force']));
      jsonBytes = statSync(out).size;
      baseRuns.push(proc(['-e', BASELINE_READ_PARSE, stream.path, out]));
      // The same export with every batch written on the main thread (no JSON workers).
      process.env.ERST_JSON_WORKERS = '0';
      oneRuns.push(proc([CLI, 'export', stream.path, '--json', out, '--quiet', '--force']));
      if (workers === undefined) delete process.env.ERST_JSON_WORKERS;
      else process.env.ERST_JSON_WORKERS = workers;
    }
    const exp = medianProc(expRuns);
    const one = medianProc(oneRuns);
    const base = medianProc(baseRuns);
    results.push({
      name: `cli export --json: ${count.toLocaleString('en-US')} mixed CPER records (${(stream.bytes / 1e6).toFixed(1)} MB in, ${(jsonBytes / 1e6).toFixed(0)} MB JSON out), whole process`,
      value: count / exp.seconds,
      unit: 'records/s',
      baseline: { name: 'read the file + JSON.parse of the JSON written (one process)', value: count / base.seconds, unit: 'records/s' },
      ratio: base.seconds / exp.seconds,
      note: `${exp.seconds.toFixed(2)} s vs ${base.seconds.toFixed(2)} s, median of ${expRuns.length} rounds; target ≥ 51,000 records/s (100,000 in < 2 s)`,
    });
    results.push({
      name: 'cli export --json, CPER-JSON written on worker threads',
      value: count / exp.seconds,
      unit: 'records/s',
      baseline: {
        name: 'the same export written on the main thread alone (ERST_JSON_WORKERS=0)',
        value: count / one.seconds,
        unit: 'records/s',
      },
      ratio: one.seconds / exp.seconds,
      note: `${exp.seconds.toFixed(2)} s vs ${one.seconds.toFixed(2)} s (peak RSS ${one.rssMiB.toFixed(0)} MiB alone)`,
    });
    results.push({
      name: 'cli export --json peak RSS',
      value: exp.rssMiB,
      unit: 'MiB',
      baseline: { name: 'read + JSON.parse peak RSS', value: base.rssMiB, unit: 'MiB' },
      ratio: exp.rssMiB / base.rssMiB,
      note: 'target < 200 MiB',
    });
    rmSync(out, { force: true });
    rmSync(stream.path, { force: true });

    // inspect of a full 1 GiB store
    const size = Number(process.env.ERST_BENCH_STORE_BYTES ?? GiB);
    const { path, records } = storeFile(size);
    proc(['-e', BASELINE_READ_SHA, path]); // page cache warm for every process below
    // Rounds of baseline, inspect and inspect --json in turn (a shared machine's load comes and
    // goes): each figure is the median of its rounds, peak RSS the largest.
    const json = join(dir, 'inspect.json');
    const rounds: Proc[][] = [[], [], []];
    for (let r = 0; r < Number(process.env.ERST_BENCH_ROUNDS ?? 3); r++) {
      rounds[0].push(proc(['-e', BASELINE_READ_SHA, path]));
      rounds[1].push(proc([CLI, 'inspect', path, '--quiet']));
      rounds[2].push(proc([CLI, 'inspect', path, '--json', '--quiet'], json));
    }
    const [sha, ins, insJson] = rounds.map(medianProc);
    const jsonOut = statSync(json).size;
    rmSync(json, { force: true });
    const mib = (size / MiB).toFixed(0);
    const runs = `median of ${rounds[0].length} rounds`;
    results.push({
      name: `cli inspect: full ${mib} MiB store (${records.toLocaleString('en-US')} DMESG_Z parts, dumps of 3), whole process`,
      value: ins.seconds,
      unit: 's',
      baseline: { name: 'plain read + sha256 of the file (one process)', value: sha.seconds, unit: 's' },
      ratio: ins.seconds / sha.seconds,
      note: `${runs}; target ratio ≤ 1.5; peak RSS ${ins.rssMiB.toFixed(0)} MiB (target ≤ 300), baseline ${sha.rssMiB.toFixed(0)} MiB`,
    });
    results.push({
      name: `cli inspect --json: same store (${(jsonOut / 1e6).toFixed(0)} MB of JSON)`,
      value: insJson.seconds,
      unit: 's',
      baseline: { name: 'plain read + sha256 of the file', value: sha.seconds, unit: 's' },
      ratio: insJson.seconds / sha.seconds,
      note: `${runs}; peak RSS ${insJson.rssMiB.toFixed(0)} MiB`,
    });

    // a 4 GiB store: memory bounded
    if (!process.env.ERST_BENCH_SKIP_4G) {
      const big = join(dir, 'sparse-4g.img');
      sparseStore(big, 4 * GiB);
      const shaBig = proc(['-e', BASELINE_READ_SHA, big]);
      const insBig = proc([CLI, 'inspect', big, '--quiet']);
      results.push({
        name: 'cli inspect: 4 GiB sparse store (524,288 slots, all empty), peak RSS',
        value: insBig.rssMiB,
        unit: 'MiB',
        baseline: { name: 'plain read + sha256 peak RSS', value: shaBig.rssMiB, unit: 'MiB' },
        ratio: insBig.rssMiB / shaBig.rssMiB,
        note: `${insBig.seconds.toFixed(1)} s vs read+sha256 ${shaBig.seconds.toFixed(1)} s; no whole-file buffer`,
      });
      rmSync(big, { force: true });
    }
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
