import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The file worker bundled into `dir` the way scripts/build.mjs bundles it (one ES module with a
 * `require` for its CommonJS dependencies); returns its path, for a dispatcher's `workerPath`.
 */
export async function bundleWorker(dir: string): Promise<string> {
  const workerPath = join(dir, 'worker.mjs');
  await build({
    entryPoints: ['main/worker/entry.ts'],
    outfile: workerPath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return workerPath;
}
