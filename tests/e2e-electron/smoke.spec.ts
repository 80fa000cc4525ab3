import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from './electron-binary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS_FILE = path.join(root, 'tests/fixtures/corpus/S2-accumulate/backing.after-boot3');
const binary = findElectronBinary(root);

type DesktopApi = {
  call(channel: string, args?: unknown): Promise<unknown>;
  invoke(channel: string, args?: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
};

test.describe('desktop app (Electron)', () => {
  if (binary.path === null) {
    // Said on stdout as well as in the report annotation, so a skipped smoke test is never mistaken for a pass.
    console.log(`[e2e-electron] SKIPPED: ${binary.reason}`);
  }

  test('opens a corpus file given on the command line, locked down', async () => {
    test.skip(binary.path === null, binary.reason ?? '');
    // The project build: main, preload and the renderer (vite) into dist/.
    execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
    expect(existsSync(path.join(root, 'dist/renderer/index.html')), 'dist/renderer/index.html (the renderer build)').toBe(true);

    const userData = mkdtempSync(path.join(tmpdir(), 'erst-viewer-e2e-'));
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [path.join(root, 'dist/app/main.js'), CORPUS_FILE],
      cwd: root,
      env: { ...process.env, ERST_VIEWER_USER_DATA: userData },
    });
    try {
      const win = await app.firstWindow();
      await win.waitForLoadState('domcontentloaded');
      expect(win.url()).toBe('app://erst/index.html');

      // Context isolation, sandbox, no Node integration: the page has the bridge and nothing of Node.
      expect(
        await win.evaluate(() => [
          typeof (globalThis as { require?: unknown }).require,
          typeof (globalThis as { process?: unknown }).process,
          typeof (globalThis as unknown as { erst?: DesktopApi }).erst?.call,
        ]),
      ).toEqual(['undefined', 'undefined', 'function']);

      // The command-line file was registered by main; the page knows it by id and name only.
      const files = (await win.evaluate(() => (globalThis as unknown as { erst: DesktopApi }).erst.call('files.list', {}))) as {
        id: string;
        name: string;
        origin: string;
        format: string;
      }[];
      expect(files).toEqual([expect.objectContaining({ name: 'backing.after-boot3', origin: 'command-line', format: 'erst-store' })]);
      await expect(win.getByText('backing.after-boot3').first()).toBeVisible({ timeout: 20_000 });

      // Allow-list: page script cannot hand main a path.
      expect(
        await win.evaluate(() => (globalThis as unknown as { erst: DesktopApi }).erst.invoke('files.openDropped', { path: '/etc/passwd' })),
      ).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });

      // The scheme sends the CSP and refuses to leave dist/renderer.
      const served = await win.evaluate(async () => {
        const index = await fetch('app://erst/index.html');
        const escape = await fetch('app://erst/..%2f..%2fpackage.json').then(
          (r) => r.status,
          () => -1,
        );
        return { csp: index.headers.get('content-security-policy'), escape };
      });
      expect(served.csp).toContain("default-src 'none'");
      expect([403, 404, -1]).toContain(served.escape);

      // Navigation away is cancelled.
      await win.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await win.waitForTimeout(500);
      expect(win.url()).toBe('app://erst/index.html');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
