import path from 'node:path';

/**
 * Confinement of the built renderer, shared by the desktop app's app:// scheme and serve
 * mode. It does not rely on one trick but on the result: whatever the path says (percent-
 * encoded dots or slashes, backslashes, NUL, drive letters, UNC prefixes), the resolved path
 * must lie strictly below the root, or the request is refused. Symlinks are checked by the
 * callers on real paths, because only the file system knows where a link points.
 */

export type Confined = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403; reason: string };

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

/** Resolves a URL path (still percent-encoded) under `root`; "/" and trailing "/" mean index.html. */
export function resolveUnderRoot(urlPath: string, root: string, pathApi: path.PlatformPath = path): Confined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
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
  const file = pathApi.resolve(
    absRoot,
    '.' +
      pathApi.sep +
      rel
        .split('/')
        .filter((s) => s !== '' && s !== '.')
        .join(pathApi.sep),
  );
  if (file === absRoot || !isInsideRoot(absRoot, file, pathApi)) return { ok: false, status: 403, reason: 'outside the renderer folder' };
  return { ok: true, file, contentType: contentTypeFor(file) };
}
