import type { ArgsOf, ChannelName, ErstApi, EventName, PayloadOf, Reply, ResultOf } from '../../shared/contract/index';
import { CallError } from './errors';

/**
 * The serve-mode side of the contract: calls are POST /api/call (the session cookie set when
 * the tokened URL was opened authenticates them), events arrive on one WebSocket, reconnected
 * if it drops.
 */
export function serveClient(base = ''): ErstApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let socket: WebSocket | undefined;
  let retry = 500;

  const connect = () => {
    const url = new URL('/api/events', base || location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as { event: string; payload: unknown };
      for (const l of listeners.get(event) ?? []) l(payload);
    };
    socket.onopen = () => (retry = 500);
    socket.onclose = () => {
      socket = undefined;
      if (listeners.size) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  };

  return {
    async call<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
      const res = await fetch(`${base}/api/call`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel, args }),
      });
      if (res.status === 401) throw new CallError('unreadable', 'session expired: open the URL `erst-viewer serve` printed again');
      if (!res.ok && res.status !== 413) throw new CallError('internal', `${channel}: HTTP ${res.status}`);
      const reply = (await res.json()) as Reply<ResultOf<C>>;
      if (!reply.ok) throw new CallError(reply.error.code, reply.error.message);
      return reply.result;
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      if (!socket) connect();
      return () => set!.delete(listener as (p: unknown) => void);
    },
  };
}
