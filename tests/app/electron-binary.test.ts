import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../e2e-electron/electron-binary';

/** The smoke test's decision to launch or to skip (with a reason), checked on fake installs. */
describe('finding the Electron binary without requiring electron', () => {
  const dirs: string[] = [];
  const fakeRoot = (files: Record<string, string>) => {
    const root = mkdtempSync(path.join(tmpdir(), 'erst-electron-bin-'));
    dirs.push(root);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    return root;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('skips with the reason when dist/ was never downloaded (this machine)', () => {
    const root = fakeRoot({ 'node_modules/electron/package.json': '{}' });
    const r = findElectronBinary(root, { DISPLAY: ':0' }, 'linux');
    expect(r.path).toBeNull();
    expect(r.reason).toMatch(/^Electron binary not installed \(node_modules\/electron\/dist missing\)/);
  });

  it('skips when the download was incomplete', () => {
    const root = fakeRoot({
      'node_modules/electron/package.json': '{}',
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/LICENSE': '',
    });
    expect(findElectronBinary(root, { DISPLAY: ':0' }, 'linux').reason).toMatch(/download was incomplete/);
  });

  it('launches the executable path.txt names', () => {
    const root = fakeRoot({
      'node_modules/electron/package.json': '{}',
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/electron': '',
    });
    expect(findElectronBinary(root, { DISPLAY: ':0' }, 'linux')).toEqual({ path: path.join(root, 'node_modules/electron/dist/electron') });
  });

  it('on Linux without a display it skips and says so', () => {
    const root = fakeRoot({
      'node_modules/electron/package.json': '{}',
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/electron': '',
    });
    expect(findElectronBinary(root, {}, 'linux').reason).toMatch(/no display/);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const root = fakeRoot({ 'node_modules/electron/package.json': '{}', 'custom/electron': '' });
    expect(findElectronBinary(root, { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'custom') }, 'linux')).toEqual({
      path: path.join(root, 'custom/electron'),
    });
  });
});
