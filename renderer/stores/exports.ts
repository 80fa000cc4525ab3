import { defineStore } from 'pinia';
import type { ExportJob, ExportKind } from '../../shared/contract/index';
import { erst } from '../transport/index';
import { b64, download } from '../lib/format';
import { useUi } from './ui';

/** The export dialog: kinds main offers, the running job (progress via events), its files. */
export const useExports = defineStore('exports', {
  state: () => ({ kinds: [] as ExportKind[], kind: '', recovered: false, job: null as ExportJob | null, listening: false }),
  actions: {
    async loadKinds(fileId: string) {
      if (!this.listening) {
        erst().on('export.progress', (j) => {
          if (this.job && j.jobId === this.job.jobId) this.job = j;
        });
        this.listening = true;
      }
      this.kinds = await erst().call('export.kinds', { fileId });
      if (!this.kinds.some((k) => k.kind === this.kind)) this.kind = this.kinds[0]?.kind ?? '';
    },
    async start(fileId: string) {
      try {
        const started: ExportJob = await erst().call('export.start', { fileId, kind: this.kind, recovered: this.recovered });
        this.job = started;
        // Events carry progress; poll too, in case the socket was not up yet.
        while (this.job?.jobId === started.jobId && this.job.state === 'running') {
          await new Promise((r) => setTimeout(r, 150));
          const j: ExportJob = await erst().call('export.status', { jobId: started.jobId });
          if (this.job?.jobId === j.jobId && this.job.state === 'running') this.job = j;
        }
      } catch (e) {
        useUi().fail(e);
      }
    },
    async cancel() {
      if (this.job) this.job = await erst().call('export.cancel', { jobId: this.job.jobId });
    },
    /** Reads one output file in bounded chunks and hands it to the browser as a download. */
    async download(name: string) {
      const job = this.job;
      const f = job?.files.find((x) => x.name === name);
      if (!job || !f) return;
      const parts: Uint8Array<ArrayBuffer>[] = [];
      for (let off = 0; off < f.bytes;) {
        const c = await erst().call('export.read', { jobId: job.jobId, name, offset: off, length: Math.min(512 * 1024, f.bytes - off) });
        parts.push(b64(c.base64));
        off += c.length;
        if (!c.length) break;
      }
      download(name.split('/').join('_'), parts);
    },
    async saveTo() {
      if (!this.job) return null;
      try {
        return await erst().call('export.saveTo', { jobId: this.job.jobId });
      } catch (e) {
        useUi().fail(e);
        return null;
      }
    },
    reset() {
      this.job = null;
    },
  },
});
