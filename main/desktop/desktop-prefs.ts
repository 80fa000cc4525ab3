import { LIMITS } from '../../shared/contract/index';
import { parseWindowState, type Rect, type WindowState } from './window-state';

/**
 * Everything the desktop shell remembers, in one small JSON file in userData:
 * the window's place, the theme chosen in View → Theme, and the recent files (paths stay in
 * main; the renderer sees only keys). Parsing never throws, so a damaged file costs the
 * remembered values, never the start-up.
 */
export type ThemeSource = 'system' | 'light' | 'dark';

export interface RecentItem {
  path: string;
  openedAt: string;
  size: number;
}

export interface DesktopPrefs {
  window: WindowState;
  theme: ThemeSource;
  recent: RecentItem[];
}

function parseRecent(v: unknown): RecentItem[] {
  if (!Array.isArray(v)) return [];
  const out: RecentItem[] = [];
  for (const r of v) {
    if (typeof r !== 'object' || r === null) continue;
    const { path, openedAt, size } = r as Record<string, unknown>;
    if (typeof path !== 'string' || path === '' || path.includes('\0')) continue;
    if (out.some((o) => o.path === path)) continue;
    out.push({
      path,
      openedAt: typeof openedAt === 'string' ? openedAt : new Date(0).toISOString(),
      size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : 0,
    });
  }
  return out.slice(0, LIMITS.maxRecent);
}

export function parseDesktopPrefs(text: string | null | undefined, displays: readonly Rect[]): DesktopPrefs {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = text ? JSON.parse(text) : {};
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) raw = v as Record<string, unknown>;
  } catch {
    /* damaged file: defaults below */
  }
  const theme = raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system';
  return {
    window: parseWindowState(raw.window === undefined ? null : JSON.stringify(raw.window), displays),
    theme,
    recent: parseRecent(raw.recent),
  };
}

export function serializeDesktopPrefs(p: DesktopPrefs): string {
  return JSON.stringify(p, null, 2) + '\n';
}
