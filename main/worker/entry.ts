import { parentPort, workerData } from 'node:worker_threads';
import { ContractError } from '../../shared/contract/index';
import { openService, runOp, type Op, type Service } from './file-service';
import type { FromWorker } from './protocol';

/**
 * One open file's worker: indexes the file (posting progress), then answers operations one at
 * a time. Messages sent while it indexes wait in the port's queue; the main thread stays free.
 */
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
let failed = false;
// Operations that arrive while the file is indexed wait for it, in order.
const ready: Promise<Service | undefined> = Promise.resolve()
  .then(() => openService((workerData as { path: string }).path, (p) => post({ type: 'progress', ...p })))
  .then(
    (s) => {
      post({ type: 'ready', info: s.info() });
      return s;
    },
    (e) => {
      failed = true;
      post({ type: 'failed', message: (e as Error)?.message ?? String(e) });
      return undefined;
    },
  );

port.on('message', (m: { id: number; op: Op }) => {
  void ready.then((service) => {
    if (!service || failed) return post({ type: 'reply', id: m.id, ok: false, error: { code: 'unreadable', message: 'the file could not be indexed' } });
    try {
      post({ type: 'reply', id: m.id, ok: true, result: runOp(service, m.op) });
    } catch (e) {
      const code = e instanceof ContractError ? e.code : 'internal';
      post({ type: 'reply', id: m.id, ok: false, error: { code, message: (e as Error)?.message ?? String(e) } });
    }
  });
});
