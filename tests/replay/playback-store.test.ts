// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useReplay } from '../../renderer/stores/replay';
import type { ReplayPlayback } from '../../shared/contract/channels/sessions';

/** A playback of `n` operations: only the operation list matters to the player's clock. */
function fakePlayback(n: number): ReplayPlayback {
  const operations = Array.from({ length: n }, (_, i) => ({ index: i, kind: 'read', line: i + 1, changes: [] }));
  return {
    report: { operations },
    names: { trace: 't', before: null, after: 'a' },
    initialSlots: [],
    traceLines: [],
    disagreements: [],
  } as unknown as ReplayPlayback;
}

describe('replay player clock (fake timers: steps, not wall-clock speed)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('plays one step per 1/speed s, pauses, and stops at the last step', () => {
    const rp = useReplay();
    rp.playback = fakePlayback(15);
    rp.setSpeed(32);
    rp.play();
    expect(rp.playing).toBe(true);
    vi.advanceTimersByTime(3 * 31);
    expect(rp.step).toBe(3);
    rp.pause();
    vi.advanceTimersByTime(1000);
    expect(rp.step).toBe(3);
    expect(rp.playing).toBe(false);
    rp.toggle();
    vi.advanceTimersByTime(100 * 31);
    expect(rp.step).toBe(14);
    expect(rp.playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('play at the end starts again from the first step; a speed change keeps playing at the new rate', () => {
    const rp = useReplay();
    rp.playback = fakePlayback(5);
    rp.go(4);
    rp.play();
    expect(rp.step).toBe(0);
    rp.setSpeed(1);
    vi.advanceTimersByTime(999);
    expect(rp.step).toBe(0);
    vi.advanceTimersByTime(1);
    expect(rp.step).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    rp.pause();
  });

  it('tick is a manual step that ends playback at the last operation', () => {
    const rp = useReplay();
    rp.playback = fakePlayback(2);
    rp.tick();
    expect(rp.step).toBe(1);
    rp.playing = true;
    rp.tick();
    expect(rp.step).toBe(1);
    expect(rp.playing).toBe(false);
  });
});
