import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { usePrefixInflater, type PrefixInflater } from '../../shared/index/head-inflate';

/**
 * Node's zlib for the index's head-only inflation: a sync flush inflates a stream cut short
 * without an error, and still rejects a corrupt one.
 */
export const nodePrefixInflater: PrefixInflater = (input, zlib) => {
  const opts = { finishFlush: constants.Z_SYNC_FLUSH };
  const out = zlib ? inflateSync(input, opts) : inflateRawSync(input, opts);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
};

usePrefixInflater(nodePrefixInflater);
