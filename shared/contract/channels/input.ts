import { channel } from '../channel';
import { LIMITS } from '../limits';
import type { FileInfo } from '../types';
import { obj, optional, str } from '../validate';

/**
 * Pasted input: hex, base64 or kernel `[Hardware Error]` text typed or pasted into the app.
 * Main opens the text's bytes like a file, so every view and export works on it.
 */
export const inputChannels = {
  'input.paste': channel<FileInfo>()(
    obj({ name: optional(str({ max: 255, min: 1 })), text: str({ min: 1, max: LIMITS.maxUpload }) }),
    'Opens pasted text (hex, base64, kernel [Hardware Error] text) as an in-memory, read-only file.',
  ),
};
