import { lstatSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { openAtomic, writeFileAtomic, type AtomicFile } from './atomic';
import { checkOutputFolder } from './check';
import type { OutputPolicy } from './policy';
import { OutputRefused } from './refused';

export interface OutputDir {
  readonly path: string;
  open(rel: string): AtomicFile;
  writeFile(rel: string, data: Uint8Array | string): void;
  /** Every file committed through this folder, in the order written; names use '/'. */
  written(): { name: string; bytes: number; sha256: string }[];
}

/** mkdir of one component that must end up a real folder (never a symlink someone planted). */
function ensureFolder(path: string, shown: string): void {
  try {
    mkdirSync(path, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const st = lstatSync(path);
  if (st.isSymbolicLink())
    throw new OutputRefused('symlink', shown, `${shown}: refusing to write into a folder reached through a symbolic link`);
  if (!st.isDirectory()) throw new OutputRefused('special', shown, `${shown}: exists and is not a folder`);
}

/** Creates missing folders of `real` one by one from its longest existing prefix. */
function mkdirs(real: string, shown: string): void {
  const parts = real.split(sep);
  let cur = parts[0] === '' ? sep : parts[0];
  for (let i = 1; i < parts.length; i++) {
    if (!parts[i]) continue;
    cur = join(cur, parts[i]);
    let exists = false;
    try {
      lstatSync(cur);
      exists = true;
    } catch {
      exists = false;
    }
    // Existing ancestors were resolved by realpath already; only the new tail is created and checked.
    if (!exists) ensureFolder(cur, shown);
  }
}

/** A folder that outputs go into (mkdir -p, never through a symlink); every file is written atomically. */
export function openOutputDir(dir: string, policy: OutputPolicy): OutputDir {
  const real = checkOutputFolder(dir, policy);
  mkdirs(real, dir);
  ensureFolder(real, dir);
  const written: { name: string; bytes: number; sha256: string }[] = [];

  const place = (rel: string): string => {
    const norm = normalize(rel).split(sep).join('/');
    if (!rel || isAbsolute(rel) || norm === '..' || norm.startsWith('../') || norm === '.') {
      throw new OutputRefused('special', join(dir, rel), `${rel}: not a file name inside ${dir}`);
    }
    const parts = norm.split('/');
    let cur = real;
    for (const p of parts.slice(0, -1)) {
      cur = join(cur, p);
      ensureFolder(cur, join(dir, ...parts));
    }
    return norm;
  };

  return {
    path: dir,
    open(rel) {
      const name = place(rel);
      const f = openAtomic(join(real, name), policy);
      const commit = f.commit.bind(f);
      return {
        write: (c) => f.write(c),
        abort: () => f.abort(),
        sha256: () => f.sha256(),
        get bytesWritten() {
          return f.bytesWritten;
        },
        commit() {
          commit();
          written.push({ name, bytes: f.bytesWritten, sha256: f.sha256() });
        },
        flushAhead: () => f.flushAhead(),
        async commitAsync() {
          await f.commitAsync();
          written.push({ name, bytes: f.bytesWritten, sha256: f.sha256() });
        },
      };
    },
    writeFile(rel, data) {
      const name = place(rel);
      const f = writeFileAtomic(join(real, name), data, policy);
      written.push({ name, bytes: f.bytesWritten, sha256: f.sha256() });
    },
    written: () => written.slice(),
  };
}
