import { isAppUrl } from './app-origin';

/**
 * Checklist items 13-15: the window never navigates away from the app and never opens another
 * window. A link to the web (a spec, the documentation) is handed to the OS browser, but only
 * for plain https URLs; file:, javascript:, smb:, custom schemes and the like are dropped, as
 * shell.openExternal on them can run programs.
 */

/** In-app navigation (e.g. reloading index.html) is allowed; everything else is cancelled. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** The URL to give shell.openExternal for a link the page tried to open, or null to drop it. */
export function externalLinkFor(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.hostname === '') return null;
  return u.toString();
}
