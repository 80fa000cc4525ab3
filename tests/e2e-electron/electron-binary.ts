import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Electron executable the way node_modules/electron/index.js does (path.txt names it
 * inside dist/, ELECTRON_OVERRIDE_DIST_PATH overrides the folder) but without requiring that
 * module: requiring it on a machine without the binary starts a download.
 *
 * Returns the reason when there is nothing to launch, so the smoke test can say why it skipped.
 */
export type ElectronBinary = { path: string; reason?: undefined } | { path: null; reason: string };

export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): ElectronBinary {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkg, 'package.json'))) return { path: null, reason: 'the electron npm package is not installed (npm install)' };
  const pathTxt = path.join(pkg, 'path.txt');
  const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  if (!existsSync(distDir)) {
    return {
      path: null,
      reason: `Electron binary not installed (${path.relative(root, distDir) || distDir} missing): the electron package downloads it on first run (npx electron, npm start), which needs network access to GitHub releases`,
    };
  }
  const exe = path.join(
    distDir,
    name ?? (platform === 'win32' ? 'electron.exe' : platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron'),
  );
  if (!existsSync(exe)) return { path: null, reason: `Electron binary not installed (${exe} missing; the download was incomplete)` };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { path: null, reason: `Electron binary found (${exe}) but there is no display: set DISPLAY or run under xvfb-run` };
  }
  return { path: exe };
}
