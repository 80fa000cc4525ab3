import type { ChannelSpec, EventSpec } from './channel';
import { exportEvents, exportChannels } from './channels/export';
import { files } from './channels/files';
import { caseChannels } from './channels/case';
import { inputChannels } from './channels/input';
import { toolInputChannels } from './channels/tool-inputs';
import { sessionEvents, sessions } from './channels/sessions';
import { store, storeEvents } from './channels/store';
import type { FileInfo } from './types';
import { event } from './channel';

export * from './types';
export * from './limits';
export { ContractError, type ErrorCode } from './validate';
export { toBase64, fromBase64 } from './base64';

/** Every channel, in one table: name → argument validator, result type, transports. */
export const CHANNELS = { ...files, ...store, ...exportChannels, ...sessions, ...caseChannels, ...inputChannels, ...toolInputChannels };

/** Every event main pushes. */
export const EVENTS = {
  'files.changed': event<FileInfo[]>('The set of open files changed (opened from the command line, a dialog, closed …).'),
  ...exportEvents,
  ...storeEvents,
  ...sessionEvents,
};

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
export type ArgsOf<C extends ChannelName> = Channels[C] extends ChannelSpec<infer A, unknown> ? A : never;
export type ResultOf<C extends ChannelName> = Channels[C] extends ChannelSpec<unknown, infer R> ? R : never;
export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type PayloadOf<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

export function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

/** What every transport returns for a call: a result or a typed error, never a thrown stack. */
export type Reply<R> = { ok: true; result: R } | { ok: false; error: { code: import('./validate').ErrorCode; message: string } };

/**
 * The one client surface the renderer sees — `window.erst` from the Electron preload, or the
 * serve-mode HTTP/WebSocket client. Same contract, two transports.
 */
export interface ErstApi {
  /** Resolves to the result, or rejects with an Error carrying the contract's `code` (ErrorCode). */
  call<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
}
