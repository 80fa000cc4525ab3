/**
 * The store index: one pass over a store's bytes into columns, queried for windows of rows,
 * dumps as metadata, and full records decoded on demand.
 */
export {
  StoreIndexer,
  indexStore,
  u64Text,
  SLOT_STATES,
  HEADER,
  LIVE,
  F_RECORD,
  F_MAPPED,
  F_PSTORE_COMPRESSED,
  F_PSTORE_HEADER,
  F_PSTORE_FAILED,
  PSTORE_NONE,
  PSTORE_DMESG,
  NO_SEVERITY,
  type StoreIndex,
  type IndexColumns,
  type SlotStateName,
} from './store-index';
export { recordRow, recordIdOf, timestampOf, type IndexRow } from './rows';
export { indexDumpContext, indexDumps, indexDumpList, type IndexDump, type IndexDumpList, type IndexDumpPart } from './dumps';
export { queryRecords, type RecordQuery, type RecordSortKey, type RecordWindow } from './query';
export { RecordCache } from './cache';
export { inflateHead, usePrefixInflater, type PrefixInflater } from './head-inflate';
