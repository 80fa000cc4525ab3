import { inflateRawSync, inflateSync } from 'node:zlib';
import { useInflater } from '../../shared/pstore/inflate';

/** In Node, inflate dmesg with native zlib; `maxOutputLength` keeps the allocation bounded. */
useInflater((input, zlib, limit) => {
  const out = zlib ? inflateSync(input, { maxOutputLength: limit }) : inflateRawSync(input, { maxOutputLength: limit });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
});
