import { deflateSync } from 'fflate';
import { pstoreDmesgRecord } from '../cper/encode';
import { clearSlot, formatStore, putRecord } from '../store/encode';
import { storageOffsetFor } from '../store/layout';
import { dumpPartName } from '../pstore/header';
import { kernelLog } from './kernel-log';

export interface GeneratedDump {
  reason: string;
  /** Log lines in the kernel buffer at dump time. */
  lines: number;
  compressed: boolean;
}

export interface GeneratedBoot {
  /** Unix seconds of the boot's first record: the high 32 bits of its record ids. */
  bootTime: number;
  dumps: GeneratedDump[];
}

export interface StoreSpec {
  size: number;
  recordSize?: number;
  boots: GeneratedBoot[];
  /** Record ids (decimal) to clear after writing, as a later boot unlinking pstore files would. */
  clear?: string[];
  /** pstore's kmsg_bytes: parts are written while the stored bytes stay below it. */
  kmsgBytes?: number;
  seed?: number;
}

export interface GeneratedPart {
  recordId: string;
  slot: number;
  reason: string;
  count: number;
  part: number;
  /** The payload as /sys/fs/pstore would show it (header line + text). */
  text: Uint8Array;
}

export interface GeneratedStore {
  bytes: Uint8Array;
  parts: GeneratedPart[];
  /** Parts that did not fit (the device said NOT_ENOUGH_SPACE). */
  dropped: { reason: string; count: number; part: number }[];
  /** Per dump, the stitched text of the parts that were stored (oldest first). */
  dumps: { bootTime: number; reason: string; count: number; text: string }[];
}

const enc = new TextEncoder();

/**
 * Writes a synthetic store the way Linux 6.1 pstore and QEMU would: each dump splits the
 * newest log into parts (Part1 newest), each part `Reason#N PartM\n` + whole lines up to the
 * text buffer size, deflated (raw, like 6.1's crypto API) or stored; first-fit slots.
 */
export function generateStore(spec: StoreSpec): GeneratedStore {
  const rs = spec.recordSize ?? 8192;
  const bytes = formatStore(spec.size, rs);
  const firstSlot = storageOffsetFor(spec.size, rs) / rs;
  const slots = Math.floor(spec.size / rs);
  const bufsize = rs - 200;
  const textBuf =
    spec.boots.length && spec.boots.some((b) => b.dumps.some((d) => d.compressed)) ? Math.floor((bufsize * 100) / 45) : bufsize;
  const kmsgBytes = spec.kmsgBytes ?? 10240;
  let nextSlot = firstSlot;
  const parts: GeneratedPart[] = [];
  const dropped: GeneratedStore['dropped'] = [];
  const dumps: GeneratedStore['dumps'] = [];
  let seed = spec.seed ?? 1;
  for (const boot of spec.boots) {
    let seq = BigInt(boot.bootTime) << 32n;
    let count = 0;
    for (const d of boot.dumps) {
      count++;
      const lines = kernelLog(d.lines, seed++).match(/[^\n]*\n/g) ?? [];
      const limit = d.compressed ? textBuf : bufsize;
      let end = lines.length;
      let total = 0;
      let part = 1;
      const stored: string[] = [];
      while (end > 0 && total < kmsgBytes) {
        const header = `${dumpPartName(d.reason, count, part)}\n`;
        let start = end;
        let len = header.length;
        while (start > 0 && len + lines[start - 1].length <= limit) len += lines[--start].length;
        if (start === end) break;
        const text = header + lines.slice(start, end).join('');
        const plain = enc.encode(text);
        const payload = d.compressed ? deflateSync(plain, { level: 6 }) : plain;
        seq += 1n;
        if (nextSlot < slots) {
          const rec = pstoreDmesgRecord(seq, BigInt(boot.bootTime), payload.subarray(0, bufsize), d.compressed);
          putRecord(bytes, nextSlot, rec, seq);
          parts.push({ recordId: seq.toString(), slot: nextSlot, reason: d.reason, count, part, text: plain });
          stored.unshift(lines.slice(start, end).join(''));
          nextSlot++;
        } else {
          dropped.push({ reason: d.reason, count, part });
        }
        total += payload.length;
        end = start;
        part++;
      }
      dumps.push({ bootTime: boot.bootTime, reason: d.reason, count, text: stored.join('') });
    }
  }
  for (const id of spec.clear ?? []) {
    const p = parts.find((x) => x.recordId === id);
    if (p) clearSlot(bytes, p.slot);
  }
  return { bytes, parts, dropped, dumps };
}
