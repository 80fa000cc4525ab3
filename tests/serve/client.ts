import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';
import type { RunningServer } from '../../main/serve/server';

/** A test client of one running server: plain HTTP with the token, raw TCP for bytes no library would send. */
export function serveClient(server: () => RunningServer) {
  function http(
    method: string,
    path: string,
    headers: Record<string, string | number>,
    body?: Buffer | string,
  ): Promise<{ status: number; body: string }> {
    const s = server();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: s.port, path, method, headers: { Authorization: `Bearer ${s.token}`, ...headers } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const call = async (channel: string, args: unknown = {}) =>
    JSON.parse((await http('POST', '/api/call', { 'Content-Type': 'application/json' }, JSON.stringify({ channel, args }))).body);
  /** The server answers normally: a light call and a byte read of the open store. */
  async function stillServing() {
    const list = await call('files.list');
    expect(list.ok).toBe(true);
    const read = await call('bytes.read', { fileId: list.result[0].id, offset: 0, length: 8 });
    expect(Buffer.from(read.result.base64, 'base64').toString('latin1')).toBe('ERSTSTOR');
  }
  function raw(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const sock = connect(server().port, '127.0.0.1', () => resolve(sock));
      sock.on('error', reject);
    });
  }
  /** Everything the server sends until it closes the connection. */
  const untilClosed = (sock: Socket) =>
    new Promise<Buffer>((resolve) => {
      const got: Buffer[] = [];
      sock.on('data', (c) => got.push(c));
      sock.on('error', () => {});
      sock.on('close', () => resolve(Buffer.concat(got)));
    });
  return { http, call, stillServing, raw, untilClosed };
}
