import { afterAll } from 'vitest';
import { createDispatcher } from '../../main/services/dispatcher';

/**
 * A dispatcher on the in-process 'test' transport, disposed after the suite, and `ok` to call
 * a channel and get its result (a refusal fails the test with its code and message).
 */
export function testDispatcher() {
  const d = createDispatcher({ version: 'test' });
  afterAll(() => d.dispose());
  const ok = async <T>(channel: string, args?: unknown): Promise<T> => {
    const r = await d.call(channel, args, { transport: 'test' });
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.result as T;
  };
  return { d, ok };
}
