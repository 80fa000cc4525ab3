import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { isAppUrl } from '../main/desktop/app-origin';
import { IPC } from '../main/desktop/ipc-channels';
import { createIpcRouter } from '../main/desktop/ipc-router';
import type { SenderFacts } from '../main/desktop/ipc-sender';
import type { Dispatcher } from '../main/services/dispatcher';

/**
 * Electron's half of the IPC transport: turns an IPC event into SenderFacts and hands the call
 * to the router (main/desktop/ipc-router.ts), which checks sender and allow-list before the
 * shared dispatcher validates the arguments. Events from the dispatcher go to our windows only.
 */
export function wireIpc(dispatcher: Dispatcher, ourWindows: () => readonly BrowserWindow[]): void {
  const router = createIpcRouter(dispatcher, path.isAbsolute);

  const facts = (event: IpcMainInvokeEvent): SenderFacts => {
    const frame = event.senderFrame;
    return {
      frameUrl: frame ? frame.url : null,
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
      isKnownWindow: ourWindows().some((w) => !w.isDestroyed() && w.webContents === event.sender),
    };
  };

  ipcMain.handle(IPC.call, (event, channel: unknown, args: unknown) => router.call(facts(event), channel, args));
  ipcMain.handle(IPC.openDropped, (event, filePath: unknown) => router.openDropped(facts(event), filePath));

  dispatcher.onEvent((name, payload) => {
    for (const w of ourWindows()) {
      // Never push into a page that is not ours (navigation is blocked, but do not rely on it).
      if (!w.isDestroyed() && isAppUrl(w.webContents.getURL())) w.webContents.send(IPC.event, name, payload);
    }
  });
}
