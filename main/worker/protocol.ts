import type { ErrorCode } from '../../shared/contract/index';
import type { Progress } from './file-service';

/** What indexing found, for the file's entry in the open list. */
export interface ReadyInfo {
  recordCount: number;
  unrecognised: boolean;
  store: boolean;
  sha256: string;
}

/** Messages a file's worker posts to the main thread. */
export type FromWorker =
  | ({ type: 'progress' } & Progress)
  | { type: 'ready'; info: ReadyInfo }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: { code: ErrorCode; message: string } };
