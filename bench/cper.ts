/**
 * 10,000 mixed CPER records (the libcper corpus cycled, back to back in one buffer) decoded
 * and written as CPER-JSON in one process. Baseline: the same decode without the JSON text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeInput } from '../shared/input/index';
import { bufferReader, cperJsonText } from '../shared/export/cper-json/index';
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

function best(fn: () => number, runs = 5): number {
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
    const res = decodeInput(buf);
    if (res.records.length !== COUNT) throw new Error(`decoded ${res.records.length} records, expected ${COUNT}`);
    chars = cperJsonText(res.records, bufferReader(res.bytes)).length;
    return chars;
  };
  const decodeOnly = () => decodeInput(buf).records.length;
  toJson(); // warm-up
  decodeOnly();
  const msJson = best(toJson);
  const msDecode = best(decodeOnly);
  const rps = (COUNT / msJson) * 1000;
  const base = (COUNT / msDecode) * 1000;
  return [{
    name: `cper-json: ${COUNT} mixed records (${(buf.length / 1e6).toFixed(1)} MB) → CPER-JSON (${(chars / 1e6).toFixed(1)} MB)`,
    value: rps, unit: 'records/s',
    baseline: { name: 'decode only (field trees, no JSON text)', value: base, unit: 'records/s' },
    ratio: rps / base,
    note: 'target ≥ 33,000 records/s; libcper ~11,000',
  }];
}
