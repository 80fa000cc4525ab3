// Bundles the Node entry points (CLI, serve, benchmarks, Electron shell) with esbuild.
// Dependencies stay external: they are installed next to dist/ by npm.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  // The launcher (starts threads a command needs, then reads the body) and the CLI itself.
  cli: 'main/cli/launch.ts',
  'cli-body': 'main/cli/main.ts',
  // One per open file: indexing and decoding off the main thread (main/worker/file-backend.ts finds it).
  worker: 'main/worker/entry.ts',
  // The reader thread of an evidence scan (main/services/hash-worker.ts finds it).
  'scan-worker': 'main/services/scan-thread.ts',
  // Threads that write CPER-JSON batches for a large export (main/json-pool/pool.ts finds it).
  'json-worker': 'main/json-pool/worker.ts',
  'bench/index': 'bench/index.ts',
  'fuzz/index': 'fuzz/index.ts',
};
if (existsSync('app/main.ts')) entries['app/main'] = 'app/main.ts';

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
if (existsSync('app/preload.ts')) {
  // Sandboxed preloads cannot be ES modules; .cjs says so whatever package.json's "type" is.
  await build({
    entryPoints: { 'app/preload': 'app/preload.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  });
}
