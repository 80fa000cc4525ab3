#!/usr/bin/env node
// The CLI is bundled to dist/ by `npm run build` (esbuild); see README.
import('../dist/cli.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('erst-viewer: not built yet; run `npm run build` first\n');
    process.exit(3);
  }
  throw e;
});
