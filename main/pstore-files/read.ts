import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, relative, resolve } from 'node:path';
import { isSystemdDmesgTxt, parsePstoreFileName } from '../../shared/pstore-files/names';
import { buildPstoreFiles, type PstoreFileInput } from '../../shared/pstore-files/build';

/** Bounds on what a folder may make us read: a real /sys/fs/pstore holds a few dozen small files. */
const PSTORE_LIMITS = { maxDepth: 4, maxEntries: 20_000, maxFiles: 4096, maxFileBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

const isPstoreName = (name: string) => !!parsePstoreFileName(name) || isSystemdDmesgTxt(name);

/** A folder, or a single file named as Linux or systemd-pstore names pstore files. */
function isPstoreInput(path: string): boolean {
  let st;
  try {
    st = statSync(path);
  } catch {
    return false;
  }
  return st.isDirectory() || (st.isFile() && isPstoreName(basename(path)));
}

class PstoreFolderError extends Error {
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
function collect(paths: readonly string[]): { found: Found[] } {
  const found: Found[] = [];
  let entries = 0;
  const roots = paths.map((p) => resolve(p));
  const walk = (dir: string, root: string, depth: number) => {
    const names = readdirSync(dir).sort();
    entries += names.length;
    if (entries > PSTORE_LIMITS.maxEntries)
      throw new PstoreFolderError(`more than ${PSTORE_LIMITS.maxEntries} entries under ${root}: not a pstore folder`);
    for (const n of names) {
      const p = join(dir, n);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        if (depth < PSTORE_LIMITS.maxDepth) walk(p, root, depth + 1);
      } else if (st.isFile() && isPstoreName(n)) {
        found.push({ name: relative(root, p) || n, path: p });
        if (found.length > PSTORE_LIMITS.maxFiles)
          throw new PstoreFolderError(`more than ${PSTORE_LIMITS.maxFiles} pstore files under ${root}`);
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
  return { found };
}

/** What reading pstore files gave: the rebuilt records' bytes, the evidence digest and the files read. */
export interface PstoreEvidence {
  bytes: Uint8Array<ArrayBuffer>;
  sha256: string;
  files: { path: string; size: number; sha256: string }[];
  built: ReturnType<typeof buildPstoreFiles>;
}

/**
 * Reads pstore files: a copy of /sys/fs/pstore, a systemd-pstore archive
 * (/var/lib/systemd/pstore/<id>/…, with its dmesg.txt), single files, or several folders.
 * Every file is read once, read-only. The evidence digest is the file's own sha256 for a single
 * file, and for folders the sha256 of the sorted `sha256  name` lines of the files read (the
 * SHA256SUMS of the folder), so a report names exactly which bytes it describes.
 */
function readPstoreFiles(paths: readonly string[]): PstoreEvidence {
  const { found } = collect(paths);
  let total = 0;
  const files: PstoreFileInput[] = [];
  const read: PstoreEvidence['files'] = [];
  const sums: string[] = [];
  for (const f of found) {
    const bytes = readEvidence(f.path, PSTORE_LIMITS.maxFileBytes);
    total += bytes.length;
    if (total > PSTORE_LIMITS.maxTotalBytes)
      throw new PstoreFolderError(`pstore files under ${paths.join(', ')} add up to more than ${PSTORE_LIMITS.maxTotalBytes} bytes`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    files.push({ name: f.name, bytes });
    read.push({ path: f.path, size: bytes.length, sha256 });
    sums.push(`${sha256}  ${f.name}\n`);
  }
  const built = buildPstoreFiles(files);
  const single = paths.length === 1 && read.length === 1 && statSync(paths[0]).isFile();
  const sha256 = single
    ? read[0].sha256
    : createHash('sha256')
        .update([...sums].sort().join(''))
        .digest('hex');
  return { bytes: built.bytes, sha256, files: read, built };
}

const OPENED = new WeakMap<object, PstoreEvidence>();

/**
 * For the evidence reader: when `path` is a pstore folder or file, reads it and returns what to
 * serve (the rebuilt records), remembering it for `file`; undefined for any other path.
 */
export function openPstoreEvidence(file: object, path: string): PstoreEvidence | undefined {
  if (!isPstoreInput(path)) return undefined;
  const r = readPstoreFiles([path]);
  OPENED.set(file, r);
  return r;
}

/** The files a pstore evidence was read from, each with its size and sha256 (what provenance re-checks); undefined for other evidence. */
export function pstoreFilesOf(file: object): PstoreEvidence['files'] | undefined {
  return OPENED.get(file)?.files;
}

/** The records rebuilt from pstore files (with where each came from), for the decoder; undefined for other evidence. */
export function pstoreInputOf(file: object): PstoreEvidence['built'] | undefined {
  return OPENED.get(file)?.built;
}
