/**
 * 10,000 mixed CPER records (the libcper corpus cycled, back to back in one buffer) written
 * as CPER-JSON text in one process: the bulk-export path (compiled declarations write each
 * record's libcper-shaped JSON straight from its bytes; no objects, compact text). Baselines
 * measured in the same run: the viewer's decode (field trees, no JSON at all), the lean decode
 * (values only, no JSON), and the engine's JSON.stringify writing the same JSON (parsed back
 * into objects, 64-bit values as numbers) — text alone, no decoding.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeInput } from '../shared/input/index';
import { cperJsonTextOf } from '../shared/export/cper-json/index';
import type { BenchResult } from './report';

const DIR = 'tests/fixtures/corpus/libcper';
const COUNT = 10_000;

function corpus(): Uint8Array {
  const recs = readdirSync(DIR)
    .filter((f) => f.endsWith('.cper'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(DIR, f))));
  const parts: Uint8Array[] = [];
  for (let i = 0; i < COUNT; i++) parts.push(recs[i % recs.length]);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function best(fn: () => unknown, runs = 7): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

export async function run(): Promise<BenchResult[]> {
  const buf = corpus();
  let chars = 0;
  const toJson = () => {
    chars = cperJsonTextOf(buf, 0).length;
    return chars;
  };
  const treeDecode = () => decodeInput(buf).records.length;
  const leanDecode = () => decodeInput(buf, { lean: true }).records.length;
  const check = JSON.parse(cperJsonTextOf(buf, 0)) as unknown[];
  if (check.length !== COUNT) throw new Error(`wrote ${check.length} records, expected ${COUNT}`);
  for (let i = 0; i < 3; i++) toJson(); // warm-up
  treeDecode();
  leanDecode();
  const msJson = best(toJson);
  const msTree = best(treeDecode);
  const msLean = best(leanDecode);
  const rps = (COUNT / msJson) * 1000;
  const tree = (COUNT / msTree) * 1000;
  const lean = (COUNT / msLean) * 1000;

  const parsed = JSON.parse(cperJsonTextOf(buf, 0)) as unknown;
  const msStd = best(() => JSON.stringify(parsed).length);
  return [
    {
      name: `cper-json: ${COUNT} mixed records (${(buf.length / 1e6).toFixed(1)} MB) → CPER-JSON (${(chars / 1e6).toFixed(1)} MB compact), bytes → JSON text, streamed`,
      value: rps,
      unit: 'records/s',
      baseline: { name: 'viewer decode (field trees, no JSON)', value: tree, unit: 'records/s' },
      ratio: rps / tree,
      note: 'target ≥ 33,000 records/s; libcper ~11,000',
    },
    {
      name: 'cper-json: lean decode alone (values and summaries, no JSON)',
      value: lean,
      unit: 'records/s',
      baseline: { name: 'decode + JSON text (above)', value: rps, unit: 'records/s' },
      ratio: lean / rps,
      note: 'the JSON path does not run the lean decode; ratio < 1 means bytes → JSON is faster than decoding to values',
    },
    {
      name: 'cper-json: decode + JSON text end to end (above)',
      value: rps,
      unit: 'records/s',
      baseline: {
        name: 'JSON.stringify of the same JSON as objects (text only, no decoding)',
        value: (COUNT / msStd) * 1000,
        unit: 'records/s',
      },
      ratio: msStd / msJson,
    },
  ];
}
