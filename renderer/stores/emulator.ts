import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import type { ConsoleLine, EmulatorResult, EmulatorState } from '../../shared/contract/channels/sessions';
import type { ArgsOf, FileInfo } from '../../shared/contract/index';
import { fileBase64 } from '../lib/file-base64';
import { erst } from '../transport/index';
import { b64, download } from '../lib/format';
import { CommandHistory, ConsoleParseError, parseCommand, VERBS } from '../lib/console-parse';
import { useFiles } from './files';
import { useUi } from './ui';

const MAX_LINES = 2000;

/** Console lines run one after another in the order typed, however fast they come. */
let queue: Promise<void> = Promise.resolve();

/** The console's live emulator session: its state after every command, and the printed output. */
export const useEmulator = defineStore('emulator', {
  state: () => ({
    state: null as EmulatorState | null,
    lines: [] as ConsoleLine[],
    history: markRaw(new CommandHistory()),
    busy: false,
  }),
  getters: {
    sessionId: (s) => s.state?.sessionId ?? null,
    exchange: (s) => (s.state ? b64(s.state.exchange.base64) : new Uint8Array(0)),
  },
  actions: {
    print(...ls: ConsoleLine[]) {
      this.lines.push(...ls);
      if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
    },
    async create(opts: ArgsOf<'emulator.create'>) {
      this.busy = true;
      try {
        if (this.state)
          await erst()
            .call('emulator.close', { sessionId: this.state.sessionId })
            .catch(() => undefined);
        this.state = await erst().call('emulator.create', opts);
        this.lines = [
          {
            kind: 'note',
            text: `session ${this.state.name}: ${this.state.storeSize} bytes, record size ${this.state.recordSize}, QEMU ${this.state.qemu}, record slots ${this.state.firstSlot}–${this.state.lastSlot - 1}. Type help.`,
          },
        ];
      } catch (e) {
        useUi().fail(e);
      } finally {
        this.busy = false;
      }
    },
    /** Starts a session from a journal the user picked (a browser page has no path to give). */
    async createFromJournal(f: File) {
      try {
        // A journal is an input to the session, not evidence: it never joins the open files.
        const i = await erst().call('inputs.upload', { name: f.name, base64: await fileBase64(f), kind: 'journal' });
        await this.create({ journalInputId: i.id });
      } catch (e) {
        useUi().fail(e);
      }
    },
    /** Uploads a CPER file so `write-record NAME` can name it; undefined when the upload failed (already reported). */
    async uploadRecordFile(f: File): Promise<FileInfo | undefined> {
      try {
        return await erst().call('files.upload', { name: f.name, base64: await fileBase64(f) });
      } catch (e) {
        useUi().fail(e);
        return undefined;
      }
    },
    /** Queues one console line behind those typed before it; results and errors are printed, never thrown. */
    run(line: string): Promise<void> {
      queue = queue.then(() => this.runNow(line));
      return queue;
    },
    async runNow(line: string) {
      this.history.push(line);
      this.print({ kind: 'in', text: line });
      let cmd;
      try {
        cmd = parseCommand(line);
      } catch (e) {
        this.print({ kind: 'bad', text: e instanceof ConsoleParseError ? e.message : String(e) });
        return;
      }
      if (cmd.kind === 'empty') return;
      if (cmd.kind === 'local' && cmd.name === 'help') {
        for (const v of VERBS) this.print({ kind: 'note', text: `${v.usage.padEnd(60)} ${v.help}` });
        return;
      }
      if (cmd.kind === 'local' && cmd.name === 'cls') {
        this.lines = [];
        return;
      }
      if (!this.state) {
        this.print({ kind: 'bad', text: 'no session: start one first' });
        return;
      }
      const sessionId = this.state.sessionId;
      this.busy = true;
      try {
        if (cmd.kind === 'local') {
          if (cmd.name === 'history') {
            for (const s of this.state.history)
              this.print({
                kind: 'out',
                text: `${String(s.step).padStart(4)}  ${s.label} (${s.accesses} access${s.accesses === 1 ? '' : 'es'})`,
              });
            if (!this.state.history.length) this.print({ kind: 'out', text: 'no steps yet' });
          } else if (cmd.name === 'undo') await this.undo(cmd.step ?? Math.max(0, this.state.step - 1));
          else if (cmd.name === 'save') await this.save(cmd.what ?? 'store');
          return;
        }
        let r: EmulatorResult;
        if (cmd.kind === 'access') r = await erst().call('emulator.access', { sessionId, ...cmd.args });
        else {
          const { file, ...rest } = cmd.args;
          let fileId: string | undefined;
          if (file !== undefined) {
            const f = useFiles().files.find((x) => x.name === file || x.id === file);
            if (!f) throw new Error(`no open file named ${file} (open or drop it first)`);
            fileId = f.id;
          }
          r = await erst().call('emulator.op', { sessionId, ...rest, ...(fileId ? { fileId } : {}) });
        }
        this.print(...r.lines);
        this.state = r.state;
      } catch (e) {
        this.print({ kind: 'bad', text: e instanceof Error ? e.message : String(e) });
      } finally {
        this.busy = false;
      }
    },
    async undo(toStep: number) {
      if (!this.state) return;
      this.state = await erst().call('emulator.undo', { sessionId: this.state.sessionId, toStep });
      this.print({ kind: 'note', text: `undone to step ${toStep}` });
    },
    async refresh() {
      if (this.state) this.state = await erst().call('emulator.state', { sessionId: this.state.sessionId });
    },
    /** Serve mode: a download; Electron: the host's folder dialog. Always a new file. */
    async save(what: 'store' | 'journal') {
      if (!this.state) return;
      const sessionId = this.state.sessionId;
      if (useFiles().app?.canSaveDialog) {
        const r = await erst().call('emulator.saveTo', { sessionId, what });
        this.print({ kind: 'note', text: r ? `saved ${r.name} in ${r.folder}` : 'save cancelled' });
        return;
      }
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let offset = 0;
      let total = Infinity;
      let name = '';
      while (offset < total) {
        const c = await erst().call('emulator.read', { sessionId, what, offset, length: 512 * 1024 });
        total = c.total;
        if (!c.length) break;
        parts.push(b64(c.base64));
        offset += c.length;
      }
      name = `erst-session-step${this.state.step}.${what === 'store' ? 'erst' : 'journal.jsonl'}`;
      download(name, parts);
      this.print({ kind: 'note', text: `${what} downloaded as ${name} (${offset} bytes)` });
    },
    async openAsFile() {
      if (!this.state) return;
      const f = await erst().call('emulator.openAsFile', { sessionId: this.state.sessionId });
      this.print({ kind: 'note', text: `opened as ${f.name} (pick it in the file menu to use every view)` });
    },
  },
});
