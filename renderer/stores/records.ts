import { defineStore } from 'pinia';
import { FIRST_ROWS_QUERY, RECORDS_PAGE, type RecordQuery, type RecordsWindow } from '../../shared/contract/index';
import type { RecordSummary } from '../../shared/report/inspect';
import { EMPTY_FILTER, type RecordFilter, type SortKey } from '../lib/records';
import { erst } from '../transport/index';
import { useFiles } from './files';
import { useReport } from './report';
import { useUi } from './ui';

/** Rows fetched per call (about the table's height); the table asks for the pages its viewport touches. */
const PAGE = RECORDS_PAGE;
const KEEP_PAGES = 160;

let listening = false;

/** A file's first rows the page was served with (serve mode), used once for that first page. */
let seeded: { fileId: string; window: RecordsWindow } | undefined;

const firstRowsQuery = (q: RecordQuery) =>
  Object.keys(q).length === Object.keys(FIRST_ROWS_QUERY).length && q.sort === FIRST_ROWS_QUERY.sort && q.dir === FIRST_ROWS_QUERY.dir;

/**
 * Filter and sort of the records table, and the rows fetched so far. Filtering and sorting
 * run where the records are indexed (off the main thread): the table holds only the pages it
 * has shown, so a store of a million records costs the page what a few hundred rows do.
 */
export const useRecords = defineStore('records', {
  state: () => ({
    filter: { ...EMPTY_FILTER } as RecordFilter,
    sortKey: 'slot' as SortKey,
    sortDir: 1 as 1 | -1,
    cursor: 0,
    fileId: null as string | null,
    /** Rows matching the query, and records in the file. */
    total: 0,
    all: 0,
    pages: {} as Record<number, RecordSummary[]>,
    loading: false,
    gen: 0,
    /**
     * The file is still being indexed and the table is in its own order (by slot, unfiltered):
     * the rows shown are final, the counts are those found so far and grow with the progress.
     */
    indexing: false,
  }),
  getters: {
    facets: (): { severity: string[]; sectionType: string[]; creator: string[]; state: string[] } =>
      useReport().report?.facets ?? { severity: [], sectionType: [], creator: [], state: [] },
    query(s): RecordQuery {
      const q: RecordQuery = { sort: s.sortKey, dir: s.sortDir };
      for (const k of ['text', 'severity', 'sectionType', 'creator', 'state'] as const) if (s.filter[k]) q[k] = s.filter[k];
      return q;
    },
    /** The rows fetched so far, in table order (all of them once the table has been scrolled through, or on small files). */
    rows(s): RecordSummary[] {
      return Object.keys(s.pages)
        .map(Number)
        .sort((a, b) => a - b)
        .flatMap((p) => s.pages[p]);
    },
  },
  actions: {
    /** Progress of the current file's indexing: the table grows with it, and takes the exact counts when it is done. */
    listen() {
      if (listening) return;
      listening = true;
      erst().on('files.progress', (p) => {
        if (p.fileId !== this.fileId || !this.indexing) return;
        if (p.phase === 'indexing' && p.records > this.total) this.total = this.all = p.records;
        else if (p.phase === 'ready') void this.settle();
        // Failed or closed: nothing more will come for this file.
        else if (p.phase !== 'indexing' && p.phase !== 'hashing') this.indexing = false;
      });
    },
    /** Indexing is over: the pages held are asked again (the same rows, now with the exact counts). */
    async settle() {
      this.indexing = false;
      const gen = ++this.gen;
      const held = Object.keys(this.pages).map(Number);
      await Promise.all((held.length ? held : [0]).map((p) => this.fetch(p, gen)));
    },
    rowAt(i: number): RecordSummary | null {
      return this.pages[Math.floor(i / PAGE)]?.[i % PAGE] ?? null;
    },
    /** Starts over for a file or a new query: the first page, and with it the counts. */
    async refresh(fileId?: string | null) {
      this.listen();
      if (fileId !== undefined) this.fileId = fileId;
      fileId = this.fileId;
      this.pages = {};
      this.indexing = false;
      const gen = ++this.gen;
      if (!fileId) {
        this.total = this.all = 0;
        return;
      }
      await this.fetch(0, gen);
    },
    /** Makes sure rows [from, to) are fetched (pages already held are not asked again). */
    async ensure(from: number, to: number) {
      const gen = this.gen;
      const want: number[] = [];
      for (let p = Math.floor(from / PAGE); p * PAGE < Math.min(to, this.total); p++) if (!this.pages[p]) want.push(p);
      await Promise.all(want.map((p) => this.fetch(p, gen)));
    },
    /** The first rows of a file, already at hand: its table's first page is drawn from them. */
    seed(fileId: string, window: RecordsWindow) {
      seeded = { fileId, window };
    },
    async fetch(page: number, gen: number) {
      const fileId = this.fileId;
      if (!fileId) return;
      this.loading = true;
      try {
        const first = page === 0 && seeded?.fileId === fileId && firstRowsQuery(this.query) ? seeded.window : undefined;
        seeded = undefined;
        const w = first ?? (await erst().call('records.window', { fileId, offset: page * PAGE, limit: PAGE, query: this.query }));
        if (gen !== this.gen) return;
        // Counts found so far never shrink what a later progress event already grew.
        this.indexing = !!w.indexing;
        this.total = w.indexing ? Math.max(this.total, w.total) : w.total;
        this.all = w.indexing ? Math.max(this.all, w.all) : w.all;
        this.pages[page] = w.rows;
        // The end of indexing may have been told before this reply came.
        if (w.indexing && useFiles().files.find((f) => f.id === fileId)?.status === 'ready') void this.settle();
        const held = Object.keys(this.pages).map(Number);
        // Pages far from the one just fetched are let go, so memory stays flat while scrolling.
        if (held.length > KEEP_PAGES)
          for (const p of held.sort((a, b) => Math.abs(b - page) - Math.abs(a - page)).slice(0, held.length - KEEP_PAGES))
            delete this.pages[p];
      } catch (e) {
        if ((e as { code?: string }).code !== 'cancelled') useUi().fail(e);
      } finally {
        if (gen === this.gen) this.loading = false;
      }
    },
    sortBy(k: SortKey) {
      if (this.sortKey === k) this.sortDir = this.sortDir === 1 ? -1 : 1;
      else {
        this.sortKey = k;
        this.sortDir = 1;
      }
      return this.refresh();
    },
    /** A file became current: no filter, first page. */
    open(fileId: string | null) {
      this.filter = { ...EMPTY_FILTER };
      this.cursor = 0;
      return this.refresh(fileId);
    },
    resetFilter() {
      this.filter = { ...EMPTY_FILTER };
      return this.refresh();
    },
  },
});
