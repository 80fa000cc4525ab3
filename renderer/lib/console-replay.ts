import type { ReplaySlot, RVReplayOperation } from '../../shared/contract/channels/sessions';

/**
 * Slot states after replay step `step` (inclusive): the initial slots with every earlier
 * operation's changes folded in. Pure; the replay player and its tests use it.
 */
export function slotsAt(initial: readonly ReplaySlot[], ops: readonly RVReplayOperation[], step: number): ReplaySlot[] {
  const slots = initial.map((s) => ({ ...s }));
  for (let i = 0; i <= step && i < ops.length; i++) {
    for (const c of ops[i].changes) {
      const s = slots[c.slot];
      if (!s) continue;
      s.state = c.kind === 'written' ? 'live' : 'cleared';
      s.recordId = c.id;
    }
  }
  return slots;
}

export const idHex = (id: string | undefined | null) => (id ? '0x' + BigInt(id).toString(16).padStart(16, '0') : '—');

/** Where a step sits on the scrub bar (percent), by trace time when every operation has one, else by index. */
export function scrubPositions(ops: readonly RVReplayOperation[]): number[] {
  const n = ops.length;
  if (!n) return [];
  const times = ops.map((o) => o.time);
  if (times.every((t) => t !== undefined)) {
    const lo = times[0]!,
      hi = times[n - 1]!;
    if (hi > lo) return times.map((t) => ((t! - lo) / (hi - lo)) * 100);
  }
  return ops.map((_, i) => (n === 1 ? 50 : (i / (n - 1)) * 100));
}
