import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, relative, resolve } from 'node:path';
import { isSystemdDmesgTxt, parsePstoreFileName } from '../../shared/pstore-files/names';
import { buildPstoreFiles, type PstoreFileInput } from '../../shared/pstore-files/build';
import { memoryEvidence } from './evidence';
import type { OpenedEvidence } from '../services/decode-file';

/** Bounds on what a folder may make us read: a real /sys/fs/pstore holds a few dozen small files. */
export const PSTORE_LIMITS = { maxDepth: 4, maxEntries: 20_000, maxFiles: 4096, maxFileBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

const isPstoreName = (name: string) => !!parsePstoreFileName(name) || isSystemdDmesgTxt(name);

/** A folder, or a single file named as Linux or systemd-pstore names pstore files. */
export function isPstoreInput(path: string): boolean {
  let st;
  try {
    st = statSync(path);
  } catch {
    return false;
  }
  return st.isDirectory() || (st.isFile() && isPstoreName(basename(path)));
}

export class PstoreFolderError extends Error {
  readonly code = 'EPSTORE';
}

/** Reads one file read-only (O_RDONLY, never O_CREAT/O_TRUNC), refusing anything that is not a regular file or too large. */
function readEvidence(path: string, max: number): Uint8Array {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new PstoreFolderError(`${path} is not a regular file`);
    if (st.size > max) throw new PstoreFolderError(`${path} is ${st.size} bytes, more than the ${max} a pstore file may be`);
    const buf = new Uint8Array(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

interface Found {
  name: string;
  path: string;
}

/** Walks the folders given (symlinks are not followed, so a link cannot loop or lead outside). */
function collect(paths: readonly string[]): { found: Found[]; roots: string[] } {
  const found: Found[] = [];
  let entries = 0;
  const roots = paths.map((p) => resolve(p));
  const walk = (dir: string, root: string, depth: number) => {
    const names = readdirSync(dir).sort();
    entries += names.length;
    if (entries > PSTORE_LIMITS.maxEntries) throw new PstoreFolderError(`more than ${PSTORE_LIMITS.maxEntries} entries under ${root}: not a pstore folder`);
    for (const n of names) {
      const p = join(dir, n);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        if (depth < PSTORE_LIMITS.maxDepth) walk(p, root, depth + 1);
      } else if (st.isFile() && isPstoreName(n)) {
        found.push({ name: relative(root, p) || n, path: p });
        if (found.length > PSTORE_LIMITS.maxFiles) throw new PstoreFolderError(`more than ${PSTORE_LIMITS.maxFiles} pstore files under ${root}`);
      }
    }
  };
  for (const root of roots) {
    const st = statSync(root);
    if (st.isDirectory()) {
      const before = found.length;
      walk(root, root, 0);
      // Several folders: names carry the folder they came from.
      if (roots.length > 1) for (let i = before; i < found.length; i++) found[i].name = join(basename(root), found[i].name);
    } else found.push({ name: basename(root), path: root });
  }
  return { found, roots };
}

const FILES_READ = new WeakMap<object, { path: string; size: number; sha256: string }[]>();

/** The files a pstore evidence was read from, each with its size and sha256 (what provenance re-checks); undefined for other evidence. */
export function pstoreFilesOf(file: object): { path: string; size: number; sha256: string }[] | undefined {
  return FILES_READ.get(file);
}

/**
 * Opens pstore files as evidence: a copy of /sys/fs/pstore, a systemd-pstore archive
 * (/var/lib/systemd/pstore/<id>/…, with its dmesg.txt), single files, or several folders.
 * Every file is read once, read-only; the evidence digest is the sha256 of the sorted
 * `sha256  name` lines of the files read (the SHA256SUMS of the folder), so a report names
 * exactly which bytes it describes.
 */
export function openPstoreFiles(paths: readonly string[]): OpenedEvidence {
  const { found, roots } = collect(paths);
  let total = 0;
  const files: PstoreFileInput[] = [];
  const sums: string[] = [];
  for (const f of found) {
    const bytes = readEvidence(f.path, PSTORE_LIMITS.maxFileBytes);
    total += bytes.length;
    if (total > PSTORE_LIMITS.maxTotalBytes) throw new PstoreFolderError(`pstore files under ${paths.join(', ')} add up to more than ${PSTORE_LIMITS.maxTotalBytes} bytes`);
    files.push({ name: f.name, bytes });
    sums.push(`${createHash('sha256').update(bytes).digest('hex')}  ${f.name}\n`);
  }
  const built = buildPstoreFiles(files);
  const digest = createHash('sha256').update([...sums].sort().join('')).digest('hex');
  const file = memoryEvidence(roots.length === 1 ? roots[0] : roots.join(' + '), built.bytes, digest);
  FILES_READ.set(file, files.map((f, i) => ({ path: found[i].path, size: f.bytes.length, sha256: sums[i].slice(0, 64) })));
  return { file, input: { ...built.input, source: file }, unrecognised: built.origins.length === 0 };
}
