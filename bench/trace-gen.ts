import { ErstDevice } from '../main/emulator/device';
import { runOnDevice, type Access } from '../main/emulator/accesses';
import { fakeRecord, linuxClear, linuxCount, linuxNextId, linuxRanges, linuxRead, linuxWrite } from '../main/emulator/linux';
import { recordTrace, startTraceLines } from '../main/emulator/trace-writer';
import { rng } from '../shared/generate/rng';
import { formatStore, putRecord } from '../shared/store/encode';

/**
 * A long QEMU-format trace made by the model itself, shaped like the corpus boots but much
 * longer: pstore's mount-time id iteration and reads, erasure of records from earlier boots,
 * counts and range queries, and dump writes until the store is full (then NOT_ENOUGH_SPACE).
 */
export function generateTrace(
  targetLines: number,
  size = 8 << 20,
  seed = 3,
): { trace: string; lines: number; before: Uint8Array; after: Uint8Array } {
  const r = rng(seed);
  const before = formatStore(size);
  const first = new DataView(before.buffer).getUint32(12, true) / 8192;
  const slots = size / 8192;
  const old: bigint[] = [];
  for (let s = first; s < slots; s += 2) {
    const id = 0x6b02500000000000n + BigInt(s);
    putRecord(before, s, fakeRecord(id, 300 + s, s & 0xff), id);
    old.push(id);
  }
  const store = before.slice();
  const dev = new ErstDevice(store, { bar1Address: 0xfebf0000n });
  const lines = startTraceLines(dev);
  let t = 1795314358_000000;
  recordTrace(dev, lines, () => `5491@${Math.floor(t / 1e6)}.${String(t++ % 1e6).padStart(6, '0')}:`);
  let nextId = 0x6b02529a00000001n;
  // Stop at an operation boundary, so the trace is exactly what the model did to `store`.
  while (lines.length < targetLines) {
    const acc: Access[] = [];
    const p = r();
    if (p < 0.05) acc.push(...linuxWrite(fakeRecord(nextId, 200 + Math.floor(r() * 7000), Number(nextId++ & 0xffn))));
    else if (p < 0.35 && old.length) acc.push(...linuxRead(old[Math.floor(r() * old.length)]));
    else if (p < 0.38 && old.length) acc.push(...linuxClear(old.splice(Math.floor(r() * old.length), 1)[0]));
    else if (p < 0.8) acc.push(...linuxNextId());
    else if (p < 0.95) acc.push(...linuxCount());
    else acc.push(...linuxRanges());
    runOnDevice(dev, acc);
  }
  return { trace: lines.join('\n') + '\n', lines: lines.length, before, after: store };
}
