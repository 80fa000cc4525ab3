import { channel } from '../channel';
import { MAX_UPLOAD_BASE64 } from '../limits';
import type { AppInfo, FileInfo, RecentEntry } from '../types';
import { none, obj, str } from '../validate';

/** File ids and recent keys are short opaque tokens main hands out. */
export const ID = str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ });
const NAME = str({ max: 255, min: 1 });

/**
 * Opening files. The renderer never sends a path it made up: a path arrives only from a native
 * dialog, the command line, or (Electron) a drop that the preload resolved — and that channel
 * is not offered over serve mode, where a browser drop hands over bytes instead.
 */
export const files = {
  'app.info': channel<AppInfo>()(none(), 'Version, transport, limits and which host dialogs exist.'),
  'files.list': channel<FileInfo[]>()(none(), 'Files main has open (from the command line, dialogs, drops, uploads).'),
  'files.recent': channel<RecentEntry[]>()(none(), 'Recently opened files, newest first.'),
  'files.openDialog': channel<FileInfo | null>()(none(), 'Shows the host open dialog; null when cancelled.', {
    transports: ['ipc', 'test'],
  }),
  'files.openDropped': channel<FileInfo>()(
    obj({ path: str({ max: 4096, min: 1 }) }),
    'Opens a file dropped on the window; the path comes from the preload (webUtils.getPathForFile), never from page script.',
    { transports: ['ipc', 'test'] },
  ),
  'files.openRecent': channel<FileInfo>()(obj({ key: ID }), 'Reopens a recent file by its key.'),
  'files.upload': channel<FileInfo>()(
    obj({ name: NAME, base64: str({ max: MAX_UPLOAD_BASE64 }) }),
    'Opens bytes the user handed to the page (browser drop or file picker); held in memory, read-only.',
  ),
  'files.openSample': channel<FileInfo>()(none(), 'Opens the bundled sample store (made by the project encoder).'),
  'files.close': channel<{ closed: boolean }>()(obj({ fileId: ID }), 'Closes a file and forgets its id.'),
};
