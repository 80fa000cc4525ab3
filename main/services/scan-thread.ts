/**
 * The reader thread of an evidence scan, bundled as dist/scan-worker.js (hash-worker.ts starts
 * it): the reader loop of scan-ring.ts, inflating part heads of the chunks read ahead while it
 * would otherwise wait.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { HeadView, stealOne } from './head-worker';
import { readerLoop, readNext, type ScanThreadData } from './scan-ring';

const d = workerData as ScanThreadData;
const view = new HeadView(d.ring);
readerLoop(d, readNext, readSync, createHash('sha256'), (m) => parentPort!.postMessage(m), d.heads ? () => stealOne(view) : null);
