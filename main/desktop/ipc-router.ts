import type { Reply } from '../../shared/contract/index';
import type { CallContext } from '../services/dispatcher';
import { checkDesktopPath } from './desktop-path';
import { DROP_CHANNEL, isCallableChannel } from './ipc-channels';
import { isTrustedSender, type SenderFacts } from './ipc-sender';

/**
 * The Electron transport's gate in front of the one dispatcher, as plain logic: app/ipc.ts
 * only turns Electron's IPC event into SenderFacts and calls these.
 *
 * Order matters: the sender is checked first (an untrusted frame learns nothing, not even
 * whether a channel exists), then the allow-list, then the dispatcher validates arguments as
 * it does for every transport.
 */
export interface CallTarget {
  call(channel: unknown, args: unknown, ctx: CallContext): Promise<Reply<unknown>>;
}

const IPC_CONTEXT: CallContext = { transport: 'ipc' };

const refusal = (code: 'unsupported' | 'unknown-channel' | 'bad-arguments', message: string): Reply<never> => ({
  ok: false,
  error: { code, message },
});

export const SENDER_REFUSED = refusal('unsupported', 'refused: the caller is not the app window');

export function createIpcRouter(target: CallTarget, isAbsolutePath: (p: string) => boolean) {
  return {
    /** `window.erst.call/invoke(channel, args)`. */
    async call(sender: SenderFacts, channel: unknown, args: unknown): Promise<Reply<unknown>> {
      if (!isTrustedSender(sender)) return SENDER_REFUSED;
      if (!isCallableChannel(channel)) {
        const shown = typeof channel === 'string' ? `"${channel.slice(0, 80)}"` : typeof channel;
        return refusal('unknown-channel', `${shown} is not a channel the desktop window may call`);
      }
      return target.call(channel, args, IPC_CONTEXT);
    },

    /** `window.erst.openDroppedFile(file)`: the preload resolved the path with webUtils.getPathForFile. */
    async openDropped(sender: SenderFacts, path: unknown): Promise<Reply<unknown>> {
      if (!isTrustedSender(sender)) return SENDER_REFUSED;
      const p = checkDesktopPath(path, isAbsolutePath);
      if (!p.ok) return refusal('bad-arguments', `dropped file: ${p.reason}`);
      return target.call(DROP_CHANNEL, { path: p.path }, IPC_CONTEXT);
    },
  };
}

export type IpcRouter = ReturnType<typeof createIpcRouter>;
