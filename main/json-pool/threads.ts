/**
 * The JSON pool's threads: where their script is, how many to run, and starting them before
 * the CLI itself has loaded. This module is small on purpose: the CLI's launcher imports it
 * before the rest of the CLI is read, so a thread boots (about a tenth of a second of module
 * loading) while the main thread is still loading its own code.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { bundledScript } from '../services/bundled-script';

/** The indent of `export --json` (the CLI's launcher starts threads for it). */
export const JSON_EXPORT_INDENT = 2;

export interface Thread {
  worker: Worker;
  port: MessagePort;
  busy: number;
  dead: boolean;
}

/** The bundled worker script (dist/json-worker.js); none from sources. */
export const jsonWorkerScript = () => bundledScript('json-worker.js');

/** Worker threads to use: ERST_JSON_WORKERS, else one fewer than the cores (at most 3). */
export function workerCount(): number {
  const env = process.env.ERST_JSON_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Math.min(8, Number(env));
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

export function spawnThread(script: string, indent: number): Thread {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, { workerData: { port: port2, indent }, transferList: [port2] });
  // Never what keeps the process alive: a command that ends without using them just exits.
  worker.unref();
  const h: Thread = { worker, port: port1, busy: 0, dead: false };
  worker.on('error', () => (h.dead = true));
  worker.on('exit', () => (h.dead = true));
  return h;
}

/**
 * Threads started ahead, kept on the global object: the launcher and the CLI are separate
 * bundles, so a module variable would not be seen by both.
 */
const STASH = Symbol.for('erst-viewer.json-threads');
type Stash = { indent: number; threads: Thread[] };
const holder = globalThis as { [STASH]?: Stash };

/** Starts the pool's threads now, for a pool (same indent) that the command will create. */
export function prestartThreads(indent: number, script = jsonWorkerScript()): void {
  const n = workerCount();
  if (!script || n <= 0 || holder[STASH]) return;
  holder[STASH] = { indent, threads: Array.from({ length: n }, () => spawnThread(script, indent)) };
}

/** The threads started ahead for this indent, handed over once. */
export function takePrestarted(indent: number): Thread[] {
  const s = holder[STASH];
  if (!s) return [];
  delete holder[STASH];
  if (s.indent === indent) return s.threads;
  for (const h of s.threads) void h.worker.terminate();
  return [];
}

/**
 * V8 optimises typed-array code on the assumption that no ArrayBuffer of the isolate was ever
 * detached. The first transfer breaks it, and every optimised function that reads a typed
 * array (the whole JSON writer, the record scan) is thrown away, run unoptimised again and
 * compiled a second time: 0.2 s on a 100,000-record export. Detaching a small buffer before
 * the hot code runs makes that first compilation the only one.
 */
export function detachOnce(): void {
  const ab = new ArrayBuffer(8);
  structuredClone(ab, { transfer: [ab] });
}
