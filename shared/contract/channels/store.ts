import { channel } from '../channel';
import { LIMITS } from '../limits';
import type { InspectReport } from '../../report/inspect';
import type { ByteChunk, DumpView, RecordDetail } from '../types';
import { bool, int, obj, optional } from '../validate';
import { ID } from './files';

/** Reading what an open file holds. Reads are bounded: at most LIMITS.maxRead bytes per call. */
export const store = {
  'store.inspect': channel<InspectReport>()(
    obj({ fileId: ID }),
    'The inspection document (geometry, slot map, capacity, records, dumps, diagnostics) without field trees.',
  ),
  'record.get': channel<RecordDetail>()(obj({ fileId: ID, index: int({ max: 1 << 24 }) }), 'One record with its full field tree.'),
  'bytes.read': channel<ByteChunk>()(
    obj({ fileId: ID, offset: int(), length: int({ min: 1, max: LIMITS.maxRead, tooLarge: true }) }),
    `A byte range of the file (≤ ${LIMITS.maxRead} bytes; short at end of file).`,
  ),
  'dmesg.dumps': channel<DumpView[]>()(
    obj({ fileId: ID, recovered: optional(bool()) }),
    'Stitched dumps with missing parts marked; `recovered` also uses cleared slots.',
  ),
};
