import { app, screen } from 'electron';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDesktopPrefs, serializeDesktopPrefs, type DesktopPrefs } from '../main/desktop/desktop-prefs';

/**
 * The desktop shell's small memory (window place, theme, recent files) in
 * userData/desktop-prefs.json. Read once at start; written whole, via a temp file and a
 * rename, so a crash mid-write leaves the previous file rather than half of one.
 */
const prefsFile = () => path.join(app.getPath('userData'), 'desktop-prefs.json');

export function loadPrefs(): DesktopPrefs {
  let text: string | null = null;
  try {
    text = readFileSync(prefsFile(), 'utf8');
  } catch {
    /* first run */
  }
  return parseDesktopPrefs(
    text,
    screen.getAllDisplays().map((d) => d.workArea),
  );
}

export function savePrefs(prefs: DesktopPrefs): void {
  const file = prefsFile();
  try {
    writeFileSync(file + '.tmp', serializeDesktopPrefs(prefs), { mode: 0o600 });
    renameSync(file + '.tmp', file);
  } catch (e) {
    // Losing the window size is not worth interrupting the user for.
    console.warn(`could not save ${file}: ${(e as Error).message}`);
  }
}
