/**
 * The window a compressor used bounds the back-reference distances in its stream: Linux ≤ 6.5
 * compressed pstore dumps through the crypto API's "deflate" (window 2^11), Linux 6.6+ through
 * the zlib library with window 2^15, so a distance above 2048 proves the newer producer. A short
 * stream can stay below 2048 under either, so only "above" is evidence.
 */
import { maxBackReference } from '../bytes/puff';

/** Deflate distances above this need more than the 2 KiB window of Linux ≤ 6.5's crypto deflate. */
export const OLD_WINDOW = 2048;

/**
 * How much of a part's text the walk covers. On both corpora a 6.6+ part that reaches past 2 KiB
 * at all does so within its first 4 KiB of text, and the walk costs time on every part.
 */
export const DISTANCE_WALK_BYTES = 4096;

/**
 * The largest distance in the first DISTANCE_WALK_BYTES of text of a dmesg part's raw deflate
 * stream, stopping as soon as one exceeds OLD_WINDOW. Undefined when the stream is malformed
 * before that answer.
 */
export function partMaxDistance(stream: Uint8Array): number | undefined {
  const r = maxBackReference(stream, OLD_WINDOW, DISTANCE_WALK_BYTES);
  return r.stoppedEarly || !r.error ? r.max : undefined;
}
