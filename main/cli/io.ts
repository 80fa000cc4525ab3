/** Where a command writes: data to `out`, messages to `err`. Injected so tests run commands in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** Exit codes, documented in --help and the README. No other code is ever returned. */
export const EXIT = {
  ok: 0,
  /** Decoded, but with errors (partial results still written). */
  errors: 1,
  /** Usage error, or an output refused (evidence, symlink, existing without --force). */
  usage: 2,
  /** Unreadable, not a regular file, too large, or not a recognised format. */
  unreadable: 3,
} as const;

/** What the closing stderr line says when a command gives no detail of its own. */
export const EXIT_MEANING: Record<number, string> = {
  1: 'decoded with errors (partial results written)',
  2: 'usage error (see erst-viewer --help)',
  3: 'unreadable, or not a recognised format',
};

/** A failure that maps to an exit code and one clear message (never a stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}
