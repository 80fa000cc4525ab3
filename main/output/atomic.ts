import { closeSync, constants, fchmodSync, fdatasync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { checkOutput, realParentPath } from './check';
import type { OutputPolicy } from './policy';
import { OutputRefused } from './refused';

export interface AtomicFile {
  write(chunk: Uint8Array | string): void;
  /** fsync, then rename over the target (or link beside it without --force), then fsync the folder. */
  commit(): void;
  /** Removes the temporary file; the target keeps its old content (or stays absent). */
  abort(): void;
  readonly bytesWritten: number;
  /** sha256 of everything written (hex); complete once committed. */
  sha256(): string;
  /**
   * Starts putting what is written so far on disk from a background thread (one at a time), so
   * the fsync of commit has less left to wait for.
   */
  flushAhead(): void;
  /** commit() once the background flushes have ended. */
  commitAsync(): Promise<void>;
}

/** Temporary files still open in this process: removed if the process exits without committing. */
const pending = new Set<string>();
let exitHookInstalled = false;
function trackTemp(p: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const t of pending) {
        try {
          unlinkSync(t);
        } catch {
          // Already gone.
        }
      }
    });
  }
  pending.add(p);
}

/** The mode a new output gets: rw-r--r-- less the umask, as a plain file write would give. */
function finalMode(): number {
  let mask = 0o022;
  try {
    mask = process.umask();
  } catch {
    // Workers cannot read the umask; keep the common default.
  }
  return 0o644 & ~mask;
}

/** Makes the rename itself durable; some file systems refuse fsync on folders, which changes nothing. */
function fsyncFolder(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    fsyncSync(fd);
  } catch {
    // EINVAL/EPERM/EISDIR on file systems without folder fsync.
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens an output for writing: the bytes go to a new temporary file beside the target (created
 * with O_EXCL|O_NOFOLLOW, so nothing planted there is written through); commit makes them
 * appear under the target name all at once. A kill at any moment leaves the old file or the new.
 */
export function openAtomic(path: string, policy: OutputPolicy): AtomicFile {
  checkOutput(path, policy);
  const target = realParentPath(path);
  const dir = dirname(target);
  const temp = `${dir}/.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
  } catch (e) {
    // Name the output the user gave, not the temporary file.
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR')
      throw Object.assign(new Error(`${path}: the folder ${dirname(path)} does not exist`), { code: err.code });
    if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS')
      throw Object.assign(new Error(`${path}: cannot write in ${dirname(path)} (${err.code})`), { code: err.code });
    throw e;
  }
  trackTemp(temp);
  const hash: Hash = createHash('sha256');
  let digest: string | undefined;
  let written = 0;
  let state: 'open' | 'committed' | 'aborted' = 'open';
  let flushing: Promise<void> | null = null;

  const closeAndRemove = (): void => {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
    pending.delete(temp);
  };

  return {
    get bytesWritten() {
      return written;
    },
    write(chunk) {
      if (state !== 'open') throw new Error(`${path}: write after ${state}`);
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
      hash.update(buf);
      written += buf.length;
    },
    commit() {
      if (state !== 'open') throw new Error(`${path}: commit after ${state}`);
      try {
        fchmodSync(fd, finalMode());
        fsyncSync(fd);
        closeSync(fd);
      } catch (e) {
        state = 'aborted';
        closeAndRemove();
        throw e;
      }
      state = 'committed';
      try {
        // Re-check: the folder may have changed since open (a link planted, evidence moved in).
        checkOutput(path, policy);
        if (policy.force) {
          renameSync(temp, target);
        } else {
          // link() never replaces an existing name, so a file that appeared meanwhile is kept.
          try {
            linkSync(temp, target);
            unlinkSync(temp);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === 'EEXIST') throw new OutputRefused('exists', path, `${path}: already exists (use --force to replace it)`);
            renameSync(temp, target);
          }
        }
      } catch (e) {
        try {
          unlinkSync(temp);
        } catch {
          // Already renamed or gone.
        }
        pending.delete(temp);
        throw e;
      }
      pending.delete(temp);
      digest = hash.digest('hex');
      fsyncFolder(dir);
    },
    abort() {
      if (state !== 'open') return;
      state = 'aborted';
      closeAndRemove();
    },
    sha256() {
      if (digest === undefined) digest = hash.copy().digest('hex');
      return digest;
    },
    flushAhead() {
      if (flushing || state !== 'open') return;
      // An error here is met again, and reported, by commit's fsync.
      flushing = new Promise((resolve) => fdatasync(fd, () => resolve()));
      void flushing.then(() => (flushing = null));
    },
    async commitAsync() {
      while (flushing) await flushing;
      this.commit();
    },
  };
}

/** Writes `data` to `path` atomically under `policy` (see openAtomic); returns the committed file (size, sha256). */
export function writeFileAtomic(path: string, data: Uint8Array | string, policy: OutputPolicy): AtomicFile {
  const f = openAtomic(path, policy);
  try {
    f.write(data);
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
  return f;
}
