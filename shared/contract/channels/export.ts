import { channel, event } from '../channel';
import { LIMITS } from '../limits';
import type { ByteChunk, ExportJob, ExportKind } from '../types';
import { bool, int, obj, optional, str } from '../validate';
import { ID } from './files';

/**
 * Exports run as jobs: start returns at once, progress arrives as `export.progress` events
 * (and from export.status for a transport that missed them), cancel stops between steps.
 * Output is kept by main; the renderer downloads it in bounded chunks or asks main to save it.
 */
export const exportChannels = {
  'export.kinds': channel<ExportKind[]>()(obj({ fileId: optional(ID) }), 'Export formats main offers (for a file, when given).'),
  'export.start': channel<ExportJob>()(
    obj({ fileId: ID, kind: str({ max: 64, pattern: /^[a-z0-9-]+$/ }), recovered: optional(bool()) }),
    'Starts an export job.',
  ),
  'export.status': channel<ExportJob>()(obj({ jobId: ID }), 'Current state of a job.'),
  'export.cancel': channel<ExportJob>()(obj({ jobId: ID }), 'Cancels a running job and discards its output.'),
  'export.read': channel<ByteChunk>()(
    obj({ jobId: ID, name: str({ max: 512, min: 1 }), offset: int(), length: int({ min: 1, max: LIMITS.maxRead, tooLarge: true }) }),
    'A bounded chunk of one exported file (by the relative name the job listed).',
  ),
  'export.saveTo': channel<{ folder: string } | null>()(
    obj({ jobId: ID }),
    'Asks the host for a folder and copies the job output there; null when cancelled.',
    { transports: ['ipc', 'test'] },
  ),
};

export const exportEvents = {
  'export.progress': event<ExportJob>('A job moved on (or finished, failed, was cancelled).'),
};
