/**
 * 10,000 mixed CPER records (the libcper corpus cycled, back to back in one buffer) decoded
 * and written as CPER-JSON in one process: the bulk-export path (lean records, values straight
 * into libcper-shaped objects, compact text). Baselines measured in the same run: the viewer's
 * decode (field trees, no JSON at all), and JSON.stringify of the prebuilt objects against our
 * writer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeInput } from '../shared/input/index';
import { bufferReader, cperJson, cperJsonTextOf, stringifyJson, type Json } from '../shared/export/cper-json/index';
import type { BenchResult } from './report';

const DIR = 'tests/fixtures/corpus/libcper';
const COUNT = 10_000;

function corpus(): Uint8Array {
  const recs = readdirSync(DIR).filter((f) => f.endsWith('.cper')).sort().map((f) => new Uint8Array(readFileSync(join(DIR, f))));
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

/** The same objects with bigints as strings, so JSON.stringify can write them. */
function noBigints(v: Json): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(noBigints);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k in v) o[k] = noBigints((v as Record<string, Json>)[k]);
    return o;
  }
  return v;
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

  const res = decodeInput(buf, { lean: true });
  const objs = cperJson(res.records, bufferReader(res.bytes));
  const plain = noBigints(objs);
  const msOurs = best(() => stringifyJson(objs, 0).length);
  const msStd = best(() => JSON.stringify(plain).length);
  return [
    {
      name: `cper-json: ${COUNT} mixed records (${(buf.length / 1e6).toFixed(1)} MB) → CPER-JSON (${(chars / 1e6).toFixed(1)} MB compact), decode + JSON + text, streamed`,
      value: rps, unit: 'records/s',
      baseline: { name: 'viewer decode (field trees, no JSON)', value: tree, unit: 'records/s' },
      ratio: rps / tree,
      note: 'target ≥ 33,000 records/s; libcper ~11,000',
    },
    {
      name: 'cper-json: lean decode alone (values + section JSON objects, no text)',
      value: lean, unit: 'records/s',
      baseline: { name: 'decode + JSON text (above)', value: rps, unit: 'records/s' },
      ratio: lean / rps,
      note: 'share of time spent writing text = 1 - 1/ratio',
    },
    {
      name: 'cper-json: our writer (compact, bigints exact)',
      value: (COUNT / msOurs) * 1000, unit: 'records/s',
      baseline: { name: 'JSON.stringify of the same objects', value: (COUNT / msStd) * 1000, unit: 'records/s' },
      ratio: msStd / msOurs,
    },
  ];
}
