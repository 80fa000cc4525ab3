/**
 * The store index: one pass over a store's bytes into columns, queried for windows of rows,
 * dumps as metadata, and full records decoded on demand.
 */
export {
  StoreIndexer, indexStore, u64Text, u64Of, SLOT_STATES, HEADER, LIVE, CLEARED, EMPTY, UNREADABLE,
  F_RECORD, F_MAPPED, F_TIME_VALID, F_PSTORE_COMPRESSED, F_PSTORE_HEADER, F_PSTORE_FAILED,
  PSTORE_NONE, PSTORE_DMESG, PSTORE_MCE, NO_SEVERITY,
  type StoreIndex, type IndexColumns, type SlotStateName,
} from './store-index';
export { recordRow, recordIdOf, timestampOf, sectionTypesOf, type IndexRow } from './rows';
export { indexDumps, type IndexDump, type IndexDumpPart } from './dumps';
export { queryRecords, type RecordQuery, type RecordSortKey, type RecordWindow } from './query';
export { RecordCache } from './cache';
export { inflateHead, usePrefixInflater, HEAD_BYTES, type PrefixInflater } from './head-inflate';
