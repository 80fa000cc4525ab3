import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ContractError, toBase64, type ByteChunk, type ExportJob } from '../../shared/contract/index';
import { EXPORT_KINDS } from './export-kinds';
import type { FileRegistry } from './file-registry';
import { newId } from './file-registry';
import { Worker } from 'node:worker_threads';
import type { ExportJobData, FromExportWorker } from '../worker/export-run';

interface Job {
  state: ExportJob;
  dir: string;
  cancel: boolean;
  /** The job's worker, when exports run in one. */
  worker?: Worker;
}

/** Jobs kept (finished ones are dropped oldest first, with their output). */
const MAX_JOBS = 32;

/**
 * Export jobs: each writes into its own private temp folder, step by step, yielding to the
 * event loop between steps so progress reaches the renderer and a cancel can land. Output
 * is read back only by the relative names the job listed, so no caller-supplied name can
 * reach outside that folder.
 */
export class ExportJobs {
  private jobs = new Map<string, Job>();

  constructor(
    private files: FileRegistry,
    private emit: (job: ExportJob) => void,
    /** The bundled worker script: each job runs in its own worker (decoding off the main thread); null runs it here. */
    private workerPath: string | null = null,
  ) {}

  start(fileId: string, kind: string, recovered: boolean): ExportJob {
    const f = this.files.get(fileId);
    const impl = EXPORT_KINDS.find((k) => k.kind === kind);
    if (!impl)
      throw new ContractError('bad-arguments', `kind: no export called "${kind}" (have ${EXPORT_KINDS.map((k) => k.kind).join(', ')})`);
    const dir = mkdtempSync(join(tmpdir(), 'erst-export-'));
    const job: Job = {
      dir,
      cancel: false,
      state: { jobId: newId('j'), kind, fileId, state: 'running', progress: { done: 0, total: 1, phase: 'starting' }, files: [] },
    };
    this.jobs.set(job.state.jobId, job);
    this.prune();
    if (this.workerPath) this.runInWorker(job, this.workerPath, { path: f.ev.file.path, kind, dir, recovered });
    else {
      const steps = impl.steps(f.ev, dir, { recovered: recovered && impl.recoveredOption });
      job.state.progress.total = steps.length;
      void this.run(job, steps);
    }
    return { ...job.state };
  }

  status(jobId: string): ExportJob {
    return { ...this.get(jobId).state };
  }

  cancel(jobId: string): ExportJob {
    const job = this.get(jobId);
    if (job.state.state === 'running') {
      job.cancel = true;
      if (job.worker) this.finish(job, 'cancelled');
    }
    return { ...job.state };
  }

  read(jobId: string, name: string, offset: number, length: number): ByteChunk {
    const job = this.get(jobId);
    const entry = job.state.files.find((f) => f.name === name);
    if (!entry) throw new ContractError('not-found', `job ${jobId} has no file "${name}"`);
    const fd = openSync(join(job.dir, ...name.split('/')), 'r');
    try {
      const n = Math.max(0, Math.min(length, entry.bytes - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const r = readSync(fd, buf, got, n - got, offset + got);
        if (r === 0) break;
        got += r;
      }
      return { offset, length: got, base64: toBase64(buf.subarray(0, got)) };
    } finally {
      closeSync(fd);
    }
  }

  /** Copies a finished job's output to a folder the host's dialog returned. */
  copyTo(jobId: string, folder: string): void {
    const job = this.get(jobId);
    if (job.state.state !== 'done') throw new ContractError('bad-arguments', `job ${jobId} is ${job.state.state}, not done`);
    cpSync(job.dir, folder, { recursive: true, force: true });
  }

  dispose(): void {
    for (const j of this.jobs.values()) {
      void j.worker?.terminate();
      rmSync(j.dir, { recursive: true, force: true });
    }
    this.jobs.clear();
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new ContractError('not-found', `no export job ${jobId}`);
    return job;
  }

  private async run(job: Job, steps: { phase: string; run(): void }[]): Promise<void> {
    const s = job.state;
    try {
      for (const step of steps) {
        // Yield first: the caller gets its reply, and a cancel sent meanwhile is seen here.
        await new Promise((r) => setImmediate(r));
        if (job.cancel) break;
        s.progress = { ...s.progress, phase: step.phase };
        this.emit({ ...s });
        step.run();
        s.progress = { ...s.progress, done: s.progress.done + 1 };
        this.emit({ ...s });
      }
      await new Promise((r) => setImmediate(r));
      if (job.cancel) {
        s.state = 'cancelled';
        s.progress = { ...s.progress, phase: 'cancelled' };
        rmSync(job.dir, { recursive: true, force: true });
      } else {
        s.files = listFiles(job.dir);
        s.state = 'done';
        s.progress = { ...s.progress, phase: 'done' };
      }
    } catch (e) {
      s.state = 'failed';
      s.error = (e as Error).message;
      rmSync(job.dir, { recursive: true, force: true });
    }
    this.emit({ ...s });
  }

  /** The job in its own worker: the main thread only relays its progress. */
  private runInWorker(job: Job, workerPath: string, data: ExportJobData): void {
    const w = new Worker(workerPath, { workerData: { export: data } });
    job.worker = w;
    const s = job.state;
    w.on('message', (m: FromExportWorker) => {
      if (s.state !== 'running') return;
      if (m.type === 'step') {
        s.progress = { done: m.done, total: m.total, phase: m.phase };
        this.emit({ ...s });
      } else if (m.type === 'done') {
        s.progress = { done: m.total, total: m.total, phase: 'done' };
        this.finish(job, 'done');
      } else this.finish(job, 'failed', m.message);
    });
    w.on('error', (e) => this.finish(job, 'failed', e.message));
    w.on('exit', () => this.finish(job, 'failed', 'the export stopped'));
  }

  /** Ends a job run in a worker once (later calls are ignored). */
  private finish(job: Job, state: 'done' | 'failed' | 'cancelled', error?: string): void {
    const s = job.state;
    if (s.state !== 'running') return;
    void job.worker?.terminate();
    job.worker = undefined;
    s.state = state;
    if (state === 'done') s.files = listFiles(job.dir);
    else {
      rmSync(job.dir, { recursive: true, force: true });
      s.progress = { ...s.progress, phase: state };
      if (error) s.error = error;
    }
    this.emit({ ...s });
  }

  private prune(): void {
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS) break;
      if (j.state.state === 'running') continue;
      rmSync(j.dir, { recursive: true, force: true });
      this.jobs.delete(id);
    }
  }
}

function listFiles(dir: string): { name: string; bytes: number }[] {
  const out: { name: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push({ name: relative(dir, p).split(sep).join('/'), bytes: statSync(p).size });
    }
  };
  walk(dir);
  return out;
}
