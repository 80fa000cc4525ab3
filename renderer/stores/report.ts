import { defineStore } from 'pinia';
import type { OpenProgress, StoreSummary } from '../../shared/contract/index';
import type { DumpSummary, RecordSummary } from '../../shared/report/inspect';
import { erst } from '../transport/index';
import { useUi } from './ui';

/** Records and dumps the timeline draws: the first TIMELINE_MAX of each (every one on usual stores). */
const TIMELINE_MAX = 2000;
let listening = false;

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
    timeline: null as { records: RecordSummary[]; dumps: DumpSummary[] } | null,
  }),
  actions: {
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
      this.timeline = null;
      this.progress = null;
      if (!fileId) return;
      this.loading = true;
      try {
        const r = await erst().call('store.inspect', { fileId });
        if (this.fileId === fileId) {
          this.report = r;
          void this.loadTimeline(fileId);
        }
      } catch (e) {
        // A file closed while it was opened (cancel) is not an error to show.
        if ((e as { code?: string }).code !== 'cancelled' && this.fileId === fileId) useUi().fail(e);
      } finally {
        if (this.fileId === fileId) this.loading = false;
      }
    },
    async loadTimeline(fileId: string) {
      const api = erst();
      const records: RecordSummary[] = [];
      for (let off = 0; off < TIMELINE_MAX; off += 1000) {
        const w = await api.call('records.window', { fileId, offset: off, limit: 1000 });
        records.push(...w.rows);
        if (records.length >= w.total) break;
      }
      const d = await api.call('dmesg.list', { fileId, offset: 0, limit: 1000 });
      if (this.fileId === fileId) this.timeline = { records, dumps: d.dumps };
    },
  },
});
