import { BrowserWindow, dialog, shell } from 'electron';
import { openExternalWithConsent, type Ask } from '../main/desktop/consent';

/** Shows a main/desktop MessagePrompt as a native message box (modal on `parent` when given). */
export function askWithDialog(parent?: () => BrowserWindow | undefined): Ask {
  return async (p) => {
    const opts = {
      type: p.type,
      title: p.title,
      message: p.message,
      detail: p.detail,
      buttons: p.buttons,
      defaultId: p.defaultId,
      cancelId: p.cancelId,
      noLink: true,
    };
    const w = parent?.();
    const r = await (w && !w.isDestroyed() ? dialog.showMessageBox(w, opts) : dialog.showMessageBox(opts));
    return r.response;
  };
}

/** A link out of the app: only plain https, and only once the user confirmed it in a dialog. */
export function openLinkWithConsent(url: string, parent?: () => BrowserWindow | undefined): void {
  void openExternalWithConsent(url, askWithDialog(parent), (u) => shell.openExternal(u)).catch((e: unknown) =>
    console.warn(`could not open ${url}: ${(e as Error).message}`),
  );
}
