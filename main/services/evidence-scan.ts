/**
 * One sequential pass over an evidence file: sha256 of every byte, and each record handed
 * over as it is found (a store's slots through its index; CPER records laid back to back
 * through a sliding window). Memory: the window and, for a store, the index columns — never
 * the file.
 */
import { createHash, type Hash } from 'node:crypto';
import { ParallelRead } from './hash-worker';
import { SerialRead } from './serial-read';
import type { PaceRule } from './scan-pace';
import { chunkHeads, HeadView } from './head-worker';
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import '../evidence/native-inflate';
import { looksLikeRecord } from '../../shared/cper/record';
import { HEADER_SIZE, recordLengthHolds } from '../../shared/cper/layout';
import type { Diagnostic } from '../../shared/decode/diagnostics';
import { expert } from '../../shared/decode/expert';
import { StoreIndexer, type StoreIndex } from '../../shared/index/index';
import type { HeadOf } from '../../shared/index/store-index';
import { isStore } from '../../shared/store/decode';
import type { EvidenceFile } from '../evidence/file';

/** Bytes read per step. */
const CHUNK = 4 * 1024 * 1024;
/**
 * A store is read in chunks of this size into a ring of RING buffers: small enough that a chunk
 * is still in cache when it is indexed and hashed (measured on 1 GiB: 1 MiB × 8 as fast as any
 * other, with the least memory).
 */
const STORE_CHUNK = 1024 * 1024;
const RING = 8;
/**
 * Stores under this size are read and hashed on the indexing thread: a reader thread takes
 * longer to start (its code loaded, about 50 ms of CPU) than such a store takes to read.
 */
const READER_THREAD_FROM = 32 * 1024 * 1024;
let readerThreadFrom = READER_THREAD_FROM;

/** From which size a store's scan starts a reader thread (undefined: the default). */
export function useReaderThreadFrom(bytes: number | undefined): void {
  readerThreadFrom = bytes ?? READER_THREAD_FROM;
}
/** A record whose length lies runs to the end of the input, but is never read past this. */
const MAX_LYING_RECORD = 256 * 1024 * 1024;

export interface ScannedRecord {
  /** The record's bytes from its first byte: `avail` of them are the record's (a view valid during the call). */
  bytes: Uint8Array;
  avail: number;
  /** Absolute offset in the file. */
  offset: number;
  slot: number | null;
  state: 'live' | 'cleared' | 'file';
}

export interface ScanProgress {
  bytes: number;
  total: number;
  records: number;
}

export type ScanResult =
  | {
      kind: 'store';
      index: StoreIndex;
      /** '' when the digest was deferred: then `digest` gives it. */
      sha256: string;
      records: number;
      digest?: Promise<string>;
    }
  | { kind: 'records'; sha256: string; records: number; diagnostics: Diagnostic[] };

export interface ScanHooks {
  onRecord?(r: ScannedRecord): void;
  onProgress?(p: ScanProgress): void;
  /** Checked between chunks: true stops the scan (it then throws ScanCancelled). */
  cancelled?(): boolean;
  /**
   * A store's scan returns once every chunk was indexed, its hash (still being finished on the
   * reader thread) given by `digest`: the caller works on the index meanwhile.
   */
  deferDigest?: boolean;
  /**
   * Background work: the reader thread steps back by this rule while other programs wait for a
   * CPU (scan-pace.ts), so the thread that answers calls keeps its turn.
   */
  pace?: PaceRule;
}

/** Lets signal handlers (Ctrl-C) and other events run between chunks. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ScanCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Can the file be read as it goes (a store, or binary CPER records back to back)? */
export function streamable(file: EvidenceFile): 'store' | 'records' | false {
  if (isStore(file)) return 'store';
  return looksLikeRecord(file.read(0, 4), 0) ? 'records' : false;
}

export async function scanStore(file: EvidenceFile, hooks: ScanHooks = {}): Promise<ScanResult> {
  let records = 0;
  const h = file.read(8, 4);
  const rs = h.length === 4 ? (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0 : 0;
  // The chunk being indexed, for the heads another thread inflated from it.
  let heads: HeadOf | undefined;
  const ix = new StoreIndexer(
    file.size,
    file.path,
    (slot, bytes, live) => {
      records++;
      hooks.onRecord?.({ bytes, avail: bytes.length, offset: slot * rs, slot, state: live ? 'live' : 'cleared' });
    },
    (slot, body) => heads?.(slot, body),
  );
  // From READER_THREAD_FROM on, a second thread reads each chunk and hashes it while this one
  // indexes it (and inflates part heads of the chunks it read ahead); the chunks live in a ring
  // of shared buffers (read-only descriptor of our own: no allocation per chunk).
  const fd = openSync(file.path, constants.O_RDONLY);
  let read: ParallelRead | SerialRead | undefined;
  try {
    if (fstatSync(fd).size !== file.size)
      throw Object.assign(new Error(`${file.path} changed size while it was read`), { code: 'ECHANGED' });
    const parallel = file.size >= readerThreadFrom ? new ParallelRead(fd, file.size, STORE_CHUNK, RING, hooks.pace) : undefined;
    read = parallel ?? new SerialRead(fd, file.size, STORE_CHUNK);
    const view = parallel?.sharesHeads ? new HeadView(parallel.ring) : undefined;
    let shared = false;
    for (let pos = 0; ;) {
      await turn();
      if (hooks.cancelled?.()) throw new ScanCancelled();
      const chunk = await read.next();
      if (!chunk) break;
      heads = view && shared ? chunkHeads(view, chunk.index, chunk.buffer, pos / ix.recordSize) : undefined;
      ix.push(chunk.bytes);
      pos += chunk.bytes.length;
      if (view && !shared && ix.recordSize && pos % ix.recordSize === 0) {
        // From here on chunks start on slot boundaries: their slots can be shared out.
        read.setRecordSize(ix.recordSize);
        shared = true;
      }
      hooks.onProgress?.({ bytes: pos, total: file.size, records });
    }
    heads = undefined;
    const index = ix.finish();
    // Every chunk was read: only the hash of the last ones may still be running.
    const digest = read.digest();
    if (hooks.deferDigest) {
      // Awaited by the caller; a failure then is its to report.
      digest.catch(() => undefined);
      return { kind: 'store', index, sha256: '', digest, records };
    }
    return { kind: 'store', index, sha256: await digest, records };
  } catch (e) {
    await read?.dispose();
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** A forward-only window over the file; every byte read is hashed once, in order. */
class Window {
  buf = new Uint8Array(CHUNK);
  /** File offset of buf[0] and bytes held. */
  start = 0;
  len = 0;

  constructor(
    private readonly file: EvidenceFile,
    private readonly hash: Hash,
    private readonly progress: () => void,
  ) {}

  get end(): number {
    return this.start + this.len;
  }

  /** Holds [at, at + n) (clipped to the file); bytes before `at` may be dropped. */
  fill(at: number, n: number): void {
    const want = Math.min(at + n, this.file.size);
    if (want <= this.end && at >= this.start) return;
    if (at > this.start) {
      const keep = Math.max(0, this.end - at);
      this.buf.copyWithin(0, this.len - keep, this.len);
      this.start = this.end - keep;
      this.len = keep;
    }
    if (want - this.start > this.buf.length) {
      const nb = new Uint8Array(Math.max(this.buf.length * 2, want - this.start));
      nb.set(this.buf.subarray(0, this.len));
      this.buf = nb;
    }
    while (this.end < want) {
      const room = Math.min(this.buf.length - this.len, Math.max(want - this.end, CHUNK), this.file.size - this.end);
      const got = this.read(this.end, room);
      if (got === 0) break;
      this.hash.update(this.buf.subarray(this.len, this.len + got));
      this.len += got;
      this.progress();
    }
  }

  private read(pos: number, n: number): number {
    const b = this.file.read(pos, n);
    this.buf.set(b, this.len);
    return b.length;
  }

  at(pos: number): number {
    return this.buf[pos - this.start];
  }

  view(pos: number, n: number): Uint8Array {
    return this.buf.subarray(pos - this.start, pos - this.start + n);
  }
}

/**
 * CPER records back to back, walked as decodeRecords walks them (a record whose length lies
 * ends at the next "CPER" signature; bytes between records that are not padding are named).
 */
export async function scanRecords(file: EvidenceFile, hooks: ScanHooks = {}): Promise<ScanResult> {
  const hash = createHash('sha256');
  const size = file.size;
  const diagnostics: Diagnostic[] = [];
  let records = 0;
  const w = new Window(file, hash, () => hooks.onProgress?.({ bytes: w.end, total: size, records }));
  /** The next signature at or after `from`, noting whether the bytes skipped are all padding. */
  const findSignature = (from: number): { next: number; pad: boolean } => {
    let pad = true;
    for (let p = from; ;) {
      w.fill(p, CHUNK);
      const end = w.end;
      for (; p + 4 <= end; p++) {
        const c = w.at(p);
        if (c === 0x43 && w.at(p + 1) === 0x50 && w.at(p + 2) === 0x45 && w.at(p + 3) === 0x52) return { next: p, pad };
        if (c !== 0 && c !== 0xff) pad = false;
      }
      if (end >= size) {
        for (; p < size; p++) if (w.at(p) !== 0 && w.at(p) !== 0xff) pad = false;
        return { next: -1, pad };
      }
    }
  };
  let at = 0;
  let turnAt = 0;
  while (at < size) {
    if (at >= turnAt) {
      await turn();
      if (hooks.cancelled?.()) throw new ScanCancelled();
      turnAt = at + CHUNK;
    }
    w.fill(at, HEADER_SIZE);
    const isRecord = at + 4 <= size && w.at(at) === 0x43 && w.at(at + 1) === 0x50 && w.at(at + 2) === 0x45 && w.at(at + 3) === 0x52;
    if (!isRecord) {
      // Bytes that are not a record: padding is silent, anything else is named.
      const first = w.at(at);
      const { next, pad } = findSignature(at + 1);
      const tail = (next < 0 ? size : next) - at;
      if (!(pad && (first === 0 || first === 0xff)) || records === 0) {
        diagnostics.push(
          expert('input.not-cper', `${tail} bytes at offset ${at} are not a CPER record`, at, tail, records ? 'warning' : 'error'),
        );
      }
      if (next < 0) break;
      at = next;
      continue;
    }
    const claimed = at + 24 <= size ? (w.at(at + 20) | (w.at(at + 21) << 8) | (w.at(at + 22) << 16) | (w.at(at + 23) << 24)) >>> 0 : 0;
    const ok = recordLengthHolds(claimed, size - at);
    const avail = ok ? claimed : Math.min(size - at, MAX_LYING_RECORD);
    w.fill(at, avail);
    records++;
    hooks.onRecord?.({ bytes: w.view(at, avail), avail, offset: at, slot: null, state: 'file' });
    if (ok) at += claimed;
    else {
      const { next } = findSignature(at + 4);
      if (next < 0) break;
      at = next;
    }
  }
  // Whatever was not walked is still part of the file's hash.
  while (w.end < size) w.fill(w.end, CHUNK);
  return { kind: 'records', sha256: hash.digest('hex'), records, diagnostics };
}

export function scanEvidence(file: EvidenceFile, hooks: ScanHooks = {}): Promise<ScanResult> | undefined {
  const kind = streamable(file);
  if (kind === 'store') return scanStore(file, hooks);
  if (kind === 'records') return scanRecords(file, hooks);
  return undefined;
}
