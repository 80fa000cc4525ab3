// npm run fuzz [-- --count N] [--seed S] [--profile full|quick] [--only i,j] [--out DIR (default test-results/fuzz-findings)]
// Structure-aware fuzzing of every decoder and exporter over mutations of the test corpus.
// Exits 1 when any input raised an exception or printed undefined/NaN/[object Object].
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSeeds } from './corpus';
import { findingId, fuzz, type FuzzStats } from './run';
import { runTargets } from './targets';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const count = Number(arg('--count') ?? 100000);
const seed = Number(arg('--seed') ?? 1);
const only = arg('--only')
  ?.split(',')
  .map((x) => Number(x));
const outDir = resolve(arg('--out') ?? 'test-results/fuzz-findings');
const profile = arg('--profile') === 'quick' ? 'quick' : 'full';
const seeds = loadSeeds(resolve(arg('--corpus') ?? 'tests/fixtures/corpus'));
const MiB = 1024 * 1024;

const line = (s: FuzzStats): string =>
  `${s.inputs} inputs · ${s.exceptions} exceptions · ${s.badOutputs} bad outputs · slowest ${s.slowest.ms.toFixed(1)} ms (#${s.slowest.index} ${s.slowest.seed}, ${s.slowest.bytes} bytes) · ${s.over50ms} over 50 ms · largest heap growth ${(s.largestHeap.bytes / MiB).toFixed(1)} MiB (#${s.largestHeap.index} ${s.largestHeap.seed})`;

console.log(`fuzz: ${seeds.length} seeds, ${only ? only.length : count} inputs, seed ${seed}, profile ${profile}`);
/**
 * Same-run baseline for the time figures: an unmutated corpus store (64 KiB, compressed dmesg)
 * through every target, median of 21 runs. On a busy machine both figures grow together.
 */
function baseline(): number {
  const store = seeds.find((x) => x.name === 'S2-accumulate/backing.after-boot3') ?? seeds.find((x) => x.kind === 'store') ?? seeds[0];
  const times: number[] = [];
  for (let k = 0; k < 21; k++) {
    const t = performance.now();
    runTargets(store, store.bytes, false);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[10];
}
const base0 = baseline();
console.log(`baseline: an unmutated 64 KiB corpus store through every target: ${base0.toFixed(1)} ms`);
const t0 = Date.now();
let saved = 0;
/** Findings are written as they come, so a long run stopped early still leaves its inputs. */
function save(s: FuzzStats): void {
  for (; saved < s.findings.length; saved++) {
    const f = s.findings[saved];
    const id = findingId(f);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${id}.bin`), f.bytes);
    writeFileSync(
      join(outDir, `${id}.json`),
      JSON.stringify({ index: f.index, seed: f.seed, kind: f.kind, target: f.target, message: f.message, stack: f.stack }, null, 2) + '\n',
    );
    console.log(`${f.kind} #${f.index} (${f.seed}) in ${f.target}: ${f.message} → ${join(outDir, id)}.bin`);
  }
}
const stats = fuzz(seeds, {
  count,
  seed,
  only,
  profile,
  onProgress: (s) => {
    save(s);
    console.log(`  ${line(s)} · ${((Date.now() - t0) / 1000).toFixed(0)} s · baseline now ${baseline().toFixed(1)} ms`);
  },
});
save(stats);
console.log(line(stats));
console.log(
  `slowest inputs (--only INDEX to reproduce): ${stats.slowestInputs.map((x) => `#${x.index} ${x.seed} ${x.ms.toFixed(0)} ms`).join(', ')}`,
);
console.log(
  `outputs checked per target: ${Object.entries(stats.targets)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(
  `baseline: an unmutated 64 KiB corpus store through every target: ${base0.toFixed(1)} ms at the start, ${baseline().toFixed(1)} ms at the end`,
);
console.log(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exitCode = stats.exceptions || stats.badOutputs ? 1 : 0;
