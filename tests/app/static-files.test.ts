import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from '../../main/desktop/static-files';
import { contentTypeFor, isInsideRoot } from '../../main/webui/static-files';

const ROOT = '/opt/erst/dist/renderer';

describe('app:// static files are confined to dist/renderer', () => {
  it('serves index.html for the root and for folders', () => {
    for (const url of ['app://erst/', 'app://erst', 'app://erst/index.html']) {
      expect(resolveStaticFile(url, ROOT)).toEqual({ ok: true, file: `${ROOT}/index.html`, contentType: 'text/html; charset=utf-8' });
    }
    expect(resolveStaticFile('app://erst/assets/', ROOT)).toMatchObject({ ok: true, file: `${ROOT}/assets/index.html` });
  });

  it('serves nested assets with their content type, ignoring query and hash', () => {
    expect(resolveStaticFile('app://erst/assets/index-3f2a.js?v=1#x', ROOT)).toEqual({
      ok: true,
      file: `${ROOT}/assets/index-3f2a.js`,
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveStaticFile('app://erst/a%20b.css', ROOT)).toMatchObject({ ok: true, file: `${ROOT}/a b.css` });
  });

  it.each([
    'app://erst/../../../etc/passwd',
    'app://erst/%2e%2e/%2e%2e/etc/passwd',
    'app://erst/assets/..%2f..%2f..%2fetc/passwd',
    'app://erst/..%2F..%2Fetc%2Fpasswd',
    'app://erst/%252e%252e/secret',
    'app://erst/..%5c..%5cwindows%5cwin.ini',
    'app://erst/C:/Windows/win.ini',
    'app://erst/%00index.html',
    'app://erst/index.html%00.png',
    'app://erst//etc/passwd',
  ])('never resolves outside the root: %s', (url) => {
    const r = resolveStaticFile(url, ROOT);
    if (r.ok) expect(isInsideRoot(ROOT, r.file)).toBe(true);
    if (r.ok) expect(r.file.startsWith(ROOT + '/')).toBe(true);
  });

  it('refuses encoded parent segments and separators outright', () => {
    expect(resolveStaticFile('app://erst/assets/..%2f..%2fx', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveStaticFile('app://erst/..%5cx', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveStaticFile('app://erst/%00', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveStaticFile('app://erst/%E0%A4%A', ROOT)).toMatchObject({ ok: false, status: 400 });
  });

  it('applies Windows path rules when the root is a Windows path', () => {
    const winRoot = 'C:\\Program Files\\ERST Viewer\\resources\\app.asar\\dist\\renderer';
    expect(resolveStaticFile('app://erst/assets/a.js', winRoot, 'GET', path.win32)).toMatchObject({
      ok: true,
      file: `${winRoot}\\assets\\a.js`,
    });
    for (const url of ['app://erst/..%5c..%5cx', 'app://erst/C:%5cWindows', 'app://erst/%2e%2e/x', 'app://erst/\\\\server\\share']) {
      const r = resolveStaticFile(url, winRoot, 'GET', path.win32);
      if (r.ok) expect(isInsideRoot(winRoot, r.file, path.win32)).toBe(true);
    }
  });

  it('serves only GET and HEAD, only for the app host and scheme', () => {
    expect(resolveStaticFile('app://erst/index.html', ROOT, 'POST')).toMatchObject({ ok: false, status: 405 });
    expect(resolveStaticFile('app://erst/index.html', ROOT, 'HEAD')).toMatchObject({ ok: true });
    expect(resolveStaticFile('app://evil/index.html', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveStaticFile('https://erst/index.html', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveStaticFile('not a url', ROOT)).toMatchObject({ ok: false, status: 400 });
  });

  it('isInsideRoot compares whole path segments, not string prefixes', () => {
    expect(isInsideRoot('/a/renderer', '/a/renderer/x.js')).toBe(true);
    expect(isInsideRoot('/a/renderer', '/a/renderer')).toBe(true);
    expect(isInsideRoot('/a/renderer', '/a/renderer-evil/x.js')).toBe(false);
    expect(isInsideRoot('/a/renderer', '/a/x.js')).toBe(false);
    expect(isInsideRoot('C:\\r', 'D:\\r\\x', path.win32)).toBe(false);
  });

  it('sends unknown types as opaque bytes', () => {
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
    expect(contentTypeFor('X.SVG')).toBe('image/svg+xml');
  });
});
