import { defineStore } from 'pinia';

export type ViewName = 'welcome' | 'store' | 'records' | 'record' | 'dmesg' | 'timeline' | 'console' | 'replay' | 'whatif' | 'diff';

export const VIEWS: { name: ViewName; label: string; key: string }[] = [
  { name: 'store', label: 'Overview', key: '1' },
  { name: 'records', label: 'Records', key: '2' },
  { name: 'record', label: 'Record', key: '3' },
  { name: 'dmesg', label: 'dmesg', key: '4' },
  { name: 'timeline', label: 'Timeline', key: '5' },
];

/** Tools that need no open file (issue 6): the emulator console, the replay player, what-if. */
export const TOOLS: { name: ViewName; label: string }[] = [
  { name: 'console', label: 'Console' },
  { name: 'replay', label: 'Replay' },
  { name: 'whatif', label: 'What-if' },
  { name: 'diff', label: 'Diff' },
];

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: { value: Theme; label: string; icon: string }[] = [
  { value: 'system', label: 'system', icon: '◐' },
  { value: 'light', label: 'light', icon: '☀' },
  { value: 'dark', label: 'dark', icon: '☾' },
];
const THEME_KEY = 'erst-viewer.theme';

function storedTheme(): Theme {
  try {
    const t = globalThis.localStorage?.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** Which view is shown, the export dialog, the theme, and the last error (shown in a banner). */
export const useUi = defineStore('ui', {
  state: () => ({ view: 'welcome' as ViewName, exportOpen: false, error: '' as string, theme: storedTheme() }),
  actions: {
    /** Light, dark or the system's; remembered in this browser (or desktop profile). */
    setTheme(theme: Theme) {
      this.theme = theme;
      try {
        globalThis.localStorage?.setItem(THEME_KEY, theme);
      } catch {
        /* storage disabled: the choice lasts for this page */
      }
      this.applyTheme();
    },
    /** styles.css reads data-theme on <html>; 'system' leaves it to prefers-color-scheme. */
    applyTheme() {
      const root = globalThis.document?.documentElement;
      if (!root) return;
      if (this.theme === 'system') delete root.dataset.theme;
      else root.dataset.theme = this.theme;
    },
    show(view: ViewName) {
      this.view = view;
    },
    fail(e: unknown) {
      this.error = e instanceof Error ? e.message : String(e);
    },
  },
});
