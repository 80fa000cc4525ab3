import type { PstoreInfo } from '../cper/section';

/**
 * The name Linux gives the record in /sys/fs/pstore (fs/pstore/inode.c):
 * `<type>-erst-<decimal id>` plus `.enc.z` when the payload stayed compressed.
 */
export function pstoreFileName(recordId: string, p: PstoreInfo): string {
  const type = p.kind === 'mce' ? 'mce' : 'dmesg';
  return `${type}-erst-${recordId}${p.compressed && !p.decompressed ? '.enc.z' : ''}`;
}
