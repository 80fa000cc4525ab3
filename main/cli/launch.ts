/**
 * The CLI's entry point. It starts what the command will need on other threads before the
 * rest of the CLI (most of a megabyte of bundled code, dist/cli-body.js) is read: a JSON
 * export's writer threads, or the workers of the files `serve` opens, then boot while this
 * thread loads its own code. The body is a bundle of its own so that it is read only after that.
 */
import { JSON_EXPORT_INDENT, prestartThreads } from '../json-pool/threads';
import { prestartFileWorkers, serveOperands } from '../worker/prestart';
import { SERVE_VALUED_OPTIONS } from './commands/serve-options';

const argv = process.argv.slice(2);
if (argv[0] === 'export' && argv.some((a) => a === '--json' || a.startsWith('--json='))) prestartThreads(JSON_EXPORT_INDENT);
// A served file's index pass starts now, in its worker.
else if (argv[0] === 'serve') prestartFileWorkers(serveOperands(argv.slice(1), SERVE_VALUED_OPTIONS));
await import(new URL('./cli-body.js', import.meta.url).href);
