import { externalLinkFor } from './navigation-policy';

/**
 * Actions of the desktop shell that reach outside the app (a browser opened on a URL, files
 * replaced on disk) happen only after the user said yes in a dialog. The decisions are here,
 * electron-free; app/ shows the dialogs (`MessagePrompt` maps onto showMessageBox options).
 */
export interface MessagePrompt {
  type: 'question' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  /** Index of the button that says yes; the other is the default and what Esc answers. */
  yes: number;
  defaultId: number;
  cancelId: number;
}

/** Returns the index of the button the user pressed. */
export type Ask = (prompt: MessagePrompt) => Promise<number>;

function externalLinkPrompt(url: string): MessagePrompt {
  const host = new URL(url).host;
  return {
    type: 'question',
    title: 'Open in your browser?',
    message: `Open ${host} in your web browser?`,
    detail: `ERST Viewer will hand this address to your default browser:\n${url}`,
    buttons: ['Cancel', 'Open in Browser'],
    yes: 1,
    defaultId: 0,
    cancelId: 0,
  };
}

export type ExternalOutcome = 'opened' | 'refused' | 'declined';

/**
 * A link leaves the app only when it is a plain https URL (navigation-policy) and the user
 * confirmed it; `open` is shell.openExternal.
 */
export async function openExternalWithConsent(url: string, ask: Ask, open: (url: string) => Promise<void>): Promise<ExternalOutcome> {
  const safe = externalLinkFor(url);
  if (!safe) return 'refused';
  const prompt = externalLinkPrompt(safe);
  if ((await ask(prompt)) !== prompt.yes) return 'declined';
  await open(safe);
  return 'opened';
}

export function replacePrompt(folder: string, existing: readonly string[]): MessagePrompt {
  const shown = existing.slice(0, 8).join('\n') + (existing.length > 8 ? `\n… and ${existing.length - 8} more` : '');
  return {
    type: 'warning',
    title: 'Replace existing files?',
    message: `${existing.length === 1 ? '1 file' : `${existing.length} files`} of this export already exist in ${folder}. Replace ${existing.length === 1 ? 'it' : 'them'}?`,
    detail: `${shown}\n\nReplaced files cannot be recovered. Evidence files are never replaced.`,
    buttons: ['Cancel', 'Replace'],
    yes: 1,
    defaultId: 0,
    cancelId: 0,
  };
}
