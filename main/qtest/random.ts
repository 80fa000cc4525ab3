import { formatStore, putRecord } from '../../shared/store/encode';
import { ACTION, EXECUTE_MAGIC, REG } from '../../shared/erst/actions';
import { STORE_HEADER_AT as H } from '../../shared/store/layout';
import type { Access } from '../emulator/accesses';
import {
  act,
  fakeRecord,
  linuxClear,
  linuxCount,
  linuxDummyWrite,
  linuxNextId,
  linuxRanges,
  linuxRead,
  linuxTimings,
  linuxWrite,
  readValue32,
  setValue32,
} from '../emulator/linux';
import type { Sequence } from './compare';
import { rng } from '../../shared/generate/rng';

/**
 * Seeded random access sequences for conformance: Linux-style flows mixed with raw pokes,
 * bad values, resets and restarts on the same file, over several store and record sizes.
 * The same seed always gives the same sequences, so a failure names a reproducible case.
 */

interface Config {
  size: number;
  /** The property passed to QEMU (undefined = default 8192). */
  prop?: number;
}

const CONFIGS: Config[] = [
  { size: 32768 },
  { size: 65536 },
  { size: 65536, prop: 8192 },
  { size: 131072, prop: 4096 },
  { size: 262144, prop: 16384 },
  { size: 98304, prop: 32768 },
  { size: 1 << 20 },
];

const ONES = 0xffffffffffffffffn;

export function randomSequences(count: number, seed = 1): Sequence[] {
  const out: Sequence[] = [];
  for (let i = 0; i < count; i++) out.push(randomSequence(seed * 100003 + i, `random #${i} (seed ${seed}:${i})`));
  return out;
}

function randomSequence(seed: number, name: string): Sequence {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const cfg = pick(CONFIGS);
  const rs = cfg.prop ?? 8192;
  const slots = Math.floor(cfg.size / rs);
  const pool: bigint[] = [];
  for (let k = 0; k < 6; k++)
    pool.push(
      pick([
        BigInt(1 + int(8)),
        (BigInt(0x6b000000 + int(4)) << 32n) | BigInt(int(5)),
        BigInt(int(0x7fffffff)) * 0x100000000n + BigInt(int(0x7fffffff)),
      ]),
    );

  let initial: Uint8Array | undefined;
  const kind = r();
  if (kind < 0.6) {
    initial = formatStore(cfg.size, rs);
    const first = Math.floor(initial.length === 0 ? 1 : new DataView(initial.buffer).getUint32(H.storageOffset, true) / rs);
    for (let s = first; s < slots; s++) {
      if (r() < 0.45)
        putRecord(
          initial,
          s,
          fakeRecord(r() < 0.08 ? ONES : pick(pool), pick([128, 300, 1000, rs, 50]), int(256), Math.min(rs, 1200)),
          r() < 0.08 ? ONES : pick(pool),
        );
    }
    if (r() < 0.15) new DataView(initial.buffer).setUint32(H.recordCount, int(slots + 2), true);
  } else if (kind < 0.65) {
    initial = formatStore(cfg.size, rs);
    const dv = new DataView(initial.buffer);
    pick([
      () => (initial![H.magic + 1] ^= 0x10),
      () => dv.setUint32(H.recordSize, pick([0, 100, 6000, 2048]), true),
      () => dv.setUint16(H.version, 0x0200, true),
      () => dv.setUint32(H.storageOffset, rs + 8, true),
      () => {
        initial!.fill(0, H.magic, H.magic + 8);
        dv.setUint32(H.recordCount, 3, true);
      },
    ])();
  }
  // else: a new (all-zero) file that QEMU formats with the property

  const segments: Access[][] = [[]];
  const steps = 8 + int(30);
  const xl = rs; // accurate when the header is QEMU's; other cases only matter for buffer bounds
  const maxBuf = Math.min(xl, initial ? new DataView(initial.buffer).getUint32(H.recordSize, true) || xl : xl);
  for (let k = 0; k < steps; k++) {
    const cur = segments[segments.length - 1];
    const p = r();
    const offset = r() < 0.75 ? 0 : pick([int(maxBuf), maxBuf - 128, maxBuf - 127, 64, 4096 % maxBuf]);
    const id = () => (r() < 0.1 ? pick([0n, ONES]) : pick(pool));
    if (p < 0.22) {
      const room = Math.max(0, maxBuf - offset);
      const len = pick([127, 128, 129, 200, 600, 2000, room, room + 1, 0, 0xffffffff, Math.max(128, int(room))]);
      const rec = fakeRecord(id(), len, int(256), Math.min(Math.max(len, 104), room)).subarray(0, room);
      cur.push(...(rec.length ? linuxWrite(rec, offset) : []));
      if (!rec.length) cur.push(...linuxDummyWrite());
    } else if (p < 0.34) {
      cur.push(...linuxRead(id(), offset, r() < 0.5 ? Math.min(256, maxBuf - offset) : undefined));
    } else if (p < 0.44) cur.push(...linuxClear(id()));
    else if (p < 0.5) cur.push(...linuxCount());
    else if (p < 0.6) for (let n = 1 + int(5); n > 0; n--) cur.push(...linuxNextId());
    else if (p < 0.63) cur.push(...pick([linuxDummyWrite, linuxRanges, linuxTimings])());
    else if (p < 0.78) {
      // raw pokes: any offset and size that fits BAR0, any value (often an action code)
      const size = pick([1, 2, 4, 8] as const);
      const off = int(REG.SIZE + 1 - size);
      const value = r() < 0.5 ? BigInt(int(0x12)) : BigInt(int(0x100000000)) | (size === 8 ? BigInt(int(0x100000000)) << 32n : 0n);
      const mask = (1n << BigInt(8 * size)) - 1n;
      cur.push({ op: 'write', offset: off, size, value: '0x' + (value & mask).toString(16) });
      if (r() < 0.6) cur.push({ op: 'read', offset: int(REG.SIZE + 1 - size), size });
    } else if (p < 0.86) {
      // EXECUTE with whatever VALUE holds, or a bad magic / offset
      cur.push(
        ...pick([
          [setValue32(pick([EXECUTE_MAGIC, 0x100 | EXECUTE_MAGIC, EXECUTE_MAGIC + 1, (0xffffff00 | EXECUTE_MAGIC) >>> 0, 0]))],
          [setValue32(pick([0, 0xffffffff, maxBuf, 0x80000000])), act(ACTION.SET_RECORD_OFFSET)],
          [] as Access[],
        ]),
      );
      cur.push(act(ACTION.EXECUTE), act(ACTION.GET_COMMAND_STATUS), readValue32);
    } else if (p < 0.9) cur.push({ op: 'reset' });
    else if (p < 0.95) {
      const off = int(maxBuf);
      cur.push({ op: 'buf-read', offset: off, length: Math.min(int(300), maxBuf - off) });
    } else if (p < 0.97 && segments.length < 3) segments.push([]);
    else cur.push(...linuxCount());
  }
  return { name, size: cfg.size, recordSize: cfg.prop, initial, segments };
}
