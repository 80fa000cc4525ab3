/**
 * The reader thread of an evidence scan, bundled as dist/scan-worker.js (hash-worker.ts starts
 * it): reads the file into the ring chunk by chunk, hashes each chunk after handing it over,
 * and, while every buffer is in use, inflates part heads of the chunks read ahead.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { HeadView, stealOne } from './head-worker';
import type { ScanThreadData } from './scan-ring';

function run(d: ScanThreadData): void {
  const v = new HeadView(d.ring);
  const { ctl, data } = v;
  const L = d.layout;
  const N = d.ring.buffers;
  const C = d.ring.chunk;
  const h = createHash('sha256');
  let read = 0;
  let hashed = 0;
  let pos = 0;
  let ended = false;
  let digested = false;
  const wakeAll = () => {
    for (let b = 0; b < N; b++) Atomics.notify(ctl, L.STATE + b);
  };
  try {
    while (!Atomics.load(ctl, L.STOP)) {
      // Reading first, so the index never waits; then hashing, in order; then heads.
      const freed = Atomics.load(ctl, L.FREED);
      if (!ended) {
        const b = read % N;
        if (pos >= d.size || (read - hashed < N && Atomics.load(ctl, L.STATE + b) === 0)) {
          const view = data.subarray(b * C, b * C + Math.min(C, d.size - pos));
          const n = view.length ? readSync(d.fd, view, 0, view.length, pos) : 0;
          if (n === 0) {
            ended = true;
            Atomics.store(ctl, L.END, read + 1);
            wakeAll();
          } else {
            ctl[L.LEN + b] = n;
            Atomics.store(ctl, L.CLAIM + b, 0);
            Atomics.store(ctl, L.STATE + b, read + 1);
            Atomics.notify(ctl, L.STATE + b);
            Atomics.add(ctl, L.PUBLISHED, 1);
            read++;
            pos += n;
          }
          continue;
        }
      }
      if (hashed < read) {
        const b = hashed % N;
        h.update(data.subarray(b * C, b * C + ctl[L.LEN + b]));
        hashed++;
        continue;
      }
      if (ended && !digested) {
        digested = true;
        parentPort!.postMessage({ digest: h.digest('hex') });
      }
      if (d.heads && stealOne(v)) continue;
      Atomics.wait(ctl, L.FREED, freed, 20);
    }
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message), code: (e as NodeJS.ErrnoException)?.code });
    Atomics.store(ctl, L.FAILED, 1);
    wakeAll();
  }
}

run(workerData as ScanThreadData);
