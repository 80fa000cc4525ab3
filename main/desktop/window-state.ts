/**
 * The window's size and place, remembered between runs in a small JSON file in userData.
 *
 * The file is user-writable and may be stale (another monitor, another resolution) or broken
 * (truncated write, hand edit), so parsing never throws: anything unusable falls back to a
 * default, sizes are clamped, and a position is kept only when the window would still be
 * visible on one of the current displays.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  /** Absent: let the OS place (centre) the window. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WINDOW_SIZE = { width: 640, height: 420 } as const;
const MAX_SIDE = 16_384;
/** How much of the title bar must be on a display for a remembered position to be reused. */
const MIN_VISIBLE = 64;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** True when at least a MIN_VISIBLE-square of the window's top strip lies on some display. */
function visibleOnSomeDisplay(r: Rect, displays: readonly Rect[]): boolean {
  return displays.some((d) => {
    const w = Math.min(r.x + r.width, d.x + d.width) - Math.max(r.x, d.x);
    const top = Math.max(r.y, d.y);
    const h = Math.min(r.y + MIN_VISIBLE, d.y + d.height) - top;
    return w >= MIN_VISIBLE && h > 0 && r.y >= d.y - 8;
  });
}

/** Parses the saved JSON text; `displays` are the current work areas (screen.getAllDisplays()). */
export function parseWindowState(text: string | null | undefined, displays: readonly Rect[]): WindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ...DEFAULT_WINDOW_STATE };
  const o = raw as Record<string, unknown>;
  const state: WindowState = {
    width: isInt(o.width) ? clamp(o.width, MIN_WINDOW_SIZE.width, MAX_SIDE) : DEFAULT_WINDOW_STATE.width,
    height: isInt(o.height) ? clamp(o.height, MIN_WINDOW_SIZE.height, MAX_SIDE) : DEFAULT_WINDOW_STATE.height,
    maximized: o.maximized === true,
  };
  if (isInt(o.x) && isInt(o.y)) {
    const r = { x: Math.round(o.x), y: Math.round(o.y), width: state.width, height: state.height };
    if (visibleOnSomeDisplay(r, displays)) {
      state.x = r.x;
      state.y = r.y;
    }
  }
  return state;
}

/** What is remembered: the normal (not maximized) bounds plus the maximized flag. */
export function captureWindowState(normalBounds: Rect, maximized: boolean): WindowState {
  const r = (v: number) => Math.round(v);
  return { x: r(normalBounds.x), y: r(normalBounds.y), width: r(normalBounds.width), height: r(normalBounds.height), maximized };
}
