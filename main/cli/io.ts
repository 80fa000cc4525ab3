/** Where a command writes: data to `out`, messages to `err`. Injected so tests run commands in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** Exit codes, documented in --help and the README. */
export const EXIT = {
  ok: 0,
  /** Decoded, but with errors (partial results still written). */
  errors: 1,
  usage: 2,
  /** Unreadable, or not a recognised format. */
  unreadable: 3,
} as const;

/** A failure that maps to an exit code and one clear message (never a stack trace). */
export class CliError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}
