import { isAppUrl } from './app-origin';

/**
 * What main knows about the frame an IPC message came from (Electron's `event.senderFrame`,
 * reduced to plain data so this rule is testable without electron).
 */
export interface SenderFacts {
  /** URL of the sending frame; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** True when the sender is the top-level frame of its page, not an iframe. */
  isMainFrame: boolean;
  /** True when the sending WebContents is one of the windows this app created. */
  isKnownWindow: boolean;
}

/**
 * Checklist item 17 ("validate the sender of all IPC messages"): a call is served only when it
 * comes from the top frame of one of our windows showing our own app:// origin. Anything else
 * (a frame that navigated elsewhere, an iframe, a window we did not open) is refused, even
 * though navigation and iframes are blocked too; this check does not trust those other layers.
 */
export function isTrustedSender(s: SenderFacts): boolean {
  return s.isKnownWindow && s.isMainFrame && s.frameUrl !== null && isAppUrl(s.frameUrl);
}
