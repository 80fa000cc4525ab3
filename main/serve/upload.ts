import { createWriteStream, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContractError, type ErrorCode, type FileInfo, type Reply } from '../../shared/contract/index';
import type { FileRegistry } from '../services/file-registry';

type Send = (res: ServerResponse, status: number, body: string, type?: string, extra?: Record<string, string>) => void;

export interface UploadContext {
  files: FileRegistry;
  /** Largest Content-Length accepted, in bytes. */
  maxUpload: number;
  send: Send;
}

const reply = (r: Reply<FileInfo>) => JSON.stringify(r);
const refusal = (code: ErrorCode, message: string) => reply({ ok: false, error: { code, message } });

/**
 * `PUT /api/upload?name=NAME` with the file as the body (`application/octet-stream`, with a
 * Content-Length): the bytes stream to a private temp copy (never held in memory), which is
 * then opened read-only like any other evidence, origin 'upload'. The reply is the contract's
 * Reply<FileInfo>. The length is checked before a byte is read, and again as bytes arrive, so
 * a client can neither exceed the limit nor leave a short copy behind: on any failure (the
 * client goes away, the disk fills) the copy is deleted and only this request ends.
 */
export async function receiveUpload(req: IncomingMessage, res: ServerResponse, url: URL, ctx: UploadContext): Promise<void> {
  const { send } = ctx;
  const json = 'application/json';
  // Answering before the body is read: close the connection so the unread body is not parsed as a request.
  const early = (status: number, body: string) => {
    send(res, status, body, json, { Connection: 'close' });
    res.once('finish', () => req.destroy());
  };
  if (req.method !== 'PUT') return early(405, refusal('bad-arguments', 'PUT only'));
  if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream'))
    return early(415, refusal('bad-arguments', 'application/octet-stream only'));
  const name = url.searchParams.get('name') ?? '';
  if (name.length < 1 || name.length > 255 || name.includes('\0')) return early(400, refusal('bad-arguments', 'name: 1 to 255 characters'));
  const declared = req.headers['content-length'];
  if (declared === undefined || !/^\d{1,16}$/.test(declared)) return early(411, refusal('bad-arguments', 'a Content-Length is required'));
  const length = Number(declared);
  if (length > ctx.maxUpload) {
    return early(
      413,
      refusal(
        'too-large',
        `${name} is ${length} bytes, over this server's upload limit of ${ctx.maxUpload} bytes (serve --max-upload); open it by path instead: erst-viewer serve FILE`,
      ),
    );
  }

  let path: string;
  try {
    path = ctx.files.uploadPath(name);
  } catch (e) {
    return early(
      200,
      refusal(e instanceof ContractError && e.code === 'too-many-files' ? 'too-many-files' : 'internal', (e as Error).message),
    );
  }
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      if (received > length) return done(new Error('more bytes than the Content-Length'));
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    if (received !== length) throw new Error(`received ${received} of ${length} bytes`);
  } catch (e) {
    rmSync(path, { force: true });
    send(res, 400, refusal('bad-arguments', `upload of ${name} failed: ${(e as Error).message}`), json, { Connection: 'close' });
    req.destroy();
    return;
  }
  try {
    const f = ctx.files.openUpload(path, name);
    send(res, 200, reply({ ok: true, result: f.info }), json);
  } catch (e) {
    // openUpload deleted the copy; the reply says why, as a contract error.
    const code = e instanceof ContractError ? e.code : 'internal';
    send(res, 200, refusal(code, (e as Error).message), json);
  }
}
