import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import type { ByteSource } from '../../shared/store/source';
import { openPstoreEvidence } from '../pstore-files/read';

/** Reads are served from a window this large, so decoding slot by slot costs few syscalls. */
const WINDOW = 4 * 1024 * 1024;

/** A path that is not a regular file: a folder, FIFO, device or socket is never opened as evidence. */
export class NotAFile extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path}: is a ${kind}, not a regular file; only regular files are read as evidence`);
    this.name = 'NotAFile';
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'folder';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** Throws NotAFile unless `st` is a regular file. */
export function refuseSpecial(path: string, st: Stats): void {
  if (!st.isFile()) throw new NotAFile(path, kindOf(st));
}

/**
 * An evidence file, opened read-only (O_RDONLY, never written, never truncated). Its sha256
 * is computed once, so a report can prove which bytes it describes.
 */
export class EvidenceFile implements ByteSource {
  readonly path: string;
  readonly size: number;
  private fd: number;
  private winStart = 0;
  private win = new Uint8Array(0);
  private hash?: string;

  constructor(path: string) {
    this.path = path;
    // A pstore folder (or a dmesg-erst-<id> file) is read whole, read-only, and its files served
    // as the records they hold, so every reader of evidence opens it like a file of records.
    const pstore = openPstoreEvidence(this, path);
    if (pstore) {
      this.fd = -1;
      this.size = pstore.bytes.length;
      this.win = pstore.bytes;
      this.hash = pstore.sha256;
      return;
    }
    // stat before open: opening a FIFO blocks until a writer appears, and opening a device can
    // have effects. O_NONBLOCK covers a swap between the two calls; fstat then checks what we got.
    refuseSpecial(path, statSync(path));
    this.fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(this.fd);
    if (!st.isFile()) {
      closeSync(this.fd);
      refuseSpecial(path, st);
    }
    this.size = st.size;
  }

  read(offset: number, length: number): Uint8Array {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(offset + length, this.size));
    if (start >= this.winStart && end <= this.winStart + this.win.length) {
      return this.win.subarray(start - this.winStart, end - this.winStart);
    }
    if (end - start > WINDOW) return this.readDirect(start, end - start);
    const winLen = Math.min(WINDOW, this.size - start);
    const buf = new Uint8Array(winLen);
    let got = 0;
    while (got < winLen) {
      const n = readSync(this.fd, buf, got, winLen - got, start + got);
      if (n === 0) break;
      got += n;
    }
    this.winStart = start;
    this.win = buf.subarray(0, got);
    return this.win.subarray(0, Math.min(end - start, got));
  }

  private readDirect(start: number, len: number): Uint8Array {
    const buf = new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, got, len - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  }

  sha256(): string {
    if (!this.hash) {
      const h = createHash('sha256');
      const buf = new Uint8Array(WINDOW);
      for (let off = 0; off < this.size;) {
        const n = readSync(this.fd, buf, 0, Math.min(WINDOW, this.size - off), off);
        if (n === 0) break;
        h.update(buf.subarray(0, n));
        off += n;
      }
      this.hash = h.digest('hex');
    }
    return this.hash;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
