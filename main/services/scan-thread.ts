/**
 * The reader thread of an evidence scan, bundled as dist/scan-worker.js (hash-worker.ts starts
 * it): the reader loop of scan-ring.ts, inflating part heads of the chunks read ahead while it
 * would otherwise wait, and for a background scan napping while other programs wait for a CPU
 * (scan-pace.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { HeadView, stealOne } from './head-worker';
import { readerLoop, readNext, type ScanThreadData } from './scan-ring';
import { cpuTimes, Pacer } from './scan-pace';

const d = workerData as ScanThreadData;
const view = new HeadView(d.ring);
const pacer = d.pace
  ? new Pacer(
      d.pace,
      availableParallelism(),
      () => performance.now(),
      () => cpuTimes((p) => readFileSync(p, 'utf8')),
    )
  : undefined;
const nap = new Int32Array(new SharedArrayBuffer(4));
const pace = pacer
  ? () => {
      const ms = pacer.next();
      if (!ms) return;
      Atomics.wait(nap, 0, 0, ms);
      pacer.woke();
    }
  : null;
readerLoop(d, readNext, readSync, createHash('sha256'), (m) => parentPort!.postMessage(m), d.heads ? () => stealOne(view) : null, pace);
