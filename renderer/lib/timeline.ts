import type { Timeline, TimelineEvent } from '../../shared/timeline/build';

/** A visible span of time (ms since the epoch). */
export interface View {
  lo: number;
  hi: number;
}

/** The whole timeline with a margin, so the first and last markers are not on the edge. */
export function fullView(t: Timeline): View | null {
  if (!t.range) return null;
  const span = t.range.hi - t.range.lo;
  const pad = Math.max(5_000, span * 0.05);
  return { lo: t.range.lo - pad, hi: t.range.hi + pad };
}

/** Zooms by `factor` (< 1 in, > 1 out) around `at` (a fraction 0..1 of the view), never below one second wide. */
export function zoom(v: View, factor: number, at = 0.5): View {
  const span = Math.max(1_000, (v.hi - v.lo) * factor);
  const pivot = v.lo + (v.hi - v.lo) * at;
  return { lo: pivot - span * at, hi: pivot + span * (1 - at) };
}

/** Moves the view by a fraction of its width (negative: earlier). */
export function pan(v: View, fraction: number): View {
  const d = (v.hi - v.lo) * fraction;
  return { lo: v.lo + d, hi: v.hi + d };
}

/** Position of a time in the view, in percent (may lie outside 0..100). */
export const percent = (v: View, t: number) => ((t - v.lo) / (v.hi - v.lo)) * 100;

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);

/** Tick marks at a round step giving about `want` ticks, with labels as precise as the step needs. */
export function ticks(v: View, want = 8): { at: number; label: string }[] {
  const raw = (v.hi - v.lo) / want;
  const step = STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
  const out: { at: number; label: string }[] = [];
  for (let t = Math.ceil(v.lo / step) * step; t <= v.hi && out.length < 50; t += step) {
    const iso = new Date(t).toISOString();
    const label = step >= 86_400_000 ? iso.slice(0, 10) : step >= 60_000 ? iso.slice(5, 16).replace('T', ' ') : iso.slice(11, 19);
    out.push({ at: t, label });
  }
  return out;
}

export interface Lane {
  key: string;
  title: string;
  subtitle: string;
  events: TimelineEvent[];
}

/**
 * Lanes to draw: by boot (one per boot, then hardware errors, replay operations and records
 * with no boot) or by file (one per opened file).
 */
export function lanes(t: Timeline, by: 'boot' | 'file', names: ReadonlyMap<string, string>): Lane[] {
  const map = new Map<string, Lane>();
  const lane = (key: string, title: string, subtitle: string) => {
    let l = map.get(key);
    if (!l) map.set(key, (l = { key, title, subtitle, events: [] }));
    return l;
  };
  if (by === 'boot')
    for (const b of t.boots)
      lane(
        `boot:${b.bootId}`,
        `Boot ${b.bootId}`,
        b.at ? `first record ${new Date(b.at).toISOString().replace('T', ' ').slice(0, 19)}` : 'time unknown',
      );
  for (const e of t.events) {
    if (by === 'file') {
      if (e.kind === 'boot') continue;
      lane(`file:${e.fileId}`, names.get(e.fileId) ?? e.file, '').events.push(e);
    } else if (e.kind === 'hw-error') lane('hw', 'Hardware errors', 'CPER records from every opened file').events.push(e);
    else if (e.kind === 'operation') lane('ops', 'Replay', 'operations from the trace').events.push(e);
    else if (e.bootId) lane(`boot:${e.bootId}`, `Boot ${e.bootId}`, '').events.push(e);
    else lane('other', 'Other records', 'no Linux record id').events.push(e);
  }
  for (const l of map.values()) {
    if (by === 'file') {
      const n = l.events.length;
      l.subtitle = `${n} event${n === 1 ? '' : 's'}`;
    }
  }
  return [...map.values()];
}

/** "2026-11-22 02:19:09" */
export const timeText = (t: number | null) =>
  t === null
    ? 'no time'
    : new Date(t)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.000Z$|Z$/, '');
