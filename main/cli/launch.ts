/**
 * The CLI's entry point. It starts what the command will need on other threads before the
 * rest of the CLI (most of a megabyte of bundled code, dist/cli-body.js) is read: a JSON
 * export's writer threads then boot while this thread loads its own code. The body is a
 * bundle of its own so that it is read only after that.
 */
import { JSON_EXPORT_INDENT, prestartThreads } from '../json-pool/threads';

const argv = process.argv.slice(2);
if (argv[0] === 'export' && argv.some((a) => a === '--json' || a.startsWith('--json='))) prestartThreads(JSON_EXPORT_INDENT);
await import(new URL('./cli-body.js', import.meta.url).href);
