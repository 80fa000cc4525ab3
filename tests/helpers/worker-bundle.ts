import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

/**
 * A thread's entry bundled to `outfile` the way scripts/build.mjs bundles it (one ES module
 * with a `require` for its CommonJS dependencies); returns its path.
 */
export async function bundleEntry(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

/** The file worker bundled into `dir`, for a dispatcher's `workerPath`. */
export const bundleWorker = (dir: string) => bundleEntry('main/worker/entry.ts', join(dir, 'worker.mjs'));

/**
 * The file worker bundled once for the calling describe block, in a temp folder removed after
 * it: `dir()` and `script()` are valid inside its tests.
 */
export function useBundledWorker(prefix: string): { dir(): string; script(): string } {
  let dir = '';
  let script = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    script = await bundleWorker(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir: () => dir, script: () => script };
}
