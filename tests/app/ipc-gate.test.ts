import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS } from '../../shared/contract/index';
import { CALLABLE_CHANNELS, DROP_CHANNEL, isCallableChannel, isSubscribableEvent } from '../../main/desktop/ipc-channels';
import { createIpcRouter, SENDER_REFUSED, type CallTarget } from '../../main/desktop/ipc-router';
import { isTrustedSender, type SenderFacts } from '../../main/desktop/ipc-sender';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';

const TRUSTED: SenderFacts = { frameUrl: 'app://erst/index.html', isMainFrame: true, isKnownWindow: true };
const CORPUS_FILE = path.resolve('tests/fixtures/corpus/S2-accumulate/backing.after-boot3');

describe('sender check', () => {
  it('accepts only the top frame of our window showing app://erst', () => {
    expect(isTrustedSender(TRUSTED)).toBe(true);
    expect(isTrustedSender({ ...TRUSTED, frameUrl: 'app://erst/#/records/3' })).toBe(true);
  });
  it.each<[string, Partial<SenderFacts>]>([
    ['an iframe', { isMainFrame: false }],
    ['a window we did not create', { isKnownWindow: false }],
    ['a destroyed frame', { frameUrl: null }],
    ['a page that navigated to the web', { frameUrl: 'https://evil.example/' }],
    ['a file:// page', { frameUrl: 'file:///tmp/x.html' }],
    ['another app:// host', { frameUrl: 'app://other/index.html' }],
    ['a lookalike host', { frameUrl: 'app://erst.evil/index.html' }],
    ['credentials in the URL', { frameUrl: 'app://user:pw@erst/' }],
    ['devtools', { frameUrl: 'devtools://devtools/bundled/inspector.html' }],
    ['about:blank', { frameUrl: 'about:blank' }],
  ])('refuses %s', (_what, change) => {
    expect(isTrustedSender({ ...TRUSTED, ...change })).toBe(false);
  });
});

describe('channel allow-list (derived from the contract)', () => {
  it('offers every contract channel available on the ipc transport, except the path channel', () => {
    for (const [name, spec] of Object.entries(CHANNELS)) {
      const t = (spec as { transports?: readonly string[] }).transports;
      const onIpc = t === undefined || t.includes('ipc');
      expect(isCallableChannel(name), name).toBe(onIpc && name !== DROP_CHANNEL);
    }
    expect(CALLABLE_CHANNELS.has('files.openDialog')).toBe(true);
  });
  it('never lets page script name a path', () => {
    expect(isCallableChannel(DROP_CHANNEL)).toBe(false);
  });
  it('refuses names outside the contract, including prototype keys', () => {
    for (const n of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'erst:call', '', 'files.list ', 42, null, undefined, {}]) {
      expect(isCallableChannel(n)).toBe(false);
      expect(isSubscribableEvent(n)).toBe(false);
    }
  });
  it('subscribes to exactly the contract events', () => {
    for (const e of Object.keys(EVENTS)) expect(isSubscribableEvent(e)).toBe(true);
    expect(isSubscribableEvent('files.list')).toBe(false);
  });
});

describe('IPC router in front of the dispatcher', () => {
  const spy = () => {
    const target: CallTarget = { call: vi.fn(async () => ({ ok: true as const, result: 'called' })) };
    return { target, router: createIpcRouter(target, path.posix.isAbsolute) };
  };

  it('forwards allowed calls with the ipc transport context', async () => {
    const { target, router } = spy();
    expect(await router.call(TRUSTED, 'files.list', undefined)).toEqual({ ok: true, result: 'called' });
    expect(target.call).toHaveBeenCalledWith('files.list', undefined, { transport: 'ipc' });
  });

  it('refuses an untrusted sender before looking at the channel', async () => {
    const { target, router } = spy();
    expect(await router.call({ ...TRUSTED, frameUrl: 'https://evil.example/' }, 'files.list', undefined)).toEqual(SENDER_REFUSED);
    expect(await router.call({ ...TRUSTED, isMainFrame: false }, 'no.such', undefined)).toEqual(SENDER_REFUSED);
    expect(await router.openDropped({ ...TRUSTED, isKnownWindow: false }, '/etc/passwd')).toEqual(SENDER_REFUSED);
    expect(target.call).not.toHaveBeenCalled();
  });

  it('refuses channels outside the allow-list, including the path channel through call', async () => {
    const { target, router } = spy();
    expect(await router.call(TRUSTED, 'files.openDropped', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(await router.call(TRUSTED, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(target.call).not.toHaveBeenCalled();
  });

  it.each<[string, unknown]>([
    ['a relative path', 'backing.after-boot3'],
    ['a file URL', 'file:///etc/passwd'],
    ['a NUL byte', '/tmp/a\0b'],
    ['an empty string', ''],
    ['a non-string', { path: '/x' }],
    ['an overlong path', '/' + 'a'.repeat(5000)],
  ])('refuses a dropped path that is %s', async (_w, p) => {
    const { target, router } = spy();
    expect(await router.openDropped(TRUSTED, p)).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    expect(target.call).not.toHaveBeenCalled();
  });

  it('passes a dropped absolute path to files.openDropped', async () => {
    const { target, router } = spy();
    await router.openDropped(TRUSTED, '/evidence/backing');
    expect(target.call).toHaveBeenCalledWith('files.openDropped', { path: '/evidence/backing' }, { transport: 'ipc' });
  });
});

describe('IPC router over the real dispatcher', () => {
  let d: Dispatcher | undefined;
  afterEach(() => d?.dispose());

  it('registers a dropped corpus file and hands back an id, never the path', async () => {
    d = createDispatcher({ version: 'test' });
    const router = createIpcRouter(d, path.isAbsolute);
    const r = await router.openDropped(TRUSTED, CORPUS_FILE);
    expect(r).toMatchObject({ ok: true, result: { name: 'backing.after-boot3', origin: 'drop', format: 'erst-store' } });
    if (!r.ok) return;
    const info = r.result as { id: string; recordCount: number };
    expect(info.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(info)).not.toContain(path.dirname(CORPUS_FILE));
    expect(info.recordCount).toBeGreaterThan(0);

    const list = await router.call(TRUSTED, 'files.list', undefined);
    expect(list).toMatchObject({ ok: true, result: [{ id: info.id }] });
    const inspect = await router.call(TRUSTED, 'store.inspect', { fileId: info.id });
    expect(inspect.ok).toBe(true);
  });

  it('reports dispatcher validation errors as replies, not throws', async () => {
    d = createDispatcher({ version: 'test' });
    const router = createIpcRouter(d, path.isAbsolute);
    expect(await router.call(TRUSTED, 'store.inspect', { fileId: '../../etc' })).toMatchObject({
      ok: false,
      error: { code: 'bad-arguments' },
    });
    expect(await router.call(TRUSTED, 'store.inspect', { fileId: 'fNope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await router.openDropped(TRUSTED, path.resolve('tests/fixtures/corpus/no-such-file'))).toMatchObject({
      ok: false,
      error: { code: 'unreadable' },
    });
  });
});
