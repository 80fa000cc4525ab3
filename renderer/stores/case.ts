import { defineStore } from 'pinia';
import type { CaseView } from '../../shared/contract/channels/case';
import { erst } from '../transport/index';
import { useUi } from './ui';

/** The current file's case: notes and bookmarks saved in the case file beside it, and its log. */
export const useCase = defineStore('case', {
  state: () => ({ open: false, fileId: null as string | null, view: null as CaseView | null }),
  actions: {
    /** Every export job that finishes is logged in the case of the file it exported. */
    follow() {
      erst().on('export.progress', (job) => {
        if (job.state === 'done')
          void erst()
            .call('case.logExport', { fileId: job.fileId, jobId: job.jobId })
            .then(
              (v) => {
                if (this.fileId === job.fileId) this.view = v;
              },
              () => undefined,
            );
      });
    },
    async load(fileId: string | null) {
      this.fileId = fileId;
      this.view = null;
      if (!fileId) return;
      try {
        const v = await erst().call('case.get', { fileId });
        if (this.fileId === fileId) this.view = v;
      } catch (e) {
        useUi().fail(e);
      }
    },
    async add(kind: 'note' | 'bookmark', text: string, at: { recordIndex?: number; offset?: number; length?: number }) {
      if (!this.fileId) return;
      try {
        this.view = await erst().call('case.add', { fileId: this.fileId, kind, text, ...at });
      } catch (e) {
        useUi().fail(e);
      }
    },
    async remove(id: string) {
      if (!this.fileId) return;
      try {
        this.view = await erst().call('case.remove', { fileId: this.fileId, id });
      } catch (e) {
        useUi().fail(e);
      }
    },
  },
});
