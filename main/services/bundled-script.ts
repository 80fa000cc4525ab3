/**
 * Where a thread's bundled script is: scripts/build.mjs writes each one to dist/, beside the
 * CLI and the file worker and one folder up from the desktop shell's bundle (dist/app/). Run
 * from the sources (unit tests) there is none, and callers do the work on their own thread.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function bundledScript(name: string): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [join(here, name), join(here, '..', name)]) if (existsSync(c)) return c;
  return null;
}
