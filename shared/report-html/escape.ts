const MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text into HTML (element content and quoted attributes). */
export const esc = (s: string | number | null | undefined) =>
  s === null || s === undefined ? '' : String(s).replace(/[&<>"']/g, (c) => MAP[c]);

/**
 * Kernel log text into HTML: control bytes other than tab and newline are shown as \xNN so
 * nothing in the evidence can change how the page renders.
 */
export function escLog(s: string): string {
  return esc(s).replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
