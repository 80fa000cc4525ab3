import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contentTypeFor, isInsideRoot, resolveUnderRoot } from '../webui/static-files';

export type StaticResult = { ok: true; body: Buffer; type: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Serves files from the built renderer only, by the same confinement rule as the desktop
 * app (main/webui/static-files.ts); symlinks are followed before the final check, not after.
 */
export function staticFile(root: string, urlPath: string): StaticResult {
  const realRoot = realpathSync(root);
  const r = resolveUnderRoot(urlPath, realRoot);
  if (!r.ok) return r;
  if (!existsSync(r.file)) return { ok: false, status: 404, reason: 'not found' };
  const real = realpathSync(r.file);
  if (!isInsideRoot(realRoot, real) || real === realRoot) return { ok: false, status: 403, reason: 'outside the renderer' };
  if (!statSync(real).isFile()) return { ok: false, status: 404, reason: 'not found' };
  return { ok: true, body: readFileSync(real), type: contentTypeFor(real) };
}

/** The built renderer: dist/renderer next to the bundled CLI, or under the repo when run from source. */
export function rendererRoot(here: string): string | undefined {
  const candidates = [
    join(here, 'renderer'),
    join(here, '..', '..', 'dist', 'renderer'),
    join(here, '..', 'dist', 'renderer'),
    join(here, '..', '..', '..', 'dist', 'renderer'),
  ];
  return candidates.find((c) => existsSync(join(c, 'index.html')));
}
