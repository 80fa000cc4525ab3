/**
 * The rule for paths that reach main from the desktop shell (command line, "open with", a drop
 * resolved by the preload, a native dialog) before they are handed to the FileRegistry, which
 * hands the renderer an opaque id in return.
 *
 * Only a plain absolute path is accepted. A relative command-line argument is resolved against
 * the directory the *launching* process ran in (which, for a second instance, is not ours), so
 * callers resolve first and this check refuses whatever is still relative. URLs (file://…) and
 * NUL bytes are refused rather than guessed at.
 */
export type DesktopPathCheck = { ok: true; path: string } | { ok: false; reason: string };

const MAX_PATH_CHARS = 4096;

export function checkDesktopPath(value: unknown, isAbsolute: (p: string) => boolean): DesktopPathCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'not a string' };
  if (value === '') return { ok: false, reason: 'empty path' };
  if (value.length > MAX_PATH_CHARS) return { ok: false, reason: `longer than ${MAX_PATH_CHARS} chars` };
  if (value.includes('\0')) return { ok: false, reason: 'NUL in path' };
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(value)) return { ok: false, reason: 'a URL, not a path' };
  if (!isAbsolute(value)) return { ok: false, reason: 'not an absolute path' };
  return { ok: true, path: value };
}
