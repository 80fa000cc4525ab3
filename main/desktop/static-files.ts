import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Maps an app:// request URL to a file under the renderer's build folder, or refuses it.
 *
 * Confinement does not rely on one trick but on the result: whatever the URL says (percent-
 * encoded dots or slashes, backslashes, NUL, drive letters, UNC prefixes), the resolved path
 * must be the root itself or lie strictly below it, or the request is refused. Symlinks are
 * checked separately with `isInsideRoot` on real paths (see app/protocol.ts), because only
 * the file system knows where a link points.
 */

export type StaticFileResolution =
  | { ok: true; file: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Content type by extension; unknown types are served as opaque bytes (and nosniff). */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `candidate` is `root` or below it. Both must be absolute; `pathApi` lets tests use win32 rules. */
export function isInsideRoot(root: string, candidate: string, pathApi: path.PlatformPath = path): boolean {
  const rel = pathApi.relative(pathApi.resolve(root), pathApi.resolve(candidate));
  if (rel === '') return true;
  return !rel.startsWith('..') && !pathApi.isAbsolute(rel);
}

/**
 * Resolves `url` (as received by the protocol handler) against `root`, the absolute path of
 * dist/renderer. Only GET/HEAD for the app host; "/" and directories' trailing "/" mean index.html.
 */
export function resolveStaticFile(
  url: string,
  root: string,
  method = 'GET',
  pathApi: path.PlatformPath = path,
): StaticFileResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `method ${method}` };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'unparsable URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404, reason: `not ${APP_SCHEME}://${APP_HOST}` };

  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  // Refuse rather than normalise anything a file name never needs: NUL, backslash (a separator on
  // Windows), colon (drive letters, NTFS streams), and any ".." segment even if it would stay inside.
  if (/[\0\\:]/.test(rel)) return { ok: false, status: 400, reason: 'forbidden character in path' };
  const segments = rel.split('/');
  if (segments.some((s) => s === '..')) return { ok: false, status: 403, reason: 'parent segment' };
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';

  const absRoot = pathApi.resolve(root);
  const file = pathApi.resolve(absRoot, '.' + pathApi.sep + rel.split('/').filter((s) => s !== '' && s !== '.').join(pathApi.sep));
  if (file === absRoot || !isInsideRoot(absRoot, file, pathApi)) return { ok: false, status: 403, reason: 'outside the renderer folder' };
  return { ok: true, file, contentType: contentTypeFor(file) };
}
