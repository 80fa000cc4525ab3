/**
 * Where the desktop UI lives. The renderer is served from a privileged custom scheme rather
 * than file:// (Electron security checklist item 18: file:// pages get extra privileges and
 * share one origin with every file on disk); this origin is also what the sender check and
 * the navigation policy compare against.
 *
 * Electron-free on purpose: app/ imports these constants, and tests import them without electron.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'erst';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads first. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` parses and belongs to the app origin (scheme and host, any path). */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}
