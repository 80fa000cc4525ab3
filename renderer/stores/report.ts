import { defineStore } from 'pinia';
import type { OpenProgress, StoreSummary } from '../../shared/contract/index';
import { erst } from '../transport/index';
import { useUi } from './ui';

let listening = false;
/** Progress known before the event socket was open (serve mode's page carries it). */
const seeded = new Map<string, OpenProgress>();

/**
 * The overview of the current file (a summary: records and dump text come by window), and
 * how far its indexing has got while it is being opened.
 */
export const useReport = defineStore('report', {
  state: () => ({
    fileId: null as string | null,
    report: null as StoreSummary | null,
    loading: false,
    progress: null as OpenProgress | null,
  }),
  actions: {
    seed(progress: OpenProgress[]) {
      for (const p of progress) seeded.set(p.fileId, p);
    },
    listen() {
      if (listening) return;
      listening = true;
      erst().on('files.progress', (p) => {
        if (p.fileId === this.fileId) this.progress = p;
      });
    },
    async load(fileId: string | null) {
      if (fileId === this.fileId && (this.report || this.loading)) return;
      this.listen();
      this.fileId = fileId;
      this.report = null;
      this.progress = (fileId && seeded.get(fileId)) || null;
      if (!fileId) return;
      this.loading = true;
      try {
        const r = await erst().call('store.inspect', { fileId });
        if (this.fileId === fileId) this.report = r;
      } catch (e) {
        // A file closed while it was opened (cancel) is not an error to show.
        if ((e as { code?: string }).code !== 'cancelled' && this.fileId === fileId) useUi().fail(e);
      } finally {
        if (this.fileId === fileId) this.loading = false;
      }
    },
  },
});
