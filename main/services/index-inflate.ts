import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import type { PrefixInflater } from '../../shared/index/head-inflate';

/**
 * Node's zlib as a prefix inflater (usePrefixInflater): a sync flush inflates a stream cut
 * short without an error and still rejects a corrupt one. The index's own early-stopping
 * decoder is faster for a header line (no inflater setup per part), so it stays the default;
 * this one checks it.
 */
export const nodePrefixInflater: PrefixInflater = (input, zlib) => {
  const opts = { finishFlush: constants.Z_SYNC_FLUSH };
  const out = zlib ? inflateSync(input, opts) : inflateRawSync(input, opts);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
};
