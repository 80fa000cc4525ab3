import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { rng } from '../shared/generate/rng';
import type { Seed } from './corpus';
import { mutate } from './mutate';
import { runTargets, type Failure } from './targets';

/** Words that only a bug puts in output text: a missing value, a failed number, an object printed as text. */
const BAD = [/\bundefined\b/g, /\bNaN\b/g, /\[object Object\]/g];

export interface Finding {
  index: number;
  seed: string;
  kind: 'exception' | 'bad-output';
  target: string;
  message: string;
  stack?: string;
  bytes: Uint8Array;
}

export interface FuzzStats {
  inputs: number;
  exceptions: number;
  badOutputs: number;
  slowest: { ms: number; index: number; seed: string; bytes: number };
  largestHeap: { bytes: number; index: number; seed: string };
  over50ms: number;
  /** The ten slowest inputs, slowest first: reproduce one with --only INDEX. */
  slowestInputs: { ms: number; index: number; seed: string; bytes: number }[];
  /** Outputs checked per target (inspect-json, cper-json, kernel-text, dmesg, trace, replay). */
  targets: Record<string, number>;
  findings: Finding[];
}

export interface FuzzOptions {
  count: number;
  /** Base seed: input i is fully determined by (seed, i). */
  seed?: number;
  /** Run only these input indexes (to reproduce a finding). */
  only?: number[];
  /** Share of trace inputs that are also replayed (replay is the costly target). */
  replayShare?: number;
  /**
   * 'full' (the default): every seed kind in proportion, large bombs, a tenth of traces replayed.
   * 'quick': the same mutations and targets weighted to cheap inputs (records, text, traces;
   * few stores, small bombs, few replays), for the run inside the test suite.
   */
  profile?: 'full' | 'quick';
  onProgress?: (s: FuzzStats) => void;
  progressEvery?: number;
}

/** Per-input seed: a hash of the base seed and the index, so runs can be split and resumed. */
function inputSeed(base: number, i: number): number {
  let h = (base ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** JS heap plus buffers outside it (inflated payloads live there); cheaper than process.memoryUsage(). */
function heapNow(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

function count(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Bad words in `text` beyond those already in the input's own bytes (a kernel log may say "undefined"). */
export function badWord(text: string, source: string): string | undefined {
  for (const re of BAD) {
    const n = count(text, re);
    if (n && n > count(source, re)) return re.source.replace(/\\b/g, '').replace(/\\/g, '');
  }
  return undefined;
}

/** Seeds weighted so cheap inputs dominate and costly ones (bombs, stores, replays) still come up. */
interface SeedGroups {
  large: Seed[];
  hostile: Seed[];
  stores: Seed[];
  rest: Seed[];
}

function groupSeeds(seeds: readonly Seed[]): SeedGroups {
  return {
    large: seeds.filter((s) => s.name.startsWith('hostile-large/')),
    hostile: seeds.filter((s) => s.name.startsWith('hostile/')),
    stores: seeds.filter((s) => s.kind === 'store'),
    rest: seeds.filter((s) => s.kind !== 'store' && !s.name.startsWith('hostile')),
  };
}

function chooseSeed(r: () => number, { large, hostile, stores, rest }: SeedGroups, quick: boolean): Seed {
  const x = r();
  // Full-size bombs take seconds each (megabytes of kernel-text hex dump): one input in 5,000.
  if (!quick && x < 0.0002 && large.length) return large[Math.floor(r() * large.length)];
  if (x < (quick ? 0.003 : 0.005) && hostile.length) return hostile[Math.floor(r() * hostile.length)];
  if (x < (quick ? 0.03 : 0.3) && stores.length) return stores[Math.floor(r() * stores.length)];
  return rest[Math.floor(r() * rest.length)];
}

export function fuzz(seeds: readonly Seed[], opts: FuzzOptions): FuzzStats {
  const base = opts.seed ?? 1;
  const stats: FuzzStats = {
    inputs: 0,
    exceptions: 0,
    badOutputs: 0,
    slowest: { ms: 0, index: -1, seed: '', bytes: 0 },
    largestHeap: { bytes: 0, index: -1, seed: '' },
    over50ms: 0,
    slowestInputs: [],
    targets: {},
    findings: [],
  };
  const indexes = opts.only ?? Array.from({ length: opts.count }, (_, i) => i);
  const every = opts.progressEvery ?? 10000;
  const quick = opts.profile === 'quick';
  const groups = groupSeeds(seeds);
  for (const i of indexes) {
    const r = rng(inputSeed(base, i));
    const seed = chooseSeed(r, groups, quick);
    const bytes = r() < 0.03 ? seed.bytes : mutate(r, seed, seeds, { largeBombs: !quick });
    const withReplay = r() < (opts.replayShare ?? (quick ? 0.03 : 0.1));
    const heap0 = heapNow();
    const t0 = performance.now();
    let failures: Failure[];
    let outputs: { target: string; text: string }[];
    let source: string;
    try {
      ({ failures, outputs, source } = runTargets(seed, bytes, withReplay));
    } catch (e) {
      failures = [{ target: 'harness', message: String(e), stack: (e as Error)?.stack }];
      outputs = [];
      source = '';
    }
    const ms = performance.now() - t0;
    const grew = heapNow() - heap0;
    stats.inputs++;
    if (ms > 50) stats.over50ms++;
    if (ms > stats.slowest.ms) stats.slowest = { ms, index: i, seed: seed.name, bytes: bytes.length };
    const top = stats.slowestInputs;
    if (top.length < 10 || ms > top[top.length - 1].ms) {
      top.push({ ms, index: i, seed: seed.name, bytes: bytes.length });
      top.sort((a, b) => b.ms - a.ms);
      if (top.length > 10) top.pop();
    }
    if (grew > stats.largestHeap.bytes) stats.largestHeap = { bytes: grew, index: i, seed: seed.name };
    for (const f of failures) {
      stats.exceptions++;
      if (stats.findings.length < 200)
        stats.findings.push({ index: i, seed: seed.name, kind: 'exception', target: f.target, message: f.message, stack: f.stack, bytes });
    }
    for (const o of outputs) {
      stats.targets[o.target] = (stats.targets[o.target] ?? 0) + 1;
      const word = badWord(o.text, source);
      if (!word) continue;
      stats.badOutputs++;
      if (stats.findings.length < 200) {
        const at = o.text.search(new RegExp(word.replace(/[[\]]/g, '\\$&')));
        stats.findings.push({
          index: i,
          seed: seed.name,
          kind: 'bad-output',
          target: o.target,
          message: `"${word}" in output: …${o.text.slice(Math.max(0, at - 80), at + 40)}…`,
          bytes,
        });
      }
    }
    if (opts.onProgress && stats.inputs % every === 0) opts.onProgress(stats);
  }
  return stats;
}

/** A short name for a finding's input, stable across runs. */
export function findingId(f: Finding): string {
  return createHash('sha256').update(f.bytes).digest('hex').slice(0, 12);
}
