import type { ErrorCode } from '../../shared/contract/index';

/** A contract error surfaced in the renderer, with the code main gave. */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
