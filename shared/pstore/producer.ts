/**
 * Which pstore generation wrote a dump, from what its records show. Linux 6.6 reworked pstore
 * compression (fs/pstore/platform.c):
 * - ≤ 6.5: crypto-API "deflate" (raw, window 2^11); part text up to (bufsize·100)/45 for
 *   4000–10000-byte buffers (/60 above); a part that does not compress keeps the header line
 *   and the *tail* of its chunk (copy_kmsg_to_buffer).
 * - ≥ 6.6: the zlib library (raw, window 2^15); part text up to (bufsize·100)/60; a part that
 *   does not compress keeps the *head* of its chunk.
 * bufsize is the ERST exchange buffer less the 200-byte CPER header and section descriptor.
 */
import type { PstoreInfo } from '../cper/section';
import { DISTANCE_WALK_BYTES, OLD_WINDOW } from './deflate-distance';

export type Generation = 'linux<=6.5' | 'linux>=6.6' | 'unknown';

export interface Producer {
  generation: Generation;
  /** Each observation, in words, that points one way or the other. */
  evidence: string[];
}

/** Bytes Linux copies into one ERST record's payload: the slot less the CPER header and descriptor. */
export const PSTORE_RECORD_OVERHEAD = 200;

/** Largest part text (header line included) each generation compresses for a given payload buffer. */
function partTextLimit(bufsize: number, generation: Exclude<Generation, 'unknown'>): number {
  if (generation === 'linux>=6.6') return Math.floor((bufsize * 100) / 60);
  // zbufsize_deflate() of Linux ≤ 6.5: a compression ratio guess per buffer range.
  const cmpr = bufsize < 1000 || bufsize > 10000 ? 60 : bufsize <= 2000 ? 56 : bufsize <= 3000 ? 54 : bufsize < 4000 ? 52 : 45;
  return Math.floor((bufsize * 100) / cmpr);
}

/** How a part stored uncompressed was cut, when its shape shows a compression failure. */
export type Fallback = 'head' | 'tail';

/**
 * A full-buffer uncompressed part cut from a larger chunk: ≥ 6.6 keeps the head (starts on a
 * line, ends mid-line), ≤ 6.5 the tail (starts mid-line after the header, ends on a newline).
 * Whole lines at both ends are an ordinary uncompressed part (pstore.compress=none).
 */
export function fallbackOf(p: PstoreInfo, bufsize: number | undefined): Fallback | undefined {
  if (p.compressed || p.kind !== 'dmesg' || p.headerLength === undefined) return undefined;
  if (bufsize !== undefined && p.textLength !== bufsize) return undefined;
  if (p.startsAtLine === undefined || p.endsAtLine === undefined) return undefined;
  if (p.startsAtLine && !p.endsAtLine) return 'head';
  if (!p.startsAtLine && p.endsAtLine) return 'tail';
  return undefined;
}

export interface ProducerPart {
  part: number;
  pstore: PstoreInfo;
}

export function dumpProducer(parts: readonly ProducerPart[], bufsize: number | undefined): Producer {
  const newer: string[] = [];
  const older: string[] = [];
  const likelyOlder: string[] = [];
  let walkedAll = true;
  let bigText: ProducerPart | undefined;
  for (const { part, pstore: p } of parts) {
    const label = `Part${part}`;
    if (p.compression === 'zlib') older.push(`${label} is a zlib-wrapped stream: only kernels before 4.19 wrote those`);
    if (p.maxDistance !== undefined && p.maxDistance > OLD_WINDOW) {
      newer.push(
        `${label}: a deflate back-reference reaches ${p.maxDistance} bytes, beyond the 2 KiB window of Linux ≤ 6.5 (6.6+ deflates with zlib's 32 KiB window)`,
      );
    }
    if (p.compressed && p.maxDistance === undefined) walkedAll = false;
    if (p.compressed && p.decompressed && (!bigText || p.textLength > bigText.pstore.textLength)) bigText = { part, pstore: p };
    if (bufsize !== undefined && p.compressed && p.decompressed && bufsize >= 4000 && bufsize <= 10000) {
      const limit = partTextLimit(bufsize, 'linux>=6.6');
      if (p.textLength > limit)
        older.push(
          `${label} holds ${p.textLength} bytes of text, more than Linux 6.6+ puts in one part for ${bufsize}-byte buffers (${limit}); ≤ 6.5 allows ${partTextLimit(bufsize, 'linux<=6.5')}`,
        );
    }
    const fb = fallbackOf(p, bufsize);
    if (fb === 'head')
      newer.push(
        `${label} was stored uncompressed holding the head of its chunk (cut mid-line at the end): Linux 6.6+'s fallback when compression fails`,
      );
    if (fb === 'tail')
      older.push(
        `${label} was stored uncompressed holding the tail of its chunk (cut mid-line after the header): Linux ≤ 6.5's fallback when compression fails`,
      );
  }
  if (!newer.length && walkedAll && bigText && bigText.pstore.textLength >= 8192 && parts.some((x) => x.pstore.maxDistance !== undefined)) {
    likelyOlder.push(
      `no compressed part reaches back more than 2 KiB in its first ${DISTANCE_WALK_BYTES} bytes of text although Part${bigText.part} holds ${bigText.pstore.textLength} bytes: consistent with Linux ≤ 6.5 (6.6+'s 32 KiB window almost always reaches further there)`,
    );
  }
  if (newer.length && older.length) return { generation: 'unknown', evidence: ['conflicting evidence:', ...newer, ...older] };
  if (newer.length) return { generation: 'linux>=6.6', evidence: newer };
  if (older.length) return { generation: 'linux<=6.5', evidence: [...older, ...likelyOlder] };
  if (likelyOlder.length) return { generation: 'linux<=6.5', evidence: likelyOlder.map((e) => `likely: ${e}`) };
  const plain = parts.every((x) => !x.pstore.compressed);
  return {
    generation: 'unknown',
    evidence: [
      plain
        ? 'uncompressed parts of whole lines: both generations write these alike'
        : 'no part shows a deflate window, part size or fallback that tells the generations apart',
    ],
  };
}
