import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import {
  MAX_UPLOAD_BASE64,
  type AppInfo,
  type BootState,
  type FileInfo,
  type OpenProgress,
  type RecentEntry,
} from '../../shared/contract/index';
import { bootPage, firstRowsBlock, inlineStylesheet } from './boot-page';
import { FirstRows, firstRowsOf } from './first-rows';
import { receiveUpload } from './upload';
import { sendArchive } from './archive';
import { replyJson, type Dispatcher } from '../services/dispatcher';
import { hostAllowed, newToken, originAllowed, sessionCookie, tokenFrom, tokenMatches } from './auth';
import { policyWithStyle, SECURITY_HEADERS } from '../webui/security';
import { staticFile } from './static';

export interface ServeOptions {
  dispatcher: Dispatcher;
  /** The built renderer folder; static files are confined to it. */
  staticRoot?: string;
  /** 0 = a free port. */
  port?: number;
  token?: string;
  /** Largest file `PUT /api/upload` accepts, in bytes (default DEFAULT_MAX_UPLOAD). */
  maxUpload?: number;
  /** How long the page of a file still being indexed waits for its first rows (default 100, first-rows.ts). */
  firstRowsWaitMs?: number;
}

/** Uploads stream to disk, so the limit is about disk space, not memory. */
export const DEFAULT_MAX_UPLOAD = 4 * 1024 ** 3;

export interface RunningServer {
  port: number;
  token: string;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

/** A call body holds at most one upload plus a little JSON around it. */
const MAX_BODY = MAX_UPLOAD_BASE64 + 64 * 1024;

/**
 * Loopback serve mode: the same dispatcher as Electron IPC, over HTTP (POST /api/call) and a
 * WebSocket for events (/api/events). Binds 127.0.0.1 only; every request needs the token and
 * a loopback Host (DNS rebinding) and, when it has one, our own Origin (cross-site requests).
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const token = o.token ?? newToken();
  const { dispatcher } = o;
  let port = 0;
  const maxUpload = o.maxUpload ?? DEFAULT_MAX_UPLOAD;
  // Loaded here, not with the CLI: every other command would pay for reading it (~30 ms).
  const { WebSocketServer, WebSocket: WsSocket } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  // A bad frame is reported on the socket (and it is closed); the server itself never fails with it.
  wss.on('error', () => {});
  const sockets = new Set<WebSocket>();

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/plain; charset=utf-8',
    extra: Record<string, string> = {},
  ) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra });
    res.end(body);
  };

  /** Host, Origin and token, in that order; returns the refusal or undefined when allowed. */
  const refuse = (req: IncomingMessage, url: URL): [number, string] | undefined => {
    if (!hostAllowed(req, port)) return [421, 'wrong Host: serve mode answers on 127.0.0.1 only'];
    if (!originAllowed(req, port)) return [403, 'cross-origin request refused'];
    if (!tokenMatches(tokenFrom(req, url), token)) return [401, 'token required: open the URL that `erst-viewer serve` printed'];
    return undefined;
  };

  const server = createServer((req, res) => {
    // A client that goes away mid-request ends that request only.
    req.on('error', () => req.destroy());
    res.on('error', () => res.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return send(res, 400, 'bad request\n', undefined, { Connection: 'close' });
    }
    const no = refuse(req, url);
    if (no) return send(res, no[0], no[1] + '\n');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    // The URL token is traded for a same-site cookie. The page itself comes with the cookie
    // (a redirect would cost a round trip before the first paint) and drops the token from the
    // address bar when it starts (renderer/transport/url-token.ts); anything else is redirected.
    const cookie = url.searchParams.has('token') ? { 'Set-Cookie': sessionCookie(token) } : undefined;
    if (cookie && !(isPage && req.method === 'GET' && o.staticRoot))
      return send(res, 303, '', 'text/plain', { Location: url.pathname, ...cookie });
    if (url.pathname === '/api/call') return void handleCall(req, res).catch(() => dropRequest(req, res));
    if (url.pathname === '/api/export-archive') return void sendArchive(req, res, url, dispatcher, send).catch(() => dropRequest(req, res));
    if (url.pathname === '/api/upload')
      return void receiveUpload(req, res, url, { files: dispatcher.files, maxUpload, send }).catch(() => dropRequest(req, res));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    if (!o.staticRoot) return send(res, 404, 'renderer not built: run `npm run build`\n');
    let file: ReturnType<typeof staticFile>;
    try {
      file = staticFile(o.staticRoot, url.pathname);
    } catch {
      return send(res, 404, 'not found\n');
    }
    if (!file.ok) return send(res, file.status, file.reason + '\n');
    if (isPage) return void sendPage(res, file.body, file.type, cookie).catch(() => dropRequest(req, res));
    send(res, 200, file.body, file.type);
  });

  /** How far each open file's indexing is, for the page's first paint. */
  const progress = new Map<string, OpenProgress>();
  const firstRows = new FirstRows(
    (fileId) => dispatcher.call('records.window', firstRowsOf(fileId), { transport: 'serve' }),
    o.firstRowsWaitMs,
  );
  const offProgress = dispatcher.onEvent((event, payload) => {
    if (event !== 'files.progress') return;
    const p = payload as OpenProgress;
    if (p.phase === 'indexing' || p.phase === 'hashing') progress.set(p.fileId, p);
    else progress.delete(p.fileId);
    firstRows.onProgress(p);
  });

  /** index.html with the boot state in it (see boot-page.ts); the same answers the page would ask for first. */
  async function sendPage(res: ServerResponse, built: Buffer, type: string, extra: Record<string, string> = {}) {
    const ctx = { transport: 'serve' as const };
    const [app, files, recent] = await Promise.all([
      dispatcher.call('app.info', {}, ctx),
      dispatcher.call('files.list', {}, ctx),
      dispatcher.call('files.recent', {}, ctx),
    ]);
    const { html, styleHash } = inlineStylesheet(built.toString('utf8'), (path) => {
      const f = staticFile(o.staticRoot!, `/${path}`);
      return f.ok ? f.body.toString('utf8') : undefined;
    });
    const headers = styleHash ? { ...extra, 'Content-Security-Policy': policyWithStyle(styleHash) } : extra;
    if (!app.ok || !files.ok || !recent.ok) return send(res, 200, html, type, headers);
    const list = files.result as FileInfo[];
    const first = list[0];
    const boot: BootState = {
      app: app.result as AppInfo,
      files: list,
      recent: recent.result as RecentEntry[],
      progress: list.flatMap((f) => progress.get(f.id) ?? []),
    };
    const page = bootPage(html, boot);
    if (!first) return send(res, 200, page, type, headers);
    // The first file's first rows end the page: what comes before them (the open file's state
    // or progress) is painted while they are read, and the table is then drawn without a round
    // trip (the page's script runs once the whole page is in). See first-rows.ts for which.
    if (res.headersSent || res.destroyed) return;
    const body = page.lastIndexOf('</body>');
    const end = body < 0 ? page.length : body;
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, ...headers });
    res.write(page.slice(0, end));
    const w = await firstRows.forPage(first, progress.has(first.id));
    res.end((w ? firstRowsBlock(first.id, w) : '') + page.slice(end));
  }
  // Malformed HTTP (bad request line, oversized headers, a reset): answer 400 when possible, drop that socket only.
  server.on('clientError', (_err, socket: Duplex) => {
    if ((socket as Socket).writable && !(socket as Socket).destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()));

  /** After a failure mid-request (the client went away, a read failed): end that request only. */
  function dropRequest(req: IncomingMessage, res: ServerResponse) {
    send(res, 400, 'request failed\n', undefined, { Connection: 'close' });
    req.destroy();
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return send(res, 405, 'POST only\n');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'application/json only\n');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_BODY) {
        tooBig = true;
        break;
      }
      chunks.push(c);
    }
    if (tooBig) {
      send(
        res,
        413,
        JSON.stringify({ ok: false, error: { code: 'too-large', message: `request body over ${MAX_BODY} bytes` } }),
        'application/json',
        { Connection: 'close' },
      );
      req.destroy();
      return;
    }
    let msg: { channel?: unknown; args?: unknown };
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(
        res,
        400,
        JSON.stringify({ ok: false, error: { code: 'bad-arguments', message: 'body is not JSON' } }),
        'application/json',
      );
    }
    if (typeof msg !== 'object' || msg === null) msg = {};
    const reply = await dispatcher.call(msg.channel, msg.args, { transport: 'serve' });
    // Contract errors are replies (200), so the client tells them apart from HTTP failures.
    send(res, 200, replyJson(reply), 'application/json');
  }

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      /* refused below */
    }
    const no = url?.pathname === '/api/events' ? refuse(req, url) : [404, 'not found'];
    if (no) {
      socket.end(`HTTP/1.1 ${no[0]} ${no[1]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      // ws closes the connection itself on a protocol error (bad frame, too long, bad UTF-8,
      // bad close code): the error only needs a listener so it does not reach the process.
      ws.on('error', () => {
        sockets.delete(ws);
        ws.terminate();
      });
      ws.on('close', () => sockets.delete(ws));
      // Events flow one way; anything the page sends on the socket is ignored.
    });
  });

  const off = dispatcher.onEvent((event, payload) => {
    let text: string;
    try {
      text = JSON.stringify({ event, payload });
    } catch {
      return;
    }
    for (const ws of sockets) if (ws.readyState === WsSocket.OPEN) ws.send(text, () => {});
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // The first file's first rows are asked for now: at hand (and kept by the file's worker)
  // before a page asks for them.
  void dispatcher.call('files.list', {}, { transport: 'serve' }).then((l) => {
    const first = l.ok ? (l.result as FileInfo[])[0] : undefined;
    if (first) void firstRows.prepare(first.id);
  });
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      off();
      offProgress();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
