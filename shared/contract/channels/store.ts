import { channel, event } from '../channel';
import { LIMITS } from '../limits';
import type { ByteChunk, DumpLines, DumpList, DumpSearch, OpenProgress, RecordDetail, RecordsWindow, StoreSummary } from '../types';
import { bool, int, obj, oneOf, optional, str } from '../validate';
import { ID } from './files';

const FILTER = str({ max: 256 });
const QUERY = obj({
  sort: optional(oneOf(['id', 'time', 'severity', 'creator', 'sections', 'summary', 'state', 'slot'] as const)),
  dir: optional(int({ min: -1, max: 1 })),
  text: optional(FILTER),
  severity: optional(FILTER),
  sectionType: optional(FILTER),
  creator: optional(FILTER),
  state: optional(FILTER),
});
const DUMP = { fileId: ID, recovered: optional(bool()), dump: int({ max: 1 << 24 }) };

/**
 * Reading what an open file holds. Every reply is bounded whatever the file's size: the
 * overview is a summary, records, dumps, a dump's lines and search hits come by window, and
 * bytes by chunk (at most LIMITS.maxRead). The work runs where the file is indexed, off the
 * main thread.
 */
export const store = {
  'store.inspect': channel<StoreSummary>()(
    obj({ fileId: ID }),
    'The overview (geometry, slot states, slots QEMU 7.0/7.1 wrote with their remnants, capacity, counts, facets, first diagnostics); records come from records.window.',
  ),
  'records.window': channel<RecordsWindow>()(
    obj({ fileId: ID, offset: int({ max: 1 << 24 }), limit: int({ min: 1, max: LIMITS.maxRows, tooLarge: true }), query: optional(QUERY) }),
    `Records matching a filter, in a sort order, from offset (≤ ${LIMITS.maxRows} rows).`,
  ),
  'record.locate': channel<{ index: number | null }>()(
    obj({ fileId: ID, slot: optional(int({ max: 1 << 24 })), offset: optional(int()) }),
    'The record in a slot, or covering a file offset.',
  ),
  'record.get': channel<RecordDetail>()(
    obj({ fileId: ID, index: int({ max: 1 << 24 }) }),
    'One record with its full field tree (and a pstore record its text).',
  ),
  'bytes.read': channel<ByteChunk>()(
    obj({ fileId: ID, offset: int(), length: int({ min: 1, max: LIMITS.maxRead, tooLarge: true }) }),
    `A byte range of the file (≤ ${LIMITS.maxRead} bytes; short at end of file).`,
  ),
  'dmesg.list': channel<DumpList>()(
    obj({
      fileId: ID,
      recovered: optional(bool()),
      offset: int({ max: 1 << 24 }),
      limit: int({ min: 1, max: LIMITS.maxRows, tooLarge: true }),
    }),
    'Stitched dumps (metadata only: parts, each gap with its reason, the pstore generation that wrote it with its evidence), oldest first; `recovered` also uses cleared slots.',
  ),
  'dmesg.lines': channel<DumpLines>()(
    obj({ ...DUMP, offset: int(), limit: int({ min: 1, max: LIMITS.maxLines, tooLarge: true }) }),
    `A window of a dump's lines (≤ ${LIMITS.maxLines}) with part, level and gap marks.`,
  ),
  'dmesg.search': channel<DumpSearch>()(
    obj({ ...DUMP, query: str({ min: 1, max: 256 }), offset: int(), limit: int({ min: 1, max: LIMITS.maxHits, tooLarge: true }) }),
    'Case-insensitive search over a whole dump; hits by window.',
  ),
  'dmesg.read': channel<ByteChunk>()(
    obj({ ...DUMP, offset: int(), length: int({ min: 1, max: LIMITS.maxRead, tooLarge: true }) }),
    'A chunk of the exact stitched bytes of a dump (for save).',
  ),
};

export const storeEvents = {
  'files.progress': event<OpenProgress>(
    'Indexing of an open file moved on (bytes read, records found), finished, failed or was cancelled.',
  ),
};
