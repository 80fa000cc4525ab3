import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../../shared/contract/index';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { startServer, type RunningServer } from '../../main/serve/server';
import { corpusPath } from '../helpers/corpus';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so the test controls Host and the exact path bytes (fetch would normalise both). */
function http(
  port: number,
  path: string,
  o: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: o.method ?? 'GET',
        setHost: false,
        headers: { Host: o.host ?? `127.0.0.1:${port}`, ...o.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (o.body) req.write(o.body);
    req.end();
  });
}

describe('serve mode', () => {
  let root: string;
  let d: Dispatcher;
  let s: RunningServer;
  let auth: Record<string, string>;
  const call = (channel: unknown, args: unknown) =>
    http(s.port, '/api/call', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, args }),
    }).then((r) => ({ ...r, json: JSON.parse(r.body) }));

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'serve-test-'));
    mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'SECRET');
    symlinkSync(join(root, 'secret.txt'), join(root, 'renderer', 'link.txt'));
    d = createDispatcher({ version: 'test' });
    d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
    s = await startServer({ dispatcher: d, staticRoot: join(root, 'renderer') });
    auth = { Authorization: `Bearer ${s.token}` };
  });
  afterAll(async () => {
    await s.close();
    d.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('binds loopback and prints a URL with a long random token', () => {
    expect(s.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js']) expect((await http(s.port, path)).status).toBe(401);
    expect(
      (
        await http(s.port, '/api/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"channel":"files.list"}',
        })
      ).status,
    ).toBe(401);
    expect((await http(s.port, '/', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await http(s.port, `/?token=${s.token.slice(0, -1)}x`)).status).toBe(401);
  });

  it('refuses a wrong Host even with the token (DNS rebinding)', async () => {
    const r = await http(s.port, '/', { host: `evil.example:${s.port}`, headers: auth });
    expect(r.status).toBe(421);
    expect((await http(s.port, '/', { host: `127.0.0.1:1`, headers: auth })).status).toBe(421);
  });

  it('refuses a cross-site Origin', async () => {
    expect((await http(s.port, '/', { headers: { ...auth, Origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('trades the URL token for a same-site HttpOnly cookie', async () => {
    // The page is answered at once with the cookie (no redirect before the first paint).
    const r = await http(s.port, `/?token=${s.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>ok</title>');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await http(s.port, '/', { headers: { Cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ok</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    // Anything else with the token is redirected to the same path without it.
    const other = await http(s.port, `/assets/app.js?token=${s.token}`);
    expect(other.status).toBe(303);
    expect(other.headers.location).toBe('/assets/app.js');
    expect(String(other.headers['set-cookie'])).toMatch(/HttpOnly/);
  });

  it('confines static files to the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/link.txt']) {
      const r = await http(s.port, p, { headers: auth });
      expect([400, 403, 404], p).toContain(r.status);
      expect(r.body).not.toContain('SECRET');
    }
    expect((await http(s.port, '/assets/app.js', { headers: auth })).status).toBe(200);
  });

  it('validates calls exactly as the dispatcher does', async () => {
    expect((await call('nope.nope', {})).json.error.code).toBe('unknown-channel');
    expect((await call('store.inspect', { fileId: 5 })).json.error.code).toBe('bad-arguments');
    const [file] = (await call('files.list', {})).json.result;
    const big = await call('bytes.read', { fileId: file.id, offset: 0, length: LIMITS.maxRead * 2 });
    expect(big.json.error).toEqual({ code: 'too-large', message: `length: ${LIMITS.maxRead * 2} is over the limit of ${LIMITS.maxRead}` });
    expect((await call('files.openDropped', { path: '/etc/passwd' })).json.error.code).toBe('unsupported');
    const ok = await call('bytes.read', { fileId: file.id, offset: 0, length: 8 });
    expect(Buffer.from(ok.json.result.base64, 'base64').toString('latin1')).toBe('ERSTSTOR');
  });

  it('refuses non-JSON and oversized bodies', async () => {
    const r = await http(s.port, '/api/call', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(r.status).toBe(415);
    const bad = await http(s.port, '/api/call', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(JSON.parse(bad.body).error.code).toBe('bad-arguments');
  });

  it('pushes events over the WebSocket only with the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${s.port}/api/events`);
    await expect(
      new Promise((res, rej) => {
        refused.on('open', res);
        refused.on('error', rej);
      }),
    ).rejects.toThrow(/401/);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events`, { headers: auth });
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<{ event: string; payload: unknown[] }>((r) =>
      ws.on('message', (m) => {
        const msg = JSON.parse(String(m));
        if (msg.event === 'files.changed') r(msg);
      }),
    );
    await call('files.openSample', {});
    const msg = await got;
    expect(msg.event).toBe('files.changed');
    expect(msg.payload).toHaveLength(2);
    ws.close();
  });
});
