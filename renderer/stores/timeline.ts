import { defineStore } from 'pinia';
import { buildTimeline, DEFAULT_WINDOW_MS, type Timeline, type TimelineSource } from '../../shared/timeline/build';
import { erst } from '../transport/index';
import { useFiles } from './files';
import { useReplay } from './replay';
import { useUi } from './ui';
import { fullView, type View } from '../lib/timeline';

/**
 * The timeline of every open file together: per-file facts come from main once per file; the
 * merge, the correlation window and the view (zoom, pan, grouping) are local.
 */
export const useTimeline = defineStore('timeline', {
  state: () => ({
    sources: {} as Record<string, TimelineSource>,
    windowS: DEFAULT_WINDOW_MS / 1000,
    groupBy: 'boot' as 'boot' | 'file',
    view: null as View | null,
    selected: null as string | null,
    loading: false,
  }),
  getters: {
    timeline(): Timeline {
      const files = useFiles();
      const list = files.files.map((f) => this.sources[f.id]).filter((s): s is TimelineSource => !!s);
      const rp = useReplay();
      if (rp.playback) {
        list.push({
          fileId: 'replay',
          name: `replay ${rp.playback.names.trace}`,
          records: [],
          dumps: [],
          operations: rp.ops.map((o) => ({
            index: o.index,
            kind: o.kind,
            line: o.line,
            time: o.time,
            status: o.status,
            part: o.part,
            slot: o.slot,
            id: o.id,
          })),
        });
      }
      return buildTimeline(list, { windowMs: Math.max(0, this.windowS) * 1000 });
    },
  },
  actions: {
    /** Fetches what is missing for the open files; forgets closed ones. */
    async load() {
      const files = useFiles();
      const ids = new Set(files.files.map((f) => f.id));
      for (const id of Object.keys(this.sources)) if (!ids.has(id)) delete this.sources[id];
      const missing = [...ids].filter((id) => !this.sources[id]);
      if (!missing.length) return;
      this.loading = true;
      try {
        const got = await Promise.all(
          missing.map((fileId) =>
            erst()
              .call('timeline.source', { fileId })
              .catch(() => null),
          ),
        );
        got.forEach((s, i) => {
          if (s) this.sources[missing[i]] = s;
        });
        this.view = fullView(this.timeline);
      } catch (e) {
        useUi().fail(e);
      } finally {
        this.loading = false;
      }
    },
    reset() {
      this.view = fullView(this.timeline);
    },
  },
});
