import { defineStore } from 'pinia';

export type ViewName = 'welcome' | 'store' | 'records' | 'record' | 'dmesg' | 'timeline' | 'console' | 'replay' | 'whatif';

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
];

/** Which view is shown, the export dialog, and the last error (shown in a banner). */
export const useUi = defineStore('ui', {
  state: () => ({ view: 'welcome' as ViewName, exportOpen: false, error: '' as string }),
  actions: {
    show(view: ViewName) {
      this.view = view;
    },
    fail(e: unknown) {
      this.error = e instanceof Error ? e.message : String(e);
    },
  },
});
