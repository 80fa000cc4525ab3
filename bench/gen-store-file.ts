import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { pstoreDmesgRecord } from '../shared/cper/encode';
import { kernelLog } from '../shared/generate/kernel-log';
import { STORE_HEADER_SIZE, STORE_MAGIC, STORE_VERSION, storageOffsetFor } from '../shared/store/layout';

/**
 * Writes a store of `size` bytes slot by slot (never holding it in memory), every slot a
 * Linux-style DMESG_Z part of a dump: dumps of 3 parts, 33 dumps a boot. The 99 distinct
 * payloads are compressed once and reused per boot: the bench measures decoding, not this.
 * Cached in the temp folder by size, so repeated runs skip the writing.
 */
/** Records a boot writes: 33 dumps of 3 parts. */
const PER_BOOT = 99;

export function storeFile(size: number, recordSize = 8192): { path: string; records: number } {
  const slots = Math.floor(size / recordSize);
  const first = storageOffsetFor(size, recordSize) / recordSize;
  const records = slots - first;
  const path = join(tmpdir(), `erst-bench-${size}-${recordSize}-3p.img`);
  if (existsSync(path) && statSync(path).size === size) return { path, records };
  const payloads = Array.from({ length: PER_BOOT }, (_, i) => {
    const text = new TextEncoder().encode(`Oops#${Math.floor(i / 3) + 1} Part${(i % 3) + 1}\n` + kernelLog(220, i));
    return deflateSync(text, { level: 6 });
  });
  const head = new Uint8Array(first * recordSize);
  const dv = new DataView(head.buffer);
  dv.setBigUint64(0, STORE_MAGIC, true);
  dv.setUint32(8, recordSize, true);
  dv.setUint32(12, first * recordSize, true);
  dv.setUint16(16, STORE_VERSION, true);
  dv.setUint32(20, records, true);
  const slotBuf = new Uint8Array(recordSize);
  const tmp = path + '.part';
  const fd = openSync(tmp, 'w');
  writeSync(fd, head, 0, head.length, 0);
  for (let i = 0; i < records; i++) {
    const boot = 1700000000 + Math.floor(i / PER_BOOT) * 600;
    const id = (BigInt(boot) << 32n) + BigInt((i % PER_BOOT) + 1);
    const rec = pstoreDmesgRecord(id, BigInt(boot), payloads[i % PER_BOOT], true);
    slotBuf.fill(0xff);
    slotBuf.set(rec, 0);
    writeSync(fd, slotBuf, 0, recordSize, (first + i) * recordSize);
    dv.setBigUint64(STORE_HEADER_SIZE + 8 * (first + i), id, true);
  }
  writeSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  renameSync(tmp, path);
  return { path, records };
}
