import { isAppUrl } from './app-origin';

/**
 * Checklist item 5: every permission request (camera, geolocation, notifications, HID, …) is
 * denied. The single exception is writing to the clipboard from our own page, so "copy value"
 * and "copy hex" work; reading the clipboard stays denied.
 */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string | null | undefined): boolean {
  return GRANTED_TO_APP.has(permission) && typeof requestingUrl === 'string' && isAppUrl(requestingUrl);
}
