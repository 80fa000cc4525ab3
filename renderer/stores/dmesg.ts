import { defineStore } from 'pinia';
import type { DmesgLine, DumpMeta, DumpSearch } from '../../shared/contract/index';
import { erst } from '../transport/index';
import { useUi } from './ui';

/** Lines fetched per call; the scroller asks for the pages in view. */
const LINE_PAGE = 500;
/**
 * Dumps listed at once (the most recent; older ones a click away). Listing a dump reads its
 * parts' slots, so a short list keeps the view quick to open on a store of many dumps.
 */
const LIST = 100;

const quiet = (e: unknown) => (e as { code?: string }).code !== 'cancelled' && useUi().fail(e);

/**
 * The dumps of the current file (metadata, the most recent LIST of them), which one is shown,
 * its lines by page, and the search, which runs where the text is (off the main thread).
 */
export const useDmesg = defineStore('dmesg', {
  state: () => ({
    fileId: null as string | null,
    recovered: false,
    /** Position of `dumps[0]` in the file's dump list (oldest first). */
    listOffset: 0,
    total: 0,
    dumps: [] as DumpMeta[],
    /** Position in `dumps` of the dump shown. */
    current: 0,
    loading: false,
    lineCount: 0,
    byteLength: 0,
    panicLine: null as number | null,
    pages: {} as Record<number, DmesgLine[]>,
    query: '',
    search: null as DumpSearch | null,
    hit: 0,
    gen: 0,
    /** Which dump (its index in the file) `pages` hold lines of. */
    textOf: null as number | null,
  }),
  getters: {
    dump: (s): DumpMeta | null => s.dumps[s.current] ?? null,
  },
  actions: {
    async load(fileId: string | null, recovered?: boolean) {
      recovered ??= this.recovered;
      if (fileId === this.fileId && recovered === this.recovered && this.dumps.length) return;
      this.fileId = fileId;
      this.recovered = recovered;
      this.dumps = [];
      this.total = 0;
      this.resetText();
      const gen = ++this.gen;
      if (!fileId) return;
      this.loading = true;
      try {
        const head = await erst().call('dmesg.list', { fileId, recovered, offset: 0, limit: 1 });
        const offset = Math.max(0, head.total - LIST);
        const list = offset === 0 && head.total <= 1 ? head : await erst().call('dmesg.list', { fileId, recovered, offset, limit: LIST });
        if (gen !== this.gen) return;
        this.total = list.total;
        this.listOffset = offset;
        this.dumps = list.dumps;
        // The most recent dump is the one that tells how the machine died.
        await this.show(this.dumps.length - 1);
      } catch (e) {
        quiet(e);
      } finally {
        if (gen === this.gen) this.loading = false;
      }
    },
    /** Lists the LIST dumps before those listed. */
    async older() {
      if (!this.fileId || this.listOffset === 0) return;
      const offset = Math.max(0, this.listOffset - LIST);
      const list = await erst().call('dmesg.list', {
        fileId: this.fileId,
        recovered: this.recovered,
        offset,
        limit: this.listOffset - offset,
      });
      this.listOffset = offset;
      this.dumps = [...list.dumps, ...this.dumps];
      this.current += list.dumps.length;
    },
    resetText() {
      this.pages = {};
      this.lineCount = 0;
      this.byteLength = 0;
      this.panicLine = null;
      this.search = null;
      this.hit = 0;
      this.textOf = null;
    },
    async show(i: number) {
      if (i < 0 || i >= this.dumps.length) return;
      this.current = i;
      this.resetText();
      this.textOf = this.dumps[i].index;
      await this.ensure(0, LINE_PAGE);
      if (this.query) await this.find();
    },
    lineAt(n: number): DmesgLine | null {
      return this.pages[Math.floor(n / LINE_PAGE)]?.[n % LINE_PAGE] ?? null;
    },
    async ensure(from: number, to: number) {
      const d = this.dump;
      if (!d || !this.fileId) return;
      const last = this.lineCount ? Math.min(to, this.lineCount) : to;
      const want: number[] = [];
      for (let p = Math.floor(Math.max(0, from) / LINE_PAGE); p * LINE_PAGE < last; p++) if (!this.pages[p]) want.push(p);
      const { fileId, recovered } = this;
      await Promise.all(
        want.map(async (p) => {
          try {
            const r = await erst().call('dmesg.lines', { fileId, recovered, dump: d.index, offset: p * LINE_PAGE, limit: LINE_PAGE });
            if (this.dump !== d) return;
            this.lineCount = r.lineCount;
            this.byteLength = r.byteLength;
            this.panicLine = r.panicLine;
            this.pages[p] = r.lines;
          } catch (e) {
            quiet(e);
          }
        }),
      );
    },
    /** Searches the whole dump (first hits by window); `hit` is the current one. */
    async find() {
      const d = this.dump;
      this.hit = 0;
      if (!d || !this.fileId || !this.query) return void (this.search = null);
      const query = this.query;
      try {
        const r = await erst().call('dmesg.search', {
          fileId: this.fileId,
          recovered: this.recovered,
          dump: d.index,
          query,
          offset: 0,
          limit: 1000,
        });
        if (this.dump === d && this.query === query) this.search = r;
      } catch (e) {
        quiet(e);
      }
    },
    /** The exact stitched bytes, chunk by chunk (for save and copy). */
    async bytes(): Promise<Uint8Array[]> {
      const d = this.dump;
      if (!d || !this.fileId) return [];
      const out: Uint8Array[] = [];
      for (let off = 0; ;) {
        const c = await erst().call('dmesg.read', {
          fileId: this.fileId,
          recovered: this.recovered,
          dump: d.index,
          offset: off,
          length: 1024 * 1024,
        });
        out.push(Uint8Array.from(atob(c.base64), (ch) => ch.charCodeAt(0)));
        off += c.length;
        if (c.length === 0 || off >= this.byteLength) break;
      }
      return out;
    },
  },
});
