import { app, Menu, nativeTheme, type MenuItemConstructorOptions } from 'electron';
import { openLinkWithConsent } from './consent-dialog';
import type { RecentEntry } from '../shared/contract/index';
import type { ThemeSource } from '../main/desktop/desktop-prefs';
import { isSubscribableEvent } from '../main/desktop/ipc-channels';

/** Where Help → Specifications points: both the UEFI spec (CPER, appendix N) and ACPI (ERST) are published there. */
const SPECIFICATIONS_URL = 'https://uefi.org/specifications';
/**
 * Menu commands only the renderer can carry out (it knows which file is on screen) travel as
 * this contract event. Until the contract declares it, those items are disabled rather than
 * wired to a side channel.
 */
const MENU_EVENT = 'app.menu';

export interface MenuActions {
  openDialog(): void;
  openRecent(key: string): void;
  /** Sends a command event to the renderer. */
  sendMenuCommand(event: string, payload: unknown): void;
  setTheme(theme: ThemeSource): void;
}

export function buildMenu(recent: readonly RecentEntry[], actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const canCommand = isSubscribableEvent(MENU_EVENT);
  const command = (name: string) => () => actions.sendMenuCommand(MENU_EVENT, { command: name });

  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((r) => ({ label: r.name, sublabel: r.folder, toolTip: `${r.folder}`, click: () => actions.openRecent(r.key) }))
    : [{ label: 'No Recent Files', enabled: false }];

  const theme = nativeTheme.themeSource;
  const themeItem = (label: string, value: ThemeSource): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: theme === value,
    click: () => actions.setTheme(value),
  });

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDialog() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', enabled: canCommand, click: command('export') },
        { type: 'separator' },
        canCommand ? { label: 'Close', accelerator: 'CmdOrCtrl+W', click: command('close') } : { role: 'close' },
        ...(isMac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'quit' } as MenuItemConstructorOptions]),
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Theme', submenu: [themeItem('System', 'system'), themeItem('Light', 'light'), themeItem('Dark', 'dark')] },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // Reload and DevTools only while developing; a packaged app has neither.
        ...(app.isPackaged
          ? []
          : [
              { type: 'separator' } as MenuItemConstructorOptions,
              { role: 'reload' } as MenuItemConstructorOptions,
              { role: 'toggleDevTools' } as MenuItemConstructorOptions,
            ]),
      ],
    },
    ...(isMac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    {
      role: 'help',
      submenu: [
        { label: 'Specifications (UEFI CPER, ACPI ERST)', click: () => openLinkWithConsent(SPECIFICATIONS_URL) },
        ...(isMac
          ? []
          : [{ type: 'separator' } as MenuItemConstructorOptions, { label: 'About ERST Viewer', click: () => app.showAboutPanel() }]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
