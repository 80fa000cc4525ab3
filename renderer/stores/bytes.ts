import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { erst } from '../transport/index';
import { b64 } from '../lib/format';

/** Bytes are fetched in pages this size (well under the 1 MiB read limit) and kept LRU. */
const PAGE = 64 * 1024;
const MAX_PAGES = 96;

/**
 * A bounded page cache of the current file's bytes for the hex pane and the inspector. The
 * pages themselves are not reactive (markRaw); `version` ticks when one arrives.
 */
export const useBytes = defineStore('bytes', {
  state: () => ({
    fileId: null as string | null,
    version: 0,
    pages: markRaw(new Map<number, Uint8Array>()),
    pending: markRaw(new Set<number>()),
  }),
  actions: {
    reset(fileId: string | null) {
      if (fileId === this.fileId) return;
      this.fileId = fileId;
      this.pages.clear();
      this.pending.clear();
      this.version++;
    },
    /** Byte at `offset`, or undefined while its page loads (the load is started). */
    at(offset: number): number | undefined {
      const p = Math.floor(offset / PAGE);
      const page = this.pages.get(p);
      if (!page) {
        void this.fetch(p);
        return undefined;
      }
      return page[offset - p * PAGE];
    },
    /** Up to `length` loaded bytes from `offset` (stops at the first gap). */
    slice(offset: number, length: number): Uint8Array {
      const out: number[] = [];
      for (let i = 0; i < length; i++) {
        const b = this.at(offset + i);
        if (b === undefined) break;
        out.push(b);
      }
      return Uint8Array.from(out);
    },
    async fetch(p: number) {
      const fileId = this.fileId;
      if (!fileId || this.pending.has(p)) return;
      this.pending.add(p);
      try {
        const chunk = await erst().call('bytes.read', { fileId, offset: p * PAGE, length: PAGE });
        if (fileId !== this.fileId) return;
        this.pages.set(p, b64(chunk.base64));
        if (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
        this.version++;
      } finally {
        this.pending.delete(p);
      }
    },
  },
});
