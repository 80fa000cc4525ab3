import { parentPort, workerData } from 'node:worker_threads';
import { ContractError } from '../../shared/contract/index';
import { openService, runOp, type Op, type Service } from './file-service';
import type { FromWorker } from './protocol';
import { runExport, type ExportJobData } from './export-run';
import { answerEarly, type EarlyRows } from './early-rows';
import { runInBackground } from './background';

/**
 * A worker runs either one open file (indexes it, posting progress, then answers operations
 * one at a time; those sent while it indexes wait, in order) or one export job. Either way the
 * main thread stays free to answer every other call.
 */
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const data = workerData as { path: string } | { export: ExportJobData };
if ('export' in data) runExport(data.export, (m) => port.postMessage(m));
else serve(data.path);

function serve(path: string): void {
  runInBackground();
  let early: EarlyRows | undefined;
  const ready: Promise<Service | undefined> = Promise.resolve()
    .then(() =>
      openService(
        path,
        (p) => post({ type: 'progress', ...p }),
        (rows) => (early = rows),
      ),
    )
    .then(
      (s) => {
        early = undefined;
        post({ type: 'ready', info: s.info() });
        return s;
      },
      (e) => {
        early = undefined;
        post({ type: 'failed', message: (e as Error)?.message ?? String(e) });
        return undefined;
      },
    );
  port.on('message', (m: { id: number; op: Op }) => void answer(m.id, m.op));

  async function answer(id: number, op: Op): Promise<void> {
    try {
      // The table's first rows need not wait for the whole index: they are answered between steps of the pass.
      const soon = await answerEarly(early, op);
      if (soon) return post({ type: 'reply', id, ok: true, result: soon });
      const service = await ready;
      if (!service) return post({ type: 'reply', id, ok: false, error: { code: 'unreadable', message: 'the file could not be indexed' } });
      post({ type: 'reply', id, ok: true, result: runOp(service, op) });
    } catch (e) {
      const code = e instanceof ContractError ? e.code : 'internal';
      post({ type: 'reply', id, ok: false, error: { code, message: (e as Error)?.message ?? String(e) } });
    }
  }
}
