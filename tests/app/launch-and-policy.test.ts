import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesktopPath } from '../../main/desktop/desktop-path';
import { filesFromArgv, filesFromSecondInstance } from '../../main/desktop/launch-args';
import { externalLinkFor, isNavigationAllowed } from '../../main/desktop/navigation-policy';
import { isPermissionGranted } from '../../main/desktop/permission-policy';
import { CONTENT_SECURITY_POLICY } from '../../main/webui/security';

describe('files from the command line', () => {
  it('packaged: everything after the executable that is not a switch', () => {
    expect(filesFromArgv(['/opt/ERST Viewer/erst-viewer', '--no-sandbox', 'a.bin', '/x/b'], false)).toEqual(['a.bin', '/x/b']);
    expect(filesFromArgv(['C:\\ERST Viewer.exe', '--original-process-start-time=1', 'C:\\e\\backing'], false)).toEqual(['C:\\e\\backing']);
  });
  it('unpackaged: the app path is the first positional, wherever switches are', () => {
    expect(filesFromArgv(['electron', 'dist/app/main.js', 'backing'], true)).toEqual(['backing']);
    // Playwright puts its switches before the app path.
    expect(filesFromArgv(['electron', '--inspect=0', '--remote-debugging-port=0', 'dist/app/main.js', '/c/backing'], true)).toEqual([
      '/c/backing',
    ]);
    expect(filesFromArgv(['electron', '.'], true)).toEqual([]);
  });
  it('"--" ends switches; empty and NUL arguments are dropped', () => {
    expect(filesFromArgv(['exe', '--', '-odd-name', ''], false)).toEqual(['-odd-name']);
    expect(filesFromArgv(['exe', 'a\0b'], false)).toEqual([]);
  });
  it('second instance: prefers the resolved files it sent, falls back to argv in its cwd', () => {
    expect(filesFromSecondInstance(['exe', 'ignored'], '/w', { files: ['/abs/a'] }, false, path.posix.resolve)).toEqual(['/abs/a']);
    expect(filesFromSecondInstance(['exe', '--flag', 'rel/b'], '/w', null, false, path.posix.resolve)).toEqual(['/w/rel/b']);
    expect(filesFromSecondInstance(['exe', 'rel/b'], '/w', { files: [1] }, false, path.posix.resolve)).toEqual(['/w/rel/b']);
  });
});

describe('paths accepted from the desktop', () => {
  it('accepts absolute paths (POSIX and Windows rules)', () => {
    expect(checkDesktopPath('/evidence/backing', path.posix.isAbsolute)).toEqual({ ok: true, path: '/evidence/backing' });
    expect(checkDesktopPath('C:\\e\\backing', path.win32.isAbsolute)).toEqual({ ok: true, path: 'C:\\e\\backing' });
  });
  it.each<[unknown, string]>([
    ['backing', 'not an absolute path'],
    ['file:///etc/passwd', 'a URL, not a path'],
    ['/a\0b', 'NUL in path'],
    ['', 'empty path'],
    [undefined, 'not a string'],
    ['/' + 'x'.repeat(4096), 'longer than 4096 chars'],
  ])('refuses %j', (p, reason) => {
    expect(checkDesktopPath(p, path.posix.isAbsolute)).toEqual({ ok: false, reason });
  });
});

describe('navigation, new windows and permissions', () => {
  it('navigates only within app://erst', () => {
    expect(isNavigationAllowed('app://erst/index.html')).toBe(true);
    for (const u of [
      'https://example.com/',
      'file:///etc/passwd',
      'app://other/',
      'javascript:alert(1)',
      'data:text/html,x',
      'about:blank',
      '',
    ]) {
      expect(isNavigationAllowed(u)).toBe(false);
    }
  });
  it('hands only plain https links to the OS browser', () => {
    expect(externalLinkFor('https://uefi.org/specifications')).toBe('https://uefi.org/specifications');
    for (const u of [
      'http://example.com/',
      'file:///bin/sh',
      'smb://host/share',
      'javascript:alert(1)',
      'https://user:pw@host/',
      'ms-msdt:/id',
      'app://erst/',
    ]) {
      expect(externalLinkFor(u)).toBeNull();
    }
  });
  it('denies every permission except clipboard writes from the app itself', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://erst/index.html')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'fileSystem', 'unknown']) {
      expect(isPermissionGranted(p, 'app://erst/index.html')).toBe(false);
    }
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [k, ...v] = d.trim().split(/\s+/);
      return [k, v] as const;
    }),
  );
  it('starts from nothing and allows no inline script, eval or remote origin', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    for (const k of ['object-src', 'base-uri', 'form-action', 'frame-ancestors', 'frame-src'])
      expect(directives.get(k)).toEqual(["'none'"]);
  });
});
