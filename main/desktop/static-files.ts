import path from 'node:path';
import { resolveUnderRoot } from '../webui/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Maps an app:// request URL to a file under the renderer's build folder, or refuses it
 * (the confinement itself is main/webui/static-files.ts, shared with serve mode; symlinks are
 * checked on real paths in app/protocol.ts).
 */

export type StaticFileResolution =
  { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

/**
 * Resolves `url` (as received by the protocol handler) against `root`, the absolute path of
 * dist/renderer. Only GET/HEAD for the app host; "/" and directories' trailing "/" mean index.html.
 */
export function resolveStaticFile(url: string, root: string, method = 'GET', pathApi: path.PlatformPath = path): StaticFileResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `method ${method}` };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'unparsable URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404, reason: `not ${APP_SCHEME}://${APP_HOST}` };

  return resolveUnderRoot(u.pathname, root, pathApi);
}
