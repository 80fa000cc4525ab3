import { EvidenceFile } from '../evidence/file';

/**
 * Evidence that is several files read already (a pstore folder), served from memory through
 * the EvidenceFile class so every consumer (reports, the hex pane, exports) reads it the same
 * way. EvidenceFile's constructor only opens one regular file, so the instance is made from its
 * prototype with the whole content as its read window and no descriptor to close.
 */
export function memoryEvidence(path: string, bytes: Uint8Array, sha256: string): EvidenceFile {
  const f = Object.create(EvidenceFile.prototype) as EvidenceFile;
  Object.assign(f, { path, size: bytes.length, fd: -1, winStart: 0, win: bytes, hash: sha256 });
  return f;
}
