/**
 * File workers started before the CLI has loaded. `serve FILE…` indexes each file in a worker
 * (file-backend.ts); the CLI's launcher starts those workers before the rest of the CLI is
 * read, so a worker boots and its index pass starts while the main thread loads its own code
 * (about a tenth of a second each, on other cores). This module is small on purpose: the
 * launcher imports it first.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundledScript } from '../services/bundled-script';

/**
 * The bundled worker script (dist/worker.js, beside the CLI bundle or one folder up from the
 * desktop shell's). From sources (unit tests) there is none, and files are indexed in process.
 */
export function defaultWorkerPath(): string | null {
  if (process.env.ERST_WORKER === 'off') return null;
  return bundledScript('worker.js');
}

/** What a worker did before it was adopted, in order. */
type Event = { type: 'message'; data: unknown } | { type: 'error'; error: Error } | { type: 'exit' };

export interface WorkerListeners {
  message(data: unknown): void;
  error(e: Error): void;
  exit(): void;
}

interface Held {
  worker: Worker;
  script: string;
  events: Event[];
  to?: WorkerListeners;
}

/**
 * Workers started ahead, by resolved path, kept on the global object: the launcher and the
 * CLI are separate bundles, so a module variable would not be seen by both.
 */
const STASH = Symbol.for('erst-viewer.file-workers');
const holder = globalThis as { [STASH]?: Map<string, Held> };

/** Starts a file's worker now for each path that is a regular file (the command opens them later). */
export function prestartFileWorkers(paths: readonly string[], script = defaultWorkerPath()): void {
  if (!script) return;
  const held = (holder[STASH] ??= new Map<string, Held>());
  for (const p of paths) {
    const path = resolve(p);
    if (held.has(path) || !isFile(path)) continue;
    const worker = new Worker(script, { workerData: { path } });
    // Not what keeps the process alive until a command adopts it (a failed command just exits).
    worker.unref();
    const h: Held = { worker, script, events: [] };
    // Its messages are kept until it is adopted: a worker's events are not queued for later listeners.
    const on = (e: Event) => (h.to ? deliver(h.to, e) : h.events.push(e));
    worker.on('message', (data: unknown) => on({ type: 'message', data }));
    worker.on('error', (error: Error) => on({ type: 'error', error }));
    worker.on('exit', () => on({ type: 'exit' }));
    held.set(path, h);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function deliver(to: WorkerListeners, e: Event): void {
  if (e.type === 'message') to.message(e.data);
  else if (e.type === 'error') to.error(e.error);
  else to.exit();
}

/**
 * The worker started ahead for `path` (absolute) with `script`, handed over once: what it
 * posted so far is given to `to` now, in order, and the rest as it comes.
 */
export function adoptFileWorker(path: string, script: string, to: WorkerListeners): Worker | undefined {
  const h = holder[STASH]?.get(path);
  if (!h || h.script !== script) return undefined;
  holder[STASH]!.delete(path);
  h.worker.ref();
  h.to = to;
  for (const e of h.events.splice(0)) deliver(to, e);
  return h.worker;
}

/** Stops the workers started ahead that no file took (the command has opened its files). */
export function dropPrestarted(): void {
  const held = holder[STASH];
  if (!held) return;
  for (const h of held.values()) void h.worker.terminate();
  held.clear();
}

/**
 * The files `serve` will open, from its arguments: operands, skipping the value of each option
 * in `valued` (given as the next argument), and every argument after `--`.
 */
export function serveOperands(args: readonly string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return out.concat(args.slice(i + 1));
    if (valued.includes(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}
