import { defineStore } from 'pinia';
import type { InspectReport } from '../../shared/report/inspect';
import { erst } from '../transport/index';
import { useUi } from './ui';

/** The inspection document of the current file: overview, records table and timeline read it. */
export const useReport = defineStore('report', {
  state: () => ({ fileId: null as string | null, report: null as InspectReport | null, loading: false }),
  actions: {
    async load(fileId: string | null) {
      if (fileId === this.fileId && (this.report || this.loading)) return;
      this.fileId = fileId;
      this.report = null;
      if (!fileId) return;
      this.loading = true;
      try {
        const r = await erst().call('store.inspect', { fileId });
        if (this.fileId === fileId) this.report = r;
      } catch (e) {
        useUi().fail(e);
      } finally {
        this.loading = false;
      }
    },
  },
});
