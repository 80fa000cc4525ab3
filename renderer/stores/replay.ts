import { defineStore } from 'pinia';
import type { FileInfo } from '../../shared/contract/index';
import type { ReplayPlayback, ReplaySlot, WhatIfResult } from '../../shared/contract/channels/sessions';
import { erst } from '../transport/index';
import { useUi } from './ui';
import { slotsAt } from '../lib/console-replay';
import { fileBase64 } from '../lib/file-base64';

/** The playback timer lives beside the store so play/pause/tick are one state machine, testable with a fake clock. */
let timer: ReturnType<typeof setInterval> | undefined;

/** The trace to replay: a tool input (uploaded for replay only, not evidence) or an open file. */
export interface TraceRef {
  id: string;
  name: string;
  input: boolean;
}

/** The replay player: inputs (the trace, and before/after file ids), the playback, the step under the cursor, play/pause, and the what-if runs. */
export const useReplay = defineStore('replay', {
  state: () => ({
    trace: null as TraceRef | null,
    before: null as FileInfo | null,
    after: null as FileInfo | null,
    playback: null as ReplayPlayback | null,
    step: 0,
    playing: false,
    /** Operations per second while playing. */
    speed: 4,
    loading: false,
    whatif: null as WhatIfResult | null,
    whatifSource: 'replay' as 'replay' | 'store',
  }),
  getters: {
    ops: (s) => s.playback?.report.operations ?? [],
    current(): ReplayPlayback['report']['operations'][number] | null {
      return this.ops[this.step] ?? null;
    },
    slots(): ReplaySlot[] {
      return this.playback ? slotsAt(this.playback.initialSlots, this.ops, this.step) : [];
    },
    failedSteps(): number[] {
      return this.ops.flatMap((o, i) => (o.kind === 'write' && o.executed && o.status !== 'SUCCESS' ? [i] : []));
    },
    disagreementSteps(): number[] {
      const set = new Set<number>();
      for (const d of this.playback?.disagreements ?? [])
        if (d.operation !== null) {
          const i = this.ops.findIndex((o) => o.index === d.operation);
          if (i >= 0) set.add(i);
        }
      this.ops.forEach((o, i) => o.mismatches && set.add(i));
      return [...set].sort((a, b) => a - b);
    },
  },
  actions: {
    /** Upload a File picked or dropped in the browser; its role follows from its name unless given. */
    async add(file: File, role?: 'trace' | 'before' | 'after') {
      const r = role ?? guessRole(file.name);
      const base64 = await fileBase64(file);
      if (r === 'trace') {
        // A trace is an input to the replay, not evidence: it never joins the open files.
        const i = await erst().call('inputs.upload', { name: file.name, base64, kind: 'trace' });
        this.trace = { id: i.id, name: i.name, input: true };
        return;
      }
      this.assign(await erst().call('files.upload', { name: file.name, base64 }), r);
    },
    assign(info: FileInfo, role: 'trace' | 'before' | 'after') {
      if (role === 'trace') this.trace = { id: info.id, name: info.name, input: false };
      else this[role] = info;
    },
    async run() {
      if (!this.trace || !this.after) return;
      this.loading = true;
      this.pause();
      try {
        this.playback = await erst().call('replay.run', {
          ...traceArgs(this.trace),
          afterFileId: this.after.id,
          ...(this.before ? { beforeFileId: this.before.id } : {}),
        });
        this.step = 0;
      } catch (e) {
        useUi().fail(e);
      } finally {
        this.loading = false;
      }
    },
    go(step: number) {
      this.step = Math.max(0, Math.min(this.ops.length - 1, step));
    },
    /** One playback step: the next operation, or the end of playback at the last one. */
    tick() {
      if (this.step >= this.ops.length - 1) this.pause();
      else this.go(this.step + 1);
    },
    /** Plays from the current step (from the start when at the end), one operation every 1/speed s. */
    play() {
      this.pause();
      if (!this.ops.length) return;
      if (this.step >= this.ops.length - 1) this.go(0);
      this.playing = true;
      timer = setInterval(() => this.tick(), Math.round(1000 / this.speed));
    },
    pause() {
      this.playing = false;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    toggle() {
      if (this.playing) this.pause();
      else this.play();
    },
    setSpeed(speed: number) {
      this.speed = speed;
      if (this.playing) this.play();
    },
    async runWhatIf(opts: { storeSize?: number; recordSize?: number; fileId?: string }) {
      try {
        if (opts.fileId) {
          this.whatifSource = 'store';
          this.whatif = await erst().call('whatif.run', { fileId: opts.fileId, storeSize: opts.storeSize, recordSize: opts.recordSize });
        } else {
          if (!this.trace || !this.after) throw new Error('load a trace and its after-file first (Replay tab)');
          this.whatifSource = 'replay';
          this.whatif = await erst().call('whatif.run', {
            ...traceArgs(this.trace),
            afterFileId: this.after.id,
            ...(this.before ? { beforeFileId: this.before.id } : {}),
            storeSize: opts.storeSize,
            recordSize: opts.recordSize,
          });
        }
      } catch (e) {
        useUi().fail(e);
      }
    },
  },
});

function traceArgs(t: TraceRef): { traceInputId: string } | { traceFileId: string } {
  return t.input ? { traceInputId: t.id } : { traceFileId: t.id };
}

function guessRole(name: string): 'trace' | 'before' | 'after' {
  if (/trace|\.log$/i.test(name)) return 'trace';
  if (/before/i.test(name)) return 'before';
  return 'after';
}
