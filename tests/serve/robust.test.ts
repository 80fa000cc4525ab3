import { request } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher';
import { startServer, type RunningServer } from '../../main/serve/server';
import { corpusPath } from '../helpers/corpus';
import { serveClient } from './client';

/**
 * Serve mode under hostile or broken clients: each malformed WebSocket frame, malformed HTTP,
 * a client that goes away in the middle of a call (uploads: upload.test.ts). Each must end that connection
 * only; after each, the server answers a normal call. An 'error' event without a listener or an
 * unhandled rejection would fail this file (vitest reports both).
 */
describe('serve mode stays up', () => {
  let d: Dispatcher;
  let s: RunningServer;

  beforeAll(async () => {
    d = createDispatcher({ version: 'test' });
    d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
    s = await startServer({ dispatcher: d });
  });
  afterAll(async () => {
    await s.close();
    d.dispose();
  });

  const { http, call, stillServing, raw, untilClosed } = serveClient(() => s);

  async function websocket(): Promise<Socket> {
    const sock = await raw();
    sock.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise<void>((resolve, reject) => {
      let head = '';
      const onData = (c: Buffer) => {
        head += c.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        sock.off('data', onData);
        if (head.startsWith('HTTP/1.1 101')) resolve();
        else reject(new Error(head));
      };
      sock.on('data', onData);
    });
    return sock;
  }

  /** A client frame: FIN + opcode (+ RSV bits), masked unless told otherwise. */
  function frame(first: number, payload: Buffer, o: { masked?: boolean; declaredLength?: number } = {}): Buffer {
    const masked = o.masked ?? true;
    const len = o.declaredLength ?? payload.length;
    const head =
      len < 126 ? Buffer.from([first, (masked ? 0x80 : 0) | len]) : Buffer.from([first, (masked ? 0x80 : 0) | 126, len >> 8, len & 0xff]);
    if (!masked) return Buffer.concat([head, payload]);
    const key = randomBytes(4);
    const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
    return Buffer.concat([head, key, body]);
  }
  const closeCode = (bytes: Buffer) => (bytes.length >= 4 && bytes[0] === 0x88 ? bytes.readUInt16BE(2) : null);

  it.each<[string, number, Buffer]>([
    ['a text frame over the 4,096-byte limit', 1009, frame(0x81, Buffer.alloc(5000, 0x61))],
    ['invalid UTF-8 in a text frame', 1007, frame(0x81, Buffer.from([0x68, 0xff, 0xfe, 0x69]))],
    ['an unmasked frame', 1002, frame(0x81, Buffer.from('hi'), { masked: false })],
    ['a reserved opcode (0x3)', 1002, frame(0x83, Buffer.from('x'))],
    ['RSV1 set without an extension', 1002, frame(0xc1, Buffer.from('x'))],
    ['a close frame with code 999', 1002, frame(0x88, Buffer.from([0x03, 0xe7]))],
    ['a close frame with a 1-byte payload', 1002, frame(0x88, Buffer.from([0x03]))],
    ['a ping of 126 bytes (control frames are at most 125)', 1002, frame(0x89, Buffer.alloc(126, 1))],
    ['a fragmented ping', 1002, frame(0x09, Buffer.from('x'))],
  ])('%s closes that socket only (close code %i)', async (_what, code, bytes) => {
    const other = await websocket();
    const sock = await websocket();
    const closed = untilClosed(sock);
    sock.write(bytes);
    expect(closeCode(await closed)).toBe(code);
    // Another socket is untouched: it still gets events.
    const event = new Promise<string>((resolve) => {
      let seen = '';
      other.on('data', (c) => (seen += c.toString('latin1')).includes('files.changed') && resolve(seen));
    });
    await call('files.openSample');
    expect(await event).toContain('files.changed');
    other.destroy();
    await stillServing();
    const sample = (await call('files.list')).result.find((f: { name: string }) => f.name === 'sample-store.erst');
    await call('files.close', { fileId: sample.id });
  });

  it('malformed HTTP gets a 400 on that connection only', async () => {
    for (const bad of [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      `GET /${'a'.repeat(20000)} HTTP/1.1\r\n${'X-Big: ' + 'b'.repeat(20000)}\r\n\r\n`,
    ]) {
      const sock = await raw();
      const closed = untilClosed(sock);
      sock.write(bad);
      expect((await closed).toString('latin1')).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    await stillServing();
  });

  it('a client that goes away in the middle of a call ends that call only', async () => {
    const sock = await raw();
    sock.write(
      `POST /api/call HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"channel":"files.li`,
    );
    await new Promise((r) => setImmediate(r));
    sock.destroy();
    await stillServing();
  });

  it('a finished export downloads as one zip holding every file of the job, byte for byte', async () => {
    const [file] = (await call('files.list')).result;
    let job = (await call('export.start', { fileId: file.id, kind: 'dmesg' })).result;
    while (job.state === 'running') job = (await call('export.status', { jobId: job.jobId })).result;
    expect(job.state).toBe('done');
    expect(job.files.length).toBeGreaterThan(1);
    const zip = await new Promise<{ status: number; type: string; disposition: string; body: Buffer }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: s.port, path: `/api/export-archive?job=${job.jobId}`, headers: { Authorization: `Bearer ${s.token}` } },
        (res) => {
          const got: Buffer[] = [];
          res.on('data', (c) => got.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              type: String(res.headers['content-type']),
              disposition: String(res.headers['content-disposition']),
              body: Buffer.concat(got),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    expect(zip.disposition).toBe('attachment; filename="backing.after-boot3-dmesg.zip"');
    const entries = unzipSync(new Uint8Array(zip.body));
    expect(Object.keys(entries).sort()).toEqual(job.files.map((f: { name: string }) => f.name).sort());
    for (const f of job.files) {
      const c = (await call('export.read', { jobId: job.jobId, name: f.name, offset: 0, length: f.bytes })).result;
      expect(Buffer.from(entries[f.name]).equals(Buffer.from(c.base64, 'base64')), f.name).toBe(true);
    }
    expect((await http('GET', '/api/export-archive?job=jNOPE', {})).status).toBe(404);
    expect((await http('GET', '/api/export-archive?job=../x', {})).status).toBe(400);
  });
});
