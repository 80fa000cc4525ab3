import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ContractError, LIMITS, type FileInfo, type FileOrigin, type RecentEntry } from '../../shared/contract/index';
import type { InspectReport } from '../../shared/report/inspect';
import { openEvidence, type OpenedEvidence } from './decode-file';
import { inspectReport } from './inspect';

export interface OpenFile {
  info: FileInfo;
  ev: OpenedEvidence;
  /** Computed once: the overview, records table and timeline all read it. */
  report(): InspectReport;
}

/** Where recent files are remembered between runs; the Electron shell passes one, serve mode keeps them in memory. */
export interface RecentStore {
  load(): { path: string; openedAt: string; size: number }[];
  save(items: { path: string; openedAt: string; size: number }[]): void;
}

export const newId = (prefix: string) => prefix + randomBytes(9).toString('base64url');

/**
 * Open files, addressed by ids main hands out (never by path from the renderer). Bytes handed
 * over by a browser are written to a private temp file and opened read-only like any other
 * evidence, so every file goes through the same bounded reader.
 */
export class FileRegistry {
  private files = new Map<string, OpenFile>();
  private recentItems: { key: string; path: string; openedAt: string; size: number }[] = [];
  private tempDir?: string;
  private listeners = new Set<(files: FileInfo[]) => void>();

  constructor(private recentStore?: RecentStore) {
    for (const r of recentStore?.load() ?? []) this.recentItems.push({ key: newId('r'), ...r });
  }

  openPath(path: string, origin: FileOrigin): OpenFile {
    const abs = resolve(path);
    const f = this.add(abs, basename(abs), origin);
    this.remember(abs, f.info.size);
    return f;
  }

  openBytes(name: string, bytes: Uint8Array, origin: FileOrigin): OpenFile {
    if (bytes.length > LIMITS.maxUpload) throw new ContractError('too-large', `${bytes.length} bytes is over the ${LIMITS.maxUpload}-byte upload limit`);
    this.tempDir ??= mkdtempSync(join(tmpdir(), 'erst-viewer-'));
    const safe = basename(name).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'upload';
    const path = join(this.tempDir, `${newId('u')}-${safe}`);
    writeFileSync(path, bytes, { mode: 0o600 });
    return this.add(path, basename(name), origin);
  }

  openRecent(key: string): OpenFile {
    const r = this.recentItems.find((x) => x.key === key);
    if (!r) throw new ContractError('not-found', `no recent file with key ${key}`);
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
    return this.recentItems.map((r) => ({ key: r.key, name: basename(r.path), folder: dirname(r.path), size: r.size, openedAt: r.openedAt }));
  }

  close(id: string): boolean {
    const f = this.files.get(id);
    if (!f) return false;
    f.ev.file.close();
    this.files.delete(id);
    this.changed();
    return true;
  }

  onChange(listener: (files: FileInfo[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const id of [...this.files.keys()]) this.close(id);
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  private add(path: string, name: string, origin: FileOrigin): OpenFile {
    let ev: OpenedEvidence;
    try {
      ev = openEvidence(path);
    } catch (e) {
      throw new ContractError('unreadable', `${name}: ${(e as Error).message}`);
    }
    let cached: InspectReport | undefined;
    const info: FileInfo = {
      id: newId('f'),
      name,
      size: ev.file.size,
      origin,
      format: ev.unrecognised ? 'unrecognised' : ev.input.store ? 'erst-store' : 'cper',
      recordCount: ev.input.records.length,
      openedAt: new Date().toISOString(),
    };
    const f: OpenFile = { info, ev, report: () => (cached ??= inspectReport(ev, { fields: false })) };
    this.files.set(info.id, f);
    // Bounded: the oldest file is closed rather than holding descriptors without end.
    while (this.files.size > LIMITS.maxOpenFiles) this.close(this.files.keys().next().value!);
    this.changed();
    return f;
  }

  private remember(path: string, size: number): void {
    const prev = this.recentItems.find((r) => r.path === path);
    this.recentItems = [{ key: prev?.key ?? newId('r'), path, size, openedAt: new Date().toISOString() }, ...this.recentItems.filter((r) => r.path !== path)].slice(0, LIMITS.maxRecent);
    this.recentStore?.save(this.recentItems.map(({ path, openedAt, size }) => ({ path, openedAt, size })));
  }

  private changed(): void {
    const list = this.list();
    for (const l of this.listeners) l(list);
  }
}
