import { defineStore } from 'pinia';
import { EMPTY_FILTER, facets, filterRecords, sortRecords, type RecordFilter, type SortKey } from '../lib/records';
import { useReport } from './report';

/** Filter and sort of the records table; the rows are derived, never stored. */
export const useRecords = defineStore('records', {
  state: () => ({ filter: { ...EMPTY_FILTER } as RecordFilter, sortKey: 'slot' as SortKey, sortDir: 1 as 1 | -1, cursor: 0 }),
  getters: {
    all: () => useReport().report?.records ?? [],
    facets(): ReturnType<typeof facets> {
      return facets(this.all);
    },
    rows(): ReturnType<typeof sortRecords> {
      return sortRecords(filterRecords(this.all, this.filter), this.sortKey, this.sortDir);
    },
  },
  actions: {
    sortBy(k: SortKey) {
      if (this.sortKey === k) this.sortDir = this.sortDir === 1 ? -1 : 1;
      else {
        this.sortKey = k;
        this.sortDir = 1;
      }
    },
    resetFilter() {
      this.filter = { ...EMPTY_FILTER };
    },
  },
});
