/**
 * A file as Linux names it in /sys/fs/pstore (fs/pstore/inode.c):
 * `<type>-<backend>-<decimal record id>[.enc.z]`; `.enc.z` when the kernel could not
 * decompress the payload and kept its compressed bytes.
 */
export interface PstoreFileName {
  kind: 'dmesg' | 'mce';
  backend: string;
  /** Decimal record id, exact. */
  recordId: string;
  /** The payload is still compressed (`.enc.z`). */
  encZ: boolean;
}

/** At the end of a name, so copies that gained a prefix (an upload's temp name, `case12-dmesg-erst-…`) are still known. */
const NAME_RE = /(?:^|[^A-Za-z0-9])(dmesg|mce)-([a-z0-9_]+)-(\d{1,20})(\.enc\.z)?$/;
const U64_MAX = (1n << 64n) - 1n;

export function parsePstoreFileName(name: string): PstoreFileName | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  const id = BigInt(m[3]);
  if (id > U64_MAX) return undefined;
  return { kind: m[1] as 'dmesg' | 'mce', backend: m[2], recordId: id.toString(), encZ: !!m[4] };
}

/** systemd-pstore's rebuilt log (`/var/lib/systemd/pstore/<id>/dmesg.txt`). */
export function isSystemdDmesgTxt(name: string): boolean {
  return name === 'dmesg.txt';
}
