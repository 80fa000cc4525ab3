import { describe, expect, it } from 'vitest';
import { captureWindowState, DEFAULT_WINDOW_STATE, MIN_WINDOW_SIZE, parseWindowState } from '../../main/desktop/window-state';
import { parseDesktopPrefs, serializeDesktopPrefs } from '../../main/desktop/desktop-prefs';

const ONE_SCREEN = [{ x: 0, y: 0, width: 1920, height: 1040 }];
const TWO_SCREENS = [...ONE_SCREEN, { x: 1920, y: 0, width: 2560, height: 1400 }];

describe('window state parsing', () => {
  it('falls back to defaults for missing, broken or foreign content', () => {
    for (const t of [null, undefined, '', '{', 'null', '[]', '42', '"x"', '{"width":"wide"}']) {
      expect(parseWindowState(t, ONE_SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('keeps a saved place that is still on a display', () => {
    const s = parseWindowState('{"x":2000,"y":100,"width":1400,"height":900,"maximized":true}', TWO_SCREENS);
    expect(s).toEqual({ x: 2000, y: 100, width: 1400, height: 900, maximized: true });
  });

  it('drops the position when that display is gone, keeping the size', () => {
    expect(parseWindowState('{"x":2000,"y":100,"width":1400,"height":900}', ONE_SCREEN)).toEqual({
      width: 1400,
      height: 900,
      maximized: false,
    });
    expect(parseWindowState('{"x":100,"y":-500,"width":1000,"height":700}', ONE_SCREEN)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(parseWindowState('{"x":1900,"y":10,"width":1000,"height":700}', ONE_SCREEN)).not.toHaveProperty('x');
  });

  it('clamps sizes and rejects non-finite numbers', () => {
    expect(parseWindowState('{"width":10,"height":10}', ONE_SCREEN)).toMatchObject(MIN_WINDOW_SIZE);
    expect(parseWindowState('{"width":1e9,"height":1e9}', ONE_SCREEN)).toMatchObject({ width: 16384, height: 16384 });
    expect(parseWindowState('{"width":1000.6,"height":700.2,"x":10,"y":"10"}', ONE_SCREEN)).toEqual({
      width: 1001,
      height: 700,
      maximized: false,
    });
    expect(parseWindowState('{"maximized":"yes"}', ONE_SCREEN).maximized).toBe(false);
  });

  it('round-trips what it captures', () => {
    const s = captureWindowState({ x: 10.4, y: 20, width: 1300, height: 850 }, false);
    expect(parseWindowState(JSON.stringify(s), ONE_SCREEN)).toEqual({ x: 10, y: 20, width: 1300, height: 850, maximized: false });
  });
});

describe('desktop prefs file', () => {
  it('parses theme and recent files defensively', () => {
    const p = parseDesktopPrefs(
      JSON.stringify({
        theme: 'dark',
        window: { width: 900, height: 600 },
        recent: [{ path: '/a', size: 5, openedAt: 't' }, { path: '/a' }, { path: 3 }, 'x', { path: '/b\0c' }, { path: '/b', size: -1 }],
      }),
      ONE_SCREEN,
    );
    expect(p.theme).toBe('dark');
    expect(p.window).toEqual({ width: 900, height: 600, maximized: false });
    expect(p.recent).toEqual([
      { path: '/a', size: 5, openedAt: 't' },
      { path: '/b', size: 0, openedAt: new Date(0).toISOString() },
    ]);
  });

  it('survives a damaged file', () => {
    expect(parseDesktopPrefs('{"theme":', ONE_SCREEN)).toEqual({ window: DEFAULT_WINDOW_STATE, theme: 'system', recent: [] });
    expect(parseDesktopPrefs('{"theme":"purple","recent":{}}', ONE_SCREEN)).toMatchObject({ theme: 'system', recent: [] });
  });

  it('round-trips', () => {
    const p = {
      window: { x: 5, y: 6, width: 1000, height: 700, maximized: false },
      theme: 'light' as const,
      recent: [{ path: '/e/backing', size: 65536, openedAt: '2025-01-01T00:00:00.000Z' }],
    };
    expect(parseDesktopPrefs(serializeDesktopPrefs(p), ONE_SCREEN)).toEqual(p);
  });
});
