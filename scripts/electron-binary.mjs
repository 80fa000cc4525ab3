// Electron's own install step is not run by `npm ci` (package.json `allowScripts` denies it), so
// installing never reaches for a download. `npm start` and packaging run this first: it fetches
// the binary through Electron's installer only when none is present yet.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('electron/package.json'));
const pathTxt = join(pkgDir, 'path.txt');
const present = existsSync(pathTxt) && existsSync(join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim()));
if (!present) {
  console.error('Electron binary not installed yet: fetching it (needs network access)');
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'inherit', cwd: pkgDir });
  process.exit(r.status ?? 1);
}
