import { defineStore } from 'pinia';
import type { StoreDiff } from '../../shared/diff/store-diff';
import { erst } from '../transport/index';
import { b64 } from '../lib/format';
import { useUi } from './ui';

/** Two open files compared: which is before, which after, the comparison, and the slot whose bytes are shown side by side. */
export const useDiff = defineStore('diff', {
  state: () => ({
    before: null as string | null,
    after: null as string | null,
    diff: null as StoreDiff | null,
    loading: false,
    slot: null as number | null,
    bytes: null as { offset: number; a: Uint8Array; b: Uint8Array } | null,
  }),
  actions: {
    async run() {
      if (!this.before || !this.after) return;
      this.loading = true;
      this.slot = null;
      this.bytes = null;
      try {
        this.diff = await erst().call('diff.run', { before: this.before, after: this.after });
        const first = this.diff.slots.find((s) => s.kind !== 'unchanged');
        if (first) await this.show(first.slot);
      } catch (e) {
        this.diff = null;
        useUi().fail(e);
      } finally {
        this.loading = false;
      }
    },
    /** Loads one slot's bytes from both files (one read each: a slot is far below the read limit). */
    async show(slot: number) {
      const s = this.diff?.slots.find((x) => x.slot === slot);
      if (!s || !this.before || !this.after) return;
      this.slot = slot;
      const len = Math.min(this.diff!.recordSize, 1 << 20);
      try {
        const [a, b] = await Promise.all([
          erst().call('bytes.read', { fileId: this.before, offset: s.offset, length: len }),
          erst().call('bytes.read', { fileId: this.after, offset: s.offset, length: len }),
        ]);
        if (this.slot === slot) this.bytes = { offset: s.offset, a: b64(a.base64), b: b64(b.base64) };
      } catch (e) {
        useUi().fail(e);
      }
    },
  },
});
