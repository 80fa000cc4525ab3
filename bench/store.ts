import { closeSync, openSync, readSync } from 'node:fs';
import { openEvidence } from '../main/services/decode-file';
import { inspectReport } from '../main/services/inspect';
import type { BenchResult } from './report';
import { storeFile } from './gen-store-file';

const GiB = 1024 * 1024 * 1024;

function sequentialRead(path: string): number {
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(4 * 1024 * 1024);
  const t0 = performance.now();
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd);
  return (performance.now() - t0) / 1000;
}

/** Index + decode a ~1 GiB store (every record inflated), against a plain read of the same file. */
export async function run(): Promise<BenchResult[]> {
  const size = Number(process.env.ERST_BENCH_STORE_BYTES ?? GiB);
  const { path, records } = storeFile(size);
  sequentialRead(path); // warm the page cache so both runs read from memory
  const readS = sequentialRead(path);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const ev = openEvidence(path);
  const report = inspectReport(ev);
  const decodeS = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  ev.file.close();
  if (report.records.length !== records) throw new Error(`decoded ${report.records.length} of ${records} records`);
  const mib = size / 1048576;
  return [
    {
      name: `store index+decode (${records} records, ${mib.toFixed(0)} MiB, all inflated, sha256 included)`,
      value: records / decodeS,
      unit: 'records/s',
      baseline: { name: 'plain sequential read', value: mib / readS, unit: 'MiB/s' },
      ratio: readS / decodeS,
      note: `decode ${decodeS.toFixed(2)} s vs read ${readS.toFixed(2)} s: decode runs at this fraction of read speed`,
    },
    {
      name: 'store index+decode peak RSS',
      value: peak / 1048576,
      unit: 'MiB',
      baseline: { name: 'RSS before open', value: rss0 / 1048576, unit: 'MiB' },
      ratio: peak / size,
      note: 'peak RSS / file size',
    },
  ];
}
