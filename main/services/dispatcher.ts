import {
  CHANNELS,
  ContractError,
  fromBase64,
  isChannel,
  LIMITS,
  type ArgsOf,
  type ChannelName,
  type EventName,
  type PayloadOf,
  type Reply,
  type ResultOf,
  type TransportKind,
} from '../../shared/contract/index';
import { EXPORT_KINDS } from './export-kinds';
import { jobFileBytes } from './export-archive';
import { saveExport } from '../desktop/save-export';
import type { Ask } from '../desktop/consent';
import { OutputRefused } from '../output/index';
import { ExportJobs } from './export-jobs';
import { FileRegistry, type RecentStore } from './file-registry';
import { defaultWorkerPath } from '../worker/prestart';
import { sampleStore } from './sample-store';
import { toBase64 } from '../../shared/contract/index';
import { EmulatorSessions } from './emulator-sessions';
import { replayFromFiles } from './replay-player';
import { whatIfFromArgs } from './whatif';
import { caseHandlers } from './case-handlers';
import { inputHandlers } from './input-handlers';
import { toolInputHandlers } from './tool-inputs-handlers';

/** What the transport's host can do for main: native dialogs exist in Electron only. */
export interface Host {
  version: string;
  showOpenDialog?(): Promise<string | null>;
  pickFolder?(): Promise<string | null>;
  recentStore?: RecentStore;
  /** Asks the user a yes/no question (replace existing files?); returns the button index. Desktop only. */
  ask?: Ask;
  /** Serve mode's streamed-upload limit, reported by app.info. */
  maxStreamUpload?: number;
  /** The bundled worker script (null: index in process); default: found beside the bundle. */
  workerPath?: string | null;
  /** Largest serialized reply (default LIMITS.maxReply); smaller only in tests of the bound. */
  maxReply?: number;
}

export interface CallContext {
  transport: TransportKind;
}

type Handlers = { [C in ChannelName]: (args: ArgsOf<C>, ctx: CallContext) => ResultOf<C> | Promise<ResultOf<C>> };
type Listener = <E extends EventName>(event: E, payload: PayloadOf<E>) => void;

export interface Dispatcher {
  /** The one entry point of every transport: validates, then calls the service. Never throws. */
  call(channel: unknown, args: unknown, ctx: CallContext): Promise<Reply<unknown>>;
  onEvent(listener: Listener): () => void;
  files: FileRegistry;
  /** Export jobs, for transports that hand a job's output over themselves (serve mode's zip download). */
  jobs: ExportJobs;
  dispose(): void;
}

/**
 * Builds the dispatcher over the services. Every call goes through `validate` before a
 * handler sees it: the channel must exist and be offered on the caller's transport, and the
 * arguments must match the contract's validator (shape, types and bounds). Handlers are typed
 * from CHANNELS, so a channel without a handler does not compile.
 */
export function createDispatcher(host: Host): Dispatcher {
  const listeners = new Set<Listener>();
  const emit: Listener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const files = new FileRegistry(host.recentStore, { progress: (p) => emit('files.progress', p) }, { workerPath: host.workerPath });
  files.onChange((list) => emit('files.changed', list));
  const jobs = new ExportJobs(
    files,
    (job) => emit('export.progress', job),
    host.workerPath === undefined ? defaultWorkerPath() : host.workerPath,
  );
  const emulators = new EmulatorSessions(files, (p) => emit('emulator.changed', p));

  const maxReply = host.maxReply ?? LIMITS.maxReply;
  const unsupported = (what: string): never => {
    throw new ContractError('unsupported', `${what} is not available on this transport`);
  };

  const handlers: Handlers = {
    'app.info': (_a, ctx) => ({
      version: host.version,
      transport: ctx.transport,
      limits: {
        maxRead: LIMITS.maxRead,
        maxUpload: LIMITS.maxUpload,
        ...(host.maxStreamUpload ? { maxStreamUpload: host.maxStreamUpload } : {}),
      },
      canOpenDialog: !!host.showOpenDialog,
      canSaveDialog: !!host.pickFolder,
    }),
    'files.list': () => files.list(),
    'files.recent': () => files.recent(),
    'files.openDialog': async () => {
      if (!host.showOpenDialog) return unsupported('an open dialog');
      const path = await host.showOpenDialog();
      return path ? files.openPath(path, 'dialog').info : null;
    },
    'files.openDropped': (a) => files.openPath(a.path, 'drop').info,
    'files.openRecent': (a) => files.openRecent(a.key).info,
    'files.upload': (a) => {
      const bytes = fromBase64(a.base64);
      if (!bytes) throw new ContractError('bad-arguments', 'base64: not valid base64');
      return files.openBytes(a.name, bytes, 'upload').info;
    },
    'files.openSample': () => files.openBytes('sample-store.erst', sampleStore(), 'sample').info,
    'files.close': (a) => ({ closed: files.close(a.fileId) }),
    // Heavy work runs in the file's worker; these only forward, so light calls never wait behind it.
    'store.inspect': (a) => files.get(a.fileId).backend.call({ op: 'summary' }),
    'records.window': (a) =>
      files.get(a.fileId).backend.call({
        op: 'records',
        offset: a.offset,
        limit: a.limit,
        query: a.query && { ...a.query, dir: a.query.dir === -1 ? -1 : 1 },
      }),
    'record.locate': (a) => files.get(a.fileId).backend.call({ op: 'locate', slot: a.slot, offset: a.offset }),
    'record.get': (a) => files.get(a.fileId).backend.call({ op: 'record', index: a.index }),
    'bytes.read': (a) => {
      const f = files.get(a.fileId);
      const bytes = f.ev.file.read(a.offset, a.length);
      return { offset: a.offset, length: bytes.length, base64: toBase64(bytes) };
    },
    'dmesg.list': (a) => files.get(a.fileId).backend.call({ op: 'dumpList', recovered: !!a.recovered, offset: a.offset, limit: a.limit }),
    'dmesg.lines': (a) =>
      files.get(a.fileId).backend.call({ op: 'lines', recovered: !!a.recovered, dump: a.dump, offset: a.offset, limit: a.limit }),
    'dmesg.search': (a) =>
      files
        .get(a.fileId)
        .backend.call({ op: 'search', recovered: !!a.recovered, dump: a.dump, query: a.query, offset: a.offset, limit: a.limit }),
    'dmesg.read': (a) =>
      files.get(a.fileId).backend.call({ op: 'readDump', recovered: !!a.recovered, dump: a.dump, offset: a.offset, length: a.length }),
    'export.kinds': async (a) => {
      // Which kinds apply is decided where the file is decoded (its worker), not here.
      const applies = a.fileId ? new Set(await files.get(a.fileId).backend.call<string[]>({ op: 'exportKinds' })) : undefined;
      return EXPORT_KINDS.filter((k) => !applies || applies.has(k.kind)).map(({ kind, label, description, recoveredOption }) => ({
        kind,
        label,
        description,
        recoveredOption,
      }));
    },
    'export.start': (a) => jobs.start(a.fileId, a.kind, !!a.recovered),
    'export.status': (a) => jobs.status(a.jobId),
    'export.cancel': (a) => jobs.cancel(a.jobId),
    'export.read': (a) => jobs.read(a.jobId, a.name, a.offset, a.length),
    'export.saveTo': async (a) => {
      if (!host.pickFolder) return unsupported('a folder dialog');
      const job = jobs.status(a.jobId);
      if (job.state !== 'done') throw new ContractError('bad-arguments', `job ${a.jobId} is ${job.state}, not done`);
      const folder = await host.pickFolder();
      if (!folder) return null;
      // Existing files are replaced only after the host asked the user (no host prompt: never).
      const evidence = files.list().map((f) => files.get(f.id).ev.file.path);
      const outputs = job.files.map((f) => ({ name: f.name, bytes: () => jobFileBytes(jobs, a.jobId, f) }));
      try {
        const r = await saveExport(folder, outputs, evidence, host.ask ?? (async (p) => p.cancelId));
        return r.saved ? { folder } : null;
      } catch (e) {
        if (e instanceof OutputRefused) throw new ContractError('bad-arguments', e.message);
        throw e;
      }
    },
    // Emulator console, replay player, what-if (main/services/emulator-sessions.ts, replay-player.ts, whatif.ts).
    'emulator.create': (a) => emulators.create(a),
    'emulator.list': () => emulators.list(),
    'emulator.state': (a) => emulators.state(a.sessionId),
    'emulator.access': (a) => emulators.access(a),
    'emulator.op': (a) => emulators.op(a),
    'emulator.undo': (a) => emulators.undo(a.sessionId, a.toStep),
    'emulator.read': (a) => emulators.read(a.sessionId, a.what, a.offset, a.length),
    'emulator.saveTo': async (a) => {
      if (!host.pickFolder) return unsupported('a folder dialog');
      emulators.state(a.sessionId);
      const folder = await host.pickFolder();
      return folder ? emulators.saveTo(a.sessionId, a.what, folder) : null;
    },
    'emulator.openAsFile': (a) => emulators.openAsFile(a.sessionId),
    'emulator.close': (a) => emulators.close(a.sessionId),
    'replay.run': (a) => replayFromFiles(files, a),
    'whatif.run': (a) => whatIfFromArgs(files, a),
    ...caseHandlers(files, jobs),
    ...inputHandlers(files),
    ...toolInputHandlers(files),
  };

  return {
    files,
    jobs,
    async call(channel, args, ctx) {
      try {
        const { name, valid } = validate(channel, args, ctx);
        const handler = handlers[name] as (a: unknown, c: CallContext) => unknown;
        const result = await handler(valid, ctx);
        const text = checkReplySize(name, result, maxReply);
        const reply = { ok: true as const, result };
        if (text !== undefined) replyTexts.set(reply, `{"ok":true,"result":${text}}`);
        return reply;
      } catch (e) {
        if (e instanceof ContractError) return { ok: false, error: { code: e.code, message: e.message } };
        // A service failing is reported, never thrown across the transport with its stack.
        return { ok: false, error: { code: 'internal', message: (e as Error)?.message ?? String(e) } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      emulators.dispose();
      jobs.dispose();
      files.dispose();
      listeners.clear();
    },
  };
}

/** Channel name known, offered on this transport, arguments matching the contract. */
function validate(channel: unknown, args: unknown, ctx: CallContext): { name: ChannelName; valid: unknown } {
  if (!isChannel(channel)) {
    const shown = typeof channel === 'string' ? `"${channel.slice(0, 80)}"` : typeof channel;
    throw new ContractError('unknown-channel', `unknown channel ${shown}`);
  }
  const spec = CHANNELS[channel] as { args: { check(v: unknown, p: string): unknown }; transports?: readonly TransportKind[] };
  if (spec.transports && !spec.transports.includes(ctx.transport)) {
    throw new ContractError('unsupported', `${channel} is not offered over ${ctx.transport}`);
  }
  return { name: channel, valid: spec.args.check(args, '') };
}

/**
 * No reply may outgrow the bound, whatever the file: one over it is refused with a typed error
 * (a string too long to build at all is the same error, never a crash of the transport).
 */
/** The reply's JSON text (undefined for no result): measured against the limit, kept for text transports. */
function checkReplySize(channel: string, result: unknown, max: number): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(result) as string | undefined;
  } catch (e) {
    if (e instanceof RangeError) throw new ContractError('too-large', `${channel}: the reply is too large to send (over ${max} bytes)`);
    throw e;
  }
  const bytes = text === undefined ? 0 : Buffer.byteLength(text);
  if (bytes > max)
    throw new ContractError('too-large', `${channel}: the reply would be ${bytes} bytes, over the ${max}-byte limit for one reply`);
  return text;
}

/** Replies whose JSON text was made when their size was checked. */
const replyTexts = new WeakMap<object, string>();

/** A reply as JSON text, serialised once (the size check's text is reused). */
export function replyJson(reply: object): string {
  return replyTexts.get(reply) ?? JSON.stringify(reply);
}
