import { app, BrowserWindow, session, type WebContents } from 'electron';
import path from 'node:path';
import { APP_ENTRY_URL } from '../main/desktop/app-origin';
import { isNavigationAllowed } from '../main/desktop/navigation-policy';
import { openLinkWithConsent } from './consent-dialog';
import { isPermissionGranted } from '../main/desktop/permission-policy';
import { captureWindowState, MIN_WINDOW_SIZE, type WindowState } from '../main/desktop/window-state';

/**
 * The one window, locked down per Electron's security checklist: context isolation, the
 * renderer sandbox, no Node in the page, web security on, no <webview>, no navigation away
 * from app://erst, no new windows, no permissions (app-wide hooks: `lockDownWebContents`).
 */
export function createMainWindow(opts: {
  preload: string;
  icon?: string;
  state: WindowState;
  onStateChange: (s: WindowState) => void;
}): BrowserWindow {
  const { state } = opts;
  const win = new BrowserWindow({
    title: 'ERST Viewer',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // Remember the normal bounds (not the maximized ones), at most every half second.
  let timer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!win.isDestroyed()) opts.onStateChange(captureWindowState(win.getNormalBounds(), win.isMaximized()));
    }, 500);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev as 'resize', remember);
  win.on('close', () => {
    clearTimeout(timer);
    opts.onStateChange(captureWindowState(win.getNormalBounds(), win.isMaximized()));
  });

  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Where the renderer build and the preload are, relative to dist/app/main.js. */
export function appPaths(distAppDir: string) {
  return {
    preload: path.join(distAppDir, 'preload.cjs'),
    rendererRoot: path.join(distAppDir, '..', 'renderer'),
  };
}

/** Navigation, new windows, <webview>: refused for every WebContents the app ever creates. */
function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link to the web goes to the user's browser once they confirm; nothing ever opens in a new Electron window.
    const owner = BrowserWindow.fromWebContents(contents) ?? undefined;
    openLinkWithConsent(url, () => owner);
    return { action: 'deny' };
  });
}

/** App-wide security hooks; call once, after 'ready'. */
export function installSecurityPolicy(): void {
  app.on('web-contents-created', (_e, contents) => lockDownWebContents(contents));
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isPermissionGranted(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
}
