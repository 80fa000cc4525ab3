import { defineStore } from 'pinia';
import type { AppInfo, FileInfo, RecentEntry } from '../../shared/contract/index';
import { erst } from '../transport/index';
import { useUi } from './ui';
import { useReport } from './report';
import { useRecords } from './records';
import { takeBoot } from '../transport/boot';
import { fileBase64 } from '../lib/file-base64';
import { uploadFile, type UploadProgress } from '../transport/upload';
import { CallError } from '../transport/errors';

let abortUpload: (() => void) | undefined;

/** Open files (ids handed out by main), the current one, recent files, and how to open more. */
export const useFiles = defineStore('files', {
  state: () => ({
    app: null as AppInfo | null,
    files: [] as FileInfo[],
    recent: [] as RecentEntry[],
    currentId: null as string | null,
    busy: false,
    /** A streamed upload under way (serve mode): its name and bytes sent so far. */
    uploading: null as (UploadProgress & { name: string }) | null,
  }),
  getters: {
    current: (s) => s.files.find((f) => f.id === s.currentId) ?? null,
  },
  actions: {
    async init() {
      const api = erst();
      api.on('files.changed', (list) => (this.files = list));
      // Serve mode puts the first answers in the page: the file opens without waiting for them.
      const boot = takeBoot();
      if (boot) {
        [this.app, this.files, this.recent] = [boot.app, boot.files, boot.recent];
        useReport().seed(boot.progress);
        if (boot.records) useRecords().seed(boot.records.fileId, boot.records.window);
      } else
        [this.app, this.files, this.recent] = await Promise.all([
          api.call('app.info', {}),
          api.call('files.list', {}),
          api.call('files.recent', {}),
        ]);
      // Files named on the command line open straight into the overview.
      if (this.files.length) this.select(this.files[0].id);
      // A change between the page and the event socket is caught up with.
      if (boot) this.files = await api.call('files.list', {});
    },
    select(id: string | null) {
      this.currentId = id;
      useUi().show(id ? 'store' : 'welcome');
    },
    async run(open: () => Promise<FileInfo | null>) {
      this.busy = true;
      try {
        const f = await open();
        if (f) {
          if (!this.files.some((x) => x.id === f.id)) this.files.push(f);
          this.select(f.id);
          this.recent = await erst().call('files.recent', {});
        }
      } catch (e) {
        useUi().fail(e);
      } finally {
        this.busy = false;
      }
    },
    openSample() {
      return this.run(() => erst().call('files.openSample', {}));
    },
    openDialog() {
      return this.run(() => erst().call('files.openDialog', {}));
    },
    openRecent(key: string) {
      return this.run(() => erst().call('files.openRecent', { key }));
    },
    /**
     * A browser drop or picker. Serve mode streams the file to main (PUT /api/upload) with
     * progress, up to the server's limit; other transports hand small files over as base64.
     */
    upload(file: File) {
      const streamMax = this.app?.limits.maxStreamUpload;
      if (this.app?.transport === 'serve' && streamMax !== undefined) {
        if (file.size > streamMax) {
          useUi().fail(
            `${file.name} is ${file.size} bytes, over this server's upload limit of ${streamMax} bytes: start the server with \`erst-viewer serve ${file.name}\` (opens it by path, no copy) or a larger --max-upload`,
          );
          return Promise.resolve();
        }
        return this.run(async () => {
          this.uploading = { name: file.name, loaded: 0, total: file.size };
          const up = uploadFile(file, (p) => this.uploading && (this.uploading = { name: file.name, ...p }));
          abortUpload = up.abort;
          try {
            return await up.done;
          } catch (e) {
            // The user pressed Cancel: nothing to report.
            if (e instanceof CallError && e.code === 'cancelled') return null;
            throw e;
          } finally {
            this.uploading = null;
            abortUpload = undefined;
          }
        });
      }
      const max = this.app?.limits.maxUpload ?? Infinity;
      if (file.size > max) {
        useUi().fail(
          `${file.name} is ${file.size} bytes, over the ${max}-byte limit for files handed over by the browser; open it with \`erst-viewer serve FILE\` instead`,
        );
        return Promise.resolve();
      }
      return this.run(async () => erst().call('files.upload', { name: file.name, base64: await fileBase64(file) }));
    },
    cancelUpload() {
      abortUpload?.();
    },
    async close(id: string) {
      await erst().call('files.close', { fileId: id });
      this.files = this.files.filter((f) => f.id !== id);
      if (this.currentId === id) this.select(this.files[0]?.id ?? null);
    },
  },
});
