import { join } from 'node:path';
import { build } from 'esbuild';

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
