import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { startServer, type RunningServer } from '../../main/serve/server';
import { generateStore } from '../../shared/generate/store';
import { cli } from '../helpers/cli';
import { corpusPath } from '../helpers/corpus';
import { serveClient } from './client';

/**
 * Uploads in serve mode: `PUT /api/upload` streams to a private temp copy, checked against the
 * server's limit before a byte is read; a client that leaves halfway leaves no copy and ends
 * that request only; a copy is deleted when its file is closed.
 */
describe('streamed uploads', () => {
  let d: Dispatcher;
  let s: RunningServer;
  const MAX_UPLOAD = 12 * 1024 * 1024;
  const { http, call, stillServing, raw, untilClosed } = serveClient(() => s);

  beforeAll(async () => {
    d = createDispatcher({ version: 'test' });
    d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
    s = await startServer({ dispatcher: d, maxUpload: MAX_UPLOAD });
  });
  afterAll(async () => {
    await s.close();
    d.dispose();
  });

  const tempCopies = () =>
    readdirSync(tmpdir())
      .filter((n) => n.startsWith(`erst-viewer-${process.pid}-`))
      .flatMap((n) => readdirSync(join(tmpdir(), n)));
  async function until(cond: () => boolean) {
    for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    return cond();
  }

  it('an upload the client abandons halfway leaves no copy and ends that request only', async () => {
    const before = tempCopies().length;
    const sock = await raw();
    const closed = untilClosed(sock);
    sock.write(
      `PUT /api/upload?name=half.bin HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n`,
    );
    sock.write(Buffer.alloc(1024 * 1024, 7));
    // The copy exists while bytes arrive...
    expect(await until(() => tempCopies().length === before + 1)).toBe(true);
    sock.destroy();
    await closed;
    // ...and is gone once the client has left.
    expect(await until(() => tempCopies().length === before)).toBe(true);
    await stillServing();
    expect((await call('files.list')).result.map((f: { name: string }) => f.name)).not.toContain('half.bin');
  });

  it('a multi-MiB upload streams to a private copy, opens as origin upload, is in recent files, and its copy goes when it is closed', async () => {
    const g = generateStore({
      size: 6 * 1024 * 1024,
      boots: [
        {
          bootTime: 1_700_000_000,
          dumps: [
            { reason: 'Panic', lines: 300, compressed: true },
            { reason: 'Oops', lines: 200, compressed: false },
          ],
        },
      ],
      seed: 3,
    });
    const before = tempCopies().length;
    const r = await http(
      'PUT',
      `/api/upload?name=${encodeURIComponent('big store.bin')}`,
      { 'Content-Type': 'application/octet-stream', 'Content-Length': g.bytes.length },
      Buffer.from(g.bytes),
    );
    expect(r.status).toBe(200);
    const reply = JSON.parse(r.body);
    expect(reply.ok).toBe(true);
    expect(reply.result).toMatchObject({ name: 'big store.bin', size: g.bytes.length, origin: 'upload', format: 'erst-store' });
    const id = reply.result.id;
    expect(tempCopies().length).toBe(before + 1);
    const copy = readdirSync(tmpdir())
      .filter((n) => n.startsWith(`erst-viewer-${process.pid}-`))
      .map((n) =>
        join(
          tmpdir(),
          n,
          tempCopies().find((c) => c.endsWith('big_store.bin'))!,
        ),
      )[0];
    expect(readFileSync(copy).equals(Buffer.from(g.bytes))).toBe(true);
    const tail = await call('bytes.read', { fileId: id, offset: g.bytes.length - 16, length: 16 });
    expect(Buffer.from(tail.result.base64, 'base64').equals(Buffer.from(g.bytes.subarray(-16)))).toBe(true);
    const recent = (await call('files.recent')).result;
    expect(recent[0]).toMatchObject({ name: 'big store.bin', size: g.bytes.length });
    expect((await call('files.openRecent', { key: recent[0].key })).result.id).toBe(id);
    await call('files.close', { fileId: id });
    expect(tempCopies().length).toBe(before);
    expect((await call('files.recent')).result.map((x: { name: string }) => x.name)).not.toContain('big store.bin');
  });

  it('at start, copies left by a process that is gone are removed; those of a live process are kept', async () => {
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    const stale = join(tmpdir(), `erst-viewer-${gone}-zzzzzz`);
    const live = join(tmpdir(), `erst-viewer-${process.ppid}-zzzzzz`);
    for (const dir of [stale, live]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'u-copy.bin'), 'left behind');
    }
    try {
      const other = createDispatcher({ version: 'test' });
      other.dispose();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(join(live, 'u-copy.bin'))).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });

  it('serve --max-upload takes a size and refuses anything else as a usage error', async () => {
    const bad = await cli('serve', '--max-upload', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--max-upload: lots is not a size (e.g. 67108864, 512M, 8G)');
  });

  it('refuses an upload over the limit, without a length, or of the wrong type, before reading it', async () => {
    const over = await http('PUT', '/api/upload?name=x.bin', {
      'Content-Type': 'application/octet-stream',
      'Content-Length': MAX_UPLOAD + 1,
    });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body).error.message).toMatch(/over this server's upload limit of 12582912 bytes/);
    const chunked = await http(
      'PUT',
      '/api/upload?name=x.bin',
      { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' },
      'abc',
    );
    expect(chunked.status).toBe(411);
    expect((await http('PUT', '/api/upload?name=x.bin', { 'Content-Type': 'text/plain', 'Content-Length': 3 }, 'abc')).status).toBe(415);
    expect((await http('PUT', '/api/upload', { 'Content-Type': 'application/octet-stream', 'Content-Length': 3 }, 'abc')).status).toBe(400);
    expect(
      (await http('POST', '/api/upload?name=x.bin', { 'Content-Type': 'application/octet-stream', 'Content-Length': 3 }, 'abc')).status,
    ).toBe(405);
    const noToken = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: s.port,
          path: '/api/upload?name=x.bin',
          method: 'PUT',
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': 3 },
        },
        (res) => resolve(res.statusCode!),
      );
      req.end('abc');
    });
    expect(noToken).toBe(401);
    await stillServing();
  });
});
