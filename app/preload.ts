/**
 * The sandboxed preload: the page's only door to main, exposed as `window.erst`.
 *
 * - `invoke(channel, args)` → Promise<Reply>: the contract's envelope, never rejects for a
 *   contract error, so the renderer keeps the typed error code.
 * - `call(channel, args)` → Promise<result> (the contract's ErstApi.call): rejects with an
 *   Error whose message starts with the error code, e.g. "[not-found] no open file …" (only
 *   an Error's message survives the context bridge).
 * - `on(event, listener)` → unsubscribe function.
 * - `openDroppedFile(file)` → Promise<FileInfo>, rejecting like `call`: for a File the user
 *   dropped or picked; the path comes from webUtils.getPathForFile here, never from page script.
 *
 * Channels and events outside the contract's allow-list are refused here and again in main.
 * Sandboxed preloads cannot be ES modules: this is bundled to CommonJS (scripts/build.mjs).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { FileInfo, Reply } from '../shared/contract/index';
import { IPC, isCallableChannel, isSubscribableEvent } from '../main/desktop/ipc-channels';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events; the Electron event object never reaches the page.
ipcRenderer.on(IPC.event, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const l of listeners.get(name) ?? []) {
    try {
      l(payload);
    } catch (e) {
      console.error(`erst: listener for ${name} threw`, e);
    }
  }
});

const refused = (code: 'unknown-channel' | 'bad-arguments', message: string): Reply<never> => ({ ok: false, error: { code, message } });

function invoke(channel: unknown, args?: unknown): Promise<Reply<unknown>> {
  if (!isCallableChannel(channel))
    return Promise.resolve(refused('unknown-channel', `${String(channel).slice(0, 80)} is not callable from the desktop window`));
  return ipcRenderer.invoke(IPC.call, channel, args) as Promise<Reply<unknown>>;
}

/** Only an Error's message crosses the context bridge, so the code travels in it. */
function unwrap<R>(reply: Reply<R>): R {
  if (reply.ok) return reply.result;
  throw new Error(`[${reply.error.code}] ${reply.error.message}`);
}

async function call(channel: unknown, args?: unknown): Promise<unknown> {
  return unwrap(await invoke(channel, args));
}

function on(event: unknown, listener: unknown): () => void {
  if (!isSubscribableEvent(event)) throw new Error(`${String(event).slice(0, 80)} is not an event of the contract`);
  if (typeof listener !== 'function') throw new Error('listener must be a function');
  const set = listeners.get(event) ?? new Set<Listener>();
  listeners.set(event, set);
  const l = listener as Listener;
  set.add(l);
  return () => {
    set.delete(l);
  };
}

async function openDroppedFile(file: unknown): Promise<FileInfo> {
  // getPathForFile returns '' for a File made by script (new File([...])): such a file has no path to give.
  let path = '';
  try {
    path = webUtils.getPathForFile(file as File);
  } catch {
    /* not a File at all */
  }
  if (!path) throw new Error('[bad-arguments] not a file from disk (drop a file, or use File → Open…)');
  return unwrap((await ipcRenderer.invoke(IPC.openDropped, path)) as Reply<FileInfo>);
}

contextBridge.exposeInMainWorld('erst', Object.freeze({ transport: 'ipc', invoke, call, on, openDroppedFile }));
