/**
 * The options of `serve` that take a value, as the next argument. The CLI's launcher reads the
 * command's files from its arguments before the CLI is loaded (main/worker/prestart.ts), so it
 * must know which arguments are option values, not files; a test holds this list to the command.
 */
export const SERVE_VALUED_OPTIONS: readonly string[] = ['--port', '--max-upload'];
