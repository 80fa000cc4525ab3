import { channel } from '../channel';
import { MAX_UPLOAD_BASE64 } from '../limits';
import { obj, oneOf, str } from '../validate';
import { ID } from './files';

const NAME = str({ max: 255, min: 1 });

/** Bytes handed to a tool that are not evidence: a QEMU trace to replay, an emulator journal. */
export interface ToolInput {
  id: string;
  name: string;
  size: number;
  kind: 'trace' | 'journal';
}

/**
 * Tool inputs are kept apart from opened files: never in the file list, never counted against
 * the open-file limit, never indexed. Replay takes `traceInputId`, a session `journalInputId`.
 */
export const toolInputChannels = {
  'inputs.upload': channel<ToolInput>()(
    obj({ name: NAME, base64: str({ max: MAX_UPLOAD_BASE64 }), kind: oneOf(['trace', 'journal'] as const) }),
    'Keeps a trace or journal the user handed to the page as a tool input (not evidence).',
  ),
  'inputs.close': channel<{ closed: boolean }>()(obj({ inputId: ID }), 'Forgets a tool input.'),
};
