import { CHANNELS, EVENTS, type ChannelName, type EventName } from '../../shared/contract/index';

/**
 * The Electron side of the one contract (shared/contract). The preload and main agree on three
 * IPC message names; the contract's channel/event name travels inside them, so adding a channel
 * to the contract needs no change here.
 *
 * This module is bundled into the sandboxed preload, so it must stay free of node:* and electron.
 */
export const IPC = {
  /** renderer → main, invoke: (channel, args) → Reply. */
  call: 'erst:call',
  /** renderer → main, invoke: (path from webUtils.getPathForFile) → Reply<FileInfo>. */
  openDropped: 'erst:open-dropped',
  /** main → renderer, send: (event, payload). */
  event: 'erst:event',
} as const;

/**
 * The one channel whose argument is a path. Page script must never name a path, so it is not
 * callable through `call`: the preload's `openDroppedFile(file)` derives the path from a File
 * object the user dropped (webUtils.getPathForFile) and sends it on IPC.openDropped instead.
 */
export const DROP_CHANNEL = 'files.openDropped' satisfies ChannelName;

/** Channels page script may call over IPC: offered on the 'ipc' transport, minus the path channel. */
export const CALLABLE_CHANNELS: ReadonlySet<string> = new Set(
  (Object.keys(CHANNELS) as ChannelName[]).filter((name) => {
    const t = (CHANNELS[name] as { transports?: readonly string[] }).transports;
    return name !== DROP_CHANNEL && (t === undefined || t.includes('ipc'));
  }),
);

/** Events the renderer may subscribe to. */
const SUBSCRIBABLE_EVENTS: ReadonlySet<string> = new Set(Object.keys(EVENTS));

export function isCallableChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && CALLABLE_CHANNELS.has(name);
}

export function isSubscribableEvent(name: unknown): name is EventName {
  return typeof name === 'string' && SUBSCRIBABLE_EVENTS.has(name);
}
