import { Worker } from 'node:worker_threads';
import { adoptFileWorker, type WorkerListeners } from './prestart';
import { ContractError } from '../../shared/contract/index';
import { openService, runOp, type Op, type Progress, type Service } from './file-service';
import type { FromWorker, ReadyInfo } from './protocol';
import { answerEarly, type EarlyRows } from './early-rows';

/** Where an open file is indexed and its windows are computed. */
export interface FileBackend {
  /** Settles when indexing is done (rejects when it failed or was cancelled). */
  ready: Promise<ReadyInfo>;
  /** Set when indexing already finished on the caller's thread (in process). */
  done?: { info: ReadyInfo } | { error: Error };
  call<T>(op: Op): Promise<T>;
  /** Stops the work (a running index is abandoned) and frees the file. */
  close(): void;
}

export function openBackend(path: string, onProgress: (p: Progress) => void, workerPath: string | null): FileBackend {
  return workerPath ? workerBackend(path, onProgress, workerPath) : inlineBackend(path, onProgress);
}

/** In process: a small file is indexed now, on the caller's thread; a large store as the index pass goes. */
function inlineBackend(path: string, onProgress: (p: Progress) => void): FileBackend {
  let service: Service | undefined;
  let failure: Error | undefined;
  let ready: Promise<ReadyInfo>;
  let early: EarlyRows | undefined;
  try {
    const s = openService(path, onProgress, (rows) => (early = rows));
    if (s instanceof Promise)
      ready = s.then(
        (x) => ((early = undefined), (service = x), x.info()),
        (e: Error) => ((early = undefined), (failure = e), Promise.reject(e)),
      );
    else {
      service = s;
      ready = Promise.resolve(s.info());
    }
  } catch (e) {
    failure = e as Error;
    ready = Promise.reject(failure);
  }
  ready.catch(() => {});
  const done = service ? { info: service.info() } : failure ? { error: failure } : undefined;
  return {
    ready,
    done,
    async call<T>(op: Op) {
      const soon = await answerEarly(early, op);
      if (soon) return soon as T;
      await ready.catch(() => {});
      if (!service) throw new ContractError('unreadable', `the file could not be indexed: ${failure?.message}`);
      return runOp(service, op) as T;
    },
    close: () => service?.close(),
  };
}

function listen(worker: Worker, to: WorkerListeners): Worker {
  worker.on('message', to.message);
  worker.on('error', to.error);
  worker.on('exit', to.exit);
  return worker;
}

function workerBackend(path: string, onProgress: (p: Progress) => void, workerPath: string): FileBackend {
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  let ended: ContractError | undefined;
  let settle!: { resolve(i: ReadyInfo): void; reject(e: Error): void };
  const ready = new Promise<ReadyInfo>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => {});
  const end = (e: ContractError) => {
    if (ended) return;
    ended = e;
    settle.reject(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const listeners: WorkerListeners = {
    message(data: unknown) {
      const m = data as FromWorker;
      if (m.type === 'progress') onProgress(m);
      else if (m.type === 'ready') settle.resolve(m.info);
      else if (m.type === 'failed') end(new ContractError('unreadable', `the file could not be indexed: ${m.message}`));
      else {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (!p) return;
        if (m.ok) p.resolve(m.result);
        else p.reject(new ContractError(m.error.code, m.error.message));
      }
    },
    // A crash in the worker (out of memory, a bug) fails this file's calls, never the process.
    error: (e: Error) => end(new ContractError('internal', `indexing stopped: ${e.message}`)),
    exit: () => end(new ContractError('cancelled', 'the file was closed')),
  };
  // The CLI's launcher may have started this file's worker already (prestart.ts).
  const worker = adoptFileWorker(path, workerPath, listeners) ?? listen(new Worker(workerPath, { workerData: { path } }), listeners);
  return {
    ready,
    call<T>(op: Op) {
      if (ended) return Promise.reject(ended);
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id, op });
      });
    },
    close() {
      end(new ContractError('cancelled', 'the file was closed'));
      void worker.terminate();
    },
  };
}
