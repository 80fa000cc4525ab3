import { ContractError, type ErstApi } from '../../shared/contract/index';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { setTransport } from '../../renderer/transport/index';

/**
 * Component tests talk to the real dispatcher in-process (transport 'test'), so the stores
 * and views are tested against the contract's real validation and services, not a mock.
 */
export function dispatcherTransport(): { d: Dispatcher; api: ErstApi } {
  const d = createDispatcher({ version: 'test' });
  const api: ErstApi = {
    async call(channel, args) {
      const r = await d.call(channel, args, { transport: 'test' });
      if (!r.ok) throw new ContractError(r.error.code, r.error.message);
      return r.result as never;
    },
    on(event, listener) {
      return d.onEvent((name, payload) => {
        if ((name as string) === event) listener(payload as never);
      });
    },
  };
  setTransport(api);
  return { d, api };
}

export const flush = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};
