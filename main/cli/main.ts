import { runCli } from './index';

// A reader that goes away (`erst-viewer inspect … | head -1`) ends the output, not in an error:
// stop quietly instead of printing EPIPE's stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

// Anything that escapes a command (a stream or socket error in serve mode) still ends in one
// line and a documented code, never a stack trace.
process.on('uncaughtException', (e) => {
  if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
  try {
    process.stderr.write(`erst-viewer: exit 1: internal error: ${e?.message ?? String(e)}\n`);
  } finally {
    process.exit(1);
  }
});

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
