import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export type StaticResult = { ok: true; body: Buffer; type: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Serves files from the built renderer only. Whatever the URL path says (encoded dots or
 * slashes, backslashes, NUL), the resolved real path must lie under the root's real path, or
 * the request is refused; symlinks are followed before the check, not after.
 */
export function staticFile(root: string, urlPath: string): StaticResult {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: 'bad URL encoding' };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400, reason: 'bad path' };
  if (path === '/' || path === '') path = '/index.html';
  const realRoot = realpathSync(root);
  const candidate = resolve(realRoot, '.' + path);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + sep)) return { ok: false, status: 403, reason: 'outside the renderer' };
  if (!existsSync(candidate)) return { ok: false, status: 404, reason: 'not found' };
  const real = realpathSync(candidate);
  if (!real.startsWith(realRoot + sep)) return { ok: false, status: 403, reason: 'outside the renderer' };
  if (!statSync(real).isFile()) return { ok: false, status: 404, reason: 'not found' };
  return { ok: true, body: readFileSync(real), type: TYPES[extname(real)] ?? 'application/octet-stream' };
}

/** The built renderer: dist/renderer next to the bundled CLI, or under the repo when run from source. */
export function rendererRoot(here: string): string | undefined {
  const candidates = [join(here, 'renderer'), join(here, '..', '..', 'dist', 'renderer'), join(here, '..', 'dist', 'renderer'), join(here, '..', '..', '..', 'dist', 'renderer')];
  return candidates.find((c) => existsSync(join(c, 'index.html')));
}
