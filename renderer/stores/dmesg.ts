import { defineStore } from 'pinia';
import type { DumpView } from '../../shared/contract/index';
import { erst } from '../transport/index';
import { useUi } from './ui';

/** The stitched dumps of the current file, which one is shown, and the search. */
export const useDmesg = defineStore('dmesg', {
  state: () => ({ fileId: null as string | null, recovered: false, dumps: [] as DumpView[], current: 0, query: '', loading: false }),
  getters: {
    dump: (s) => s.dumps[s.current] ?? null,
  },
  actions: {
    async load(fileId: string | null, recovered?: boolean) {
      recovered ??= this.recovered;
      if (fileId === this.fileId && recovered === this.recovered && this.dumps.length) return;
      this.fileId = fileId;
      this.recovered = recovered;
      this.dumps = [];
      this.current = 0;
      if (!fileId) return;
      this.loading = true;
      try {
        this.dumps = await erst().call('dmesg.dumps', { fileId, recovered });
      } catch (e) {
        useUi().fail(e);
      } finally {
        this.loading = false;
      }
    },
  },
});
