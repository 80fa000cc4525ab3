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

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The closing line's detail for a decoded file: "3 errors, 2 warnings in NAME (partial results
 * written)". Commands pass it to `done` so a non-zero exit always says what happened.
 */
export function diagnosticSummary(
  report: {
    diagnostics: readonly { level: string }[];
    records: readonly { diagnostics: readonly { level: string }[] }[];
  },
  name: string,
  wrote = true,
): string {
  const all = [...report.diagnostics, ...report.records.flatMap((r) => r.diagnostics)];
  const errors = all.filter((d) => d.level === 'error').length;
  const warnings = all.filter((d) => d.level === 'warning').length;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${name}${wrote ? ' (partial results written)' : ''}`;
}
