import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ContractError,
  LIMITS,
  type FileInfo,
  type FileOrigin,
  type InputKind,
  type OpenProgress,
  type RecentEntry,
} from '../../shared/contract/index';
import type { InspectReport } from '../../shared/report/inspect';
import { isStore } from '../../shared/store/decode';
import { EvidenceFile } from '../evidence/file';
import { openBackend, type FileBackend } from '../worker/file-backend';
import { defaultWorkerPath } from '../worker/prestart';
import type { ReadyInfo } from '../worker/protocol';
import { decodeFile, type OpenedEvidence } from './decode-file';
import { inspectReport } from './inspect';

export interface OpenFile {
  info: FileInfo;
  /**
   * The whole decode, made on first use on the calling thread. The views never need it (they
   * read windows from `backend`); services that work on the whole file (exports, what-if) do.
   * `ev.file` alone is free: it is the read-only handle.
   */
  ev: OpenedEvidence;
  /** Where the file is indexed and its windows computed (a worker when one is built). */
  backend: FileBackend;
  /** Computed once from `ev`, for the services that need the whole document. */
  report(): InspectReport;
}

/** Bytes the user handed over that are not evidence: a replay trace, an emulator journal, console input. */
export interface OpenInput {
  id: string;
  name: string;
  kind: InputKind;
  bytes: Uint8Array;
  openedAt: string;
}

/** Where recent files are remembered between runs; the Electron shell passes one, serve mode keeps them in memory. */
export interface RecentStore {
  load(): { path: string; openedAt: string; size: number }[];
  save(items: { path: string; openedAt: string; size: number }[]): void;
}

export interface RegistryEvents {
  progress?(p: OpenProgress): void;
}

export const newId = (prefix: string) => prefix + randomBytes(9).toString('base64url');

/** Temp folders are named for the process that made them, so a later start can tell stale ones. */
const TEMP_PREFIX = 'erst-viewer-';

interface Entry extends OpenFile {
  path: string;
  /** A private copy of handed-over bytes: removed when the file is closed. */
  temp: boolean;
}

/**
 * Open files, addressed by ids main hands out (never by path from the renderer). Bytes handed
 * over by a browser are written to a private temp file and opened read-only like any other
 * evidence, so every file goes through the same bounded reader. Opening past the limit is
 * refused, never paid for by closing another file; inputs that are not evidence are kept
 * apart (openInput) and never counted as opened files.
 */
export class FileRegistry {
  private files = new Map<string, Entry>();
  private inputs = new Map<string, OpenInput>();
  private recentItems: { key: string; path: string; openedAt: string; size: number; name?: string }[] = [];
  private tempDir?: string;
  private listeners = new Set<(files: FileInfo[]) => void>();
  private workerPath: string | null;

  constructor(
    private recentStore?: RecentStore,
    private events: RegistryEvents = {},
    opts: { workerPath?: string | null } = {},
  ) {
    for (const r of recentStore?.load() ?? []) this.recentItems.push({ key: newId('r'), ...r });
    this.workerPath = opts.workerPath === undefined ? defaultWorkerPath() : opts.workerPath;
    removeStaleTempDirs();
  }

  openPath(path: string, origin: FileOrigin): OpenFile {
    const abs = resolve(path);
    const open = [...this.files.values()].find((f) => f.path === abs && !f.temp);
    const f = open ?? this.add(abs, basename(abs), origin, false);
    this.remember(abs, f.info.size);
    return f;
  }

  openBytes(name: string, bytes: Uint8Array, origin: FileOrigin): OpenFile {
    if (bytes.length > LIMITS.maxUpload)
      throw new ContractError('too-large', `${bytes.length} bytes is over the ${LIMITS.maxUpload}-byte upload limit`);
    const path = this.uploadPath(name);
    writeFileSync(path, bytes, { mode: 0o600 });
    try {
      return this.add(path, basename(name), origin, true);
    } catch (e) {
      rmSync(path, { force: true });
      throw e;
    }
  }

  /** A fresh private temp path for a streamed upload: the caller writes it (0600, exclusive), then calls openUpload. */
  uploadPath(name: string): string {
    this.checkRoom(basename(name));
    this.tempDir ??= mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    const safe =
      basename(name)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(0, 100) || 'upload';
    return join(this.tempDir, `${newId('u')}-${safe}`);
  }

  /**
   * Opens a copy written to `uploadPath(name)`, origin 'upload'; on failure the copy is removed.
   * It is listed in recent files for this session while it is open (never saved: the copy is private).
   */
  openUpload(path: string, name: string): OpenFile {
    if (!this.tempDir || dirname(path) !== this.tempDir)
      throw new ContractError('bad-arguments', `${basename(path)} is not an upload of this session`);
    let f: Entry;
    try {
      f = this.add(path, basename(name), 'upload', true);
    } catch (e) {
      rmSync(path, { force: true });
      throw e;
    }
    this.remember(path, f.info.size, basename(name));
    return f;
  }

  /**
   * Keeps bytes that are inputs to a tool, not evidence (a QEMU trace for replay, a journal,
   * console input): not in the open-file list, not counted against its limit, never indexed.
   * The oldest input is dropped past LIMITS.maxInputs.
   */
  openInput(name: string, bytes: Uint8Array, kind: InputKind): OpenInput {
    if (bytes.length > LIMITS.maxUpload)
      throw new ContractError('too-large', `${bytes.length} bytes is over the ${LIMITS.maxUpload}-byte upload limit`);
    const input: OpenInput = { id: newId('i'), name: basename(name), kind, bytes, openedAt: new Date().toISOString() };
    this.inputs.set(input.id, input);
    while (this.inputs.size > LIMITS.maxInputs) this.inputs.delete(this.inputs.keys().next().value!);
    return input;
  }

  input(id: string): OpenInput {
    const i = this.inputs.get(id);
    if (!i) throw new ContractError('not-found', `no input with id ${id}`);
    return i;
  }

  closeInput(id: string): boolean {
    return this.inputs.delete(id);
  }

  openRecent(key: string): OpenFile {
    const r = this.recentItems.find((x) => x.key === key);
    if (!r) throw new ContractError('not-found', `no recent file with key ${key}`);
    // An upload's copy lives only while its file is open: reopening it selects it.
    const upload = [...this.files.values()].find((f) => f.temp && f.path === r.path);
    if (upload) return upload;
    return this.openPath(r.path, 'recent');
  }

  get(id: string): OpenFile {
    const f = this.files.get(id);
    if (!f) throw new ContractError('not-found', `no open file with id ${id}`);
    return f;
  }

  list(): FileInfo[] {
    return [...this.files.values()].map((f) => f.info);
  }

  recent(): RecentEntry[] {
    return this.recentItems.map((r) => ({
      key: r.key,
      name: r.name ?? basename(r.path),
      folder: r.name ? 'uploaded this session' : dirname(r.path),
      size: r.size,
      openedAt: r.openedAt,
    }));
  }

  close(id: string): boolean {
    const f = this.files.get(id);
    if (!f) return false;
    if (f.info.status === 'indexing') this.events.progress?.({ fileId: id, phase: 'cancelled', bytes: 0, total: f.info.size, records: 0 });
    f.backend.close();
    f.ev.file.close();
    if (f.temp) {
      rmSync(f.path, { force: true });
      this.recentItems = this.recentItems.filter((r) => r.path !== f.path);
    }
    this.files.delete(id);
    this.relabel();
    this.changed();
    return true;
  }

  onChange(listener: (files: FileInfo[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const id of [...this.files.keys()]) this.close(id);
    this.inputs.clear();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  private checkRoom(name: string): void {
    if (this.files.size >= LIMITS.maxOpenFiles) {
      throw new ContractError('too-many-files', `${this.files.size} files are open, the most at once: close one before opening ${name}`);
    }
  }

  private add(path: string, name: string, origin: FileOrigin, temp: boolean): Entry {
    this.checkRoom(name);
    let file: EvidenceFile;
    try {
      file = new EvidenceFile(path);
    } catch (e) {
      throw new ContractError('unreadable', `${name}: ${(e as Error).message}`);
    }
    const id = newId('f');
    const info: FileInfo = {
      id,
      name,
      size: file.size,
      origin,
      format: isStore(file) ? 'erst-store' : 'cper',
      recordCount: 0,
      openedAt: new Date().toISOString(),
      label: name,
      detail: '',
      status: 'indexing',
    };
    let decoded: OpenedEvidence | undefined;
    const full = () => (decoded ??= decodeFile(file));
    const ev: OpenedEvidence = {
      file,
      get input() {
        return full().input;
      },
      get unrecognised() {
        return full().unrecognised;
      },
    };
    let cached: InspectReport | undefined;
    let backend: FileBackend;
    try {
      backend = openBackend(path, (p) => this.events.progress?.({ fileId: id, ...p }), this.workerPath);
    } catch (e) {
      file.close();
      throw new ContractError('unreadable', `${name}: ${(e as Error).message}`);
    }
    const f: Entry = { info, ev, backend, path, temp, report: () => (cached ??= inspectReport(ev, { fields: false })) };
    this.files.set(id, f);
    const settled = (update: Partial<FileInfo>) => {
      if (this.files.get(id) !== f) return;
      Object.assign(info, update);
      this.relabel();
      this.changed();
      this.events.progress?.({
        fileId: id,
        phase: info.status === 'ready' ? 'ready' : 'failed',
        bytes: info.size,
        total: info.size,
        records: info.recordCount,
      });
    };
    const ok = (r: ReadyInfo) => {
      f.info.detail = detailOf(f, r.sha256);
      settled({ status: 'ready', recordCount: r.recordCount, format: r.unrecognised ? 'unrecognised' : r.store ? 'erst-store' : 'cper' });
    };
    const failed = (e: Error) => settled({ status: 'failed', error: e.message });
    if (backend.done) {
      if ('info' in backend.done) ok(backend.done.info);
      else failed(backend.done.error);
    } else backend.ready.then(ok, failed);
    this.relabel();
    this.changed();
    return f;
  }

  /**
   * Files with the same name are told apart in every list: by the shortest end of their folder
   * path that differs (`backing (boot2)`, `backing (vm1/boot2)`), uploads by their order; the
   * detail adds size and sha256 prefix.
   */
  private relabel(): void {
    const all = [...this.files.values()];
    for (const f of all) f.info.detail = detailOf(f, f.info.detail.match(/sha256 ([0-9a-f]+)/)?.[1] ?? '');
    const byName = new Map<string, Entry[]>();
    for (const f of all) byName.set(f.info.name, [...(byName.get(f.info.name) ?? []), f]);
    for (const group of byName.values()) {
      if (group.length === 1) {
        group[0].info.label = group[0].info.name;
        continue;
      }
      const onDisk = group.filter((g) => !g.temp);
      const parts = onDisk.map((g) => dirname(g.path).split(/[\\/]/).filter(Boolean));
      const suffix = (i: number, depth: number) => parts[i].slice(-depth).join('/') || '/';
      onDisk.forEach((g, i) => {
        let depth = 1;
        while (depth < parts[i].length && onDisk.some((_, j) => j !== i && suffix(j, depth) === suffix(i, depth))) depth++;
        g.info.label = `${g.info.name} (${suffix(i, depth)})`;
      });
      group.filter((g) => g.temp).forEach((g, i) => (g.info.label = `${g.info.name} (${g.info.origin} ${i + 1})`));
    }
  }

  private remember(path: string, size: number, name?: string): void {
    const prev = this.recentItems.find((r) => r.path === path);
    this.recentItems = [
      { key: prev?.key ?? newId('r'), path, size, openedAt: new Date().toISOString(), ...(name ? { name } : {}) },
      ...this.recentItems.filter((r) => r.path !== path),
    ].slice(0, LIMITS.maxRecent);
    this.recentStore?.save(this.recentItems.filter((r) => !r.name).map(({ path, openedAt, size }) => ({ path, openedAt, size })));
  }

  private changed(): void {
    const list = this.list();
    for (const l of this.listeners) l(list);
  }
}

function detailOf(f: Entry, sha: string): string {
  // The folder's name only: the renderer is never handed a full path.
  const where = f.temp
    ? `${f.info.origin === 'sample' ? 'bundled sample' : 'handed over by the browser'}`
    : `in ${basename(dirname(f.path)) || '/'}/`;
  return [where, `${f.info.size} bytes`, ...(sha ? [`sha256 ${sha.slice(0, 12)}`] : [])].join(' · ');
}

/** Temp folders of processes that are gone (killed before they could clean up) are removed at start. */
function removeStaleTempDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^erst-viewer-(\d+)-/.exec(n);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    const p = join(tmpdir(), n);
    try {
      if (statSync(p).uid === process.getuid?.()) rmSync(p, { recursive: true, force: true });
    } catch {
      // Raced with another process cleaning up: nothing to do.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
