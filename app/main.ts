/**
 * The Electron main process: one window over the shared services.
 *
 * Everything that decides something (which sender, which channel, which path, which URL,
 * which window size) lives in electron-free modules under main/desktop/ and is unit-tested;
 * this file and its neighbours only wire those decisions to Electron.
 */
import { app, BrowserWindow, dialog, Menu, nativeTheme } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDesktopPath } from '../main/desktop/desktop-path';
import { IPC } from '../main/desktop/ipc-channels';
import { filesFromArgv, filesFromSecondInstance, type SecondInstanceData } from '../main/desktop/launch-args';
import { createDispatcher, type Dispatcher } from '../main/services/dispatcher';
import { wireIpc } from './ipc';
import { buildMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { loadPrefs, savePrefs } from './state';
import { appPaths, createMainWindow, installSecurityPolicy } from './window';
import { askWithDialog } from './consent-dialog';

const distAppDir = path.dirname(fileURLToPath(import.meta.url));
const isDefaultApp = !!process.defaultApp;
// Tests and portable use can keep the profile elsewhere; must be set before 'ready'.
if (process.env.ERST_VIEWER_USER_DATA) app.setPath('userData', path.resolve(process.env.ERST_VIEWER_USER_DATA));

/** Files named on our own command line, resolved against our working directory. */
const launchFiles = filesFromArgv(process.argv, isDefaultApp).map((f) => path.resolve(f));

registerAppScheme();
const secondInstanceData: SecondInstanceData = { files: launchFiles };
if (!app.requestSingleInstanceLock(secondInstanceData as unknown as Record<string, unknown>)) {
  // Another instance runs: it received our files through 'second-instance'.
  app.quit();
} else {
  start();
}

function start(): void {
  let dispatcher: Dispatcher | undefined;
  let window: BrowserWindow | undefined;
  /** Files asked for before the services were ready (macOS sends open-file before 'ready'). */
  const pending: string[] = [...launchFiles];

  const openFromOs = (file: string) => {
    if (!dispatcher) return void pending.push(file);
    const checked = checkDesktopPath(file, path.isAbsolute);
    if (!checked.ok) return showError(`Cannot open ${file}`, checked.reason);
    try {
      dispatcher.files.openPath(checked.path, 'command-line');
    } catch (e) {
      showError(`Cannot open ${path.basename(file)}`, (e as Error).message);
    }
  };
  const showError = (message: string, detail: string) => {
    const opts = { type: 'error' as const, title: 'ERST Viewer', message, detail };
    void (window && !window.isDestroyed() ? dialog.showMessageBox(window, opts) : dialog.showMessageBox(opts));
  };

  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromOs(file);
  });
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    for (const f of filesFromSecondInstance(argv, workingDirectory, additionalData, isDefaultApp, path.resolve)) openFromOs(f);
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => dispatcher?.dispose());

  void app.whenReady().then(() => {
    const prefs = loadPrefs();
    nativeTheme.themeSource = prefs.theme;
    const { preload, rendererRoot } = appPaths(distAppDir);
    installSecurityPolicy();
    serveRenderer(rendererRoot);
    if (!existsSync(path.join(rendererRoot, 'index.html')))
      console.error(`erst-viewer: ${rendererRoot}/index.html is missing; build the renderer first (npm run build)`);
    app.setAboutPanelOptions({ applicationName: 'ERST Viewer', applicationVersion: app.getVersion(), copyright: 'MIT License' });

    const parentWindow = () => (window && !window.isDestroyed() ? window : undefined);
    const d = createDispatcher({
      version: app.getVersion(),
      async showOpenDialog() {
        const opts = { title: 'Open ERST backing file or CPER records', properties: ['openFile' as const] };
        const w = parentWindow();
        const r = await (w ? dialog.showOpenDialog(w, opts) : dialog.showOpenDialog(opts));
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      async pickFolder() {
        const opts = { title: 'Save export to folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
        const w = parentWindow();
        const r = await (w ? dialog.showOpenDialog(w, opts) : dialog.showOpenDialog(opts));
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      // Replacing files on disk (Save to folder) happens only after this asks and the user agrees.
      ask: askWithDialog(parentWindow),
      recentStore: {
        load: () => prefs.recent,
        save(items) {
          prefs.recent = items;
          savePrefs(prefs);
          for (const i of items.slice(0, 1)) app.addRecentDocument(i.path);
        },
      },
    });
    dispatcher = d;

    const report = (what: string) => (r: { ok: boolean; error?: { message: string } }) => {
      if (!r.ok && r.error) showError(what, r.error.message);
    };
    const refreshMenu = () =>
      Menu.setApplicationMenu(
        buildMenu(d.files.recent(), {
          openDialog: () => void d.call('files.openDialog', undefined, { transport: 'ipc' }).then(report('Cannot open the file')),
          openRecent: (key) => void d.call('files.openRecent', { key }, { transport: 'ipc' }).then(report('Cannot reopen the file')),
          sendMenuCommand: (event, payload) => parentWindow()?.webContents.send(IPC.event, event, payload),
          setTheme: (theme) => {
            nativeTheme.themeSource = prefs.theme = theme;
            savePrefs(prefs);
            refreshMenu();
          },
        }),
      );
    d.onEvent((event) => {
      if (event === 'files.changed') refreshMenu();
    });
    refreshMenu();
    wireIpc(d, () => (window ? [window] : []));

    const createWindow = () => {
      const icon = path.join(distAppDir, '..', '..', 'build', 'icons', '512x512.png');
      window = createMainWindow({
        preload,
        ...(existsSync(icon) ? { icon } : {}),
        state: prefs.window,
        onStateChange: (s) => {
          prefs.window = s;
          savePrefs(prefs);
        },
      });
    };
    createWindow();
    app.on('activate', () => {
      if (!parentWindow()) createWindow();
    });
    for (const f of pending.splice(0)) openFromOs(f);
  });
}
