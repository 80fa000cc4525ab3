#!/usr/bin/env node
// The CLI is bundled to dist/ by `npm run build` (esbuild); see README.
import('../dist/cli.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('erst-viewer: exit 3: not built yet; run `npm run build` first\n');
    process.exit(3);
  }
  // Only documented exit codes, and one line rather than a stack trace.
  process.stderr.write(`erst-viewer: exit 1: internal error: ${e && e.message ? e.message : String(e)}\n`);
  process.exit(1);
});
