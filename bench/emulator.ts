import { ErstDevice } from '../main/emulator/device';
import { formatStore, putRecord } from '../shared/store/encode';
import { fakeRecord } from '../main/emulator/linux';
import type { BenchResult } from './report';
import { timeIt } from './report';

/** Register accesses per second on the model: the get/set mix Linux uses, with EXECUTEs of reads. */
export async function run(): Promise<BenchResult[]> {
  const store = formatStore(1 << 20);
  for (let s = 1; s < 100; s += 3) putRecord(store, s, fakeRecord(BigInt(s), 1000), BigInt(s));
  const dev = new ErstDevice(store, { bar1Address: 0xfebf0000n });
  const loop = (n: number) => {
    let sink = 0;
    for (let i = 0; i < n; i++) {
      // GET_RECORD_IDENTIFIER + two VALUE reads, a status poll, and every 8th round a read by id.
      dev.write(0, 4, 8);
      sink += dev.read32(8, 4) + dev.read32(12, 4);
      dev.write(0, 4, 7);
      sink += dev.read32(8, 4);
      if ((i & 7) === 0) {
        dev.write(0, 4, 1);
        dev.write(8, 4, 1 + 3 * (i % 33));
        dev.write(12, 4, 0);
        dev.write(0, 4, 9);
        dev.write(8, 4, 0x9c);
        dev.write(0, 4, 5);
        dev.write(0, 4, 3);
      }
    }
    return sink;
  };
  loop(20_000);
  const rounds = 400_000;
  const perRound = 5 + 7 / 8;
  const { ms } = timeIt(() => loop(rounds));
  const accesses = rounds * perRound;
  // 8-byte accesses (split into halves, BigInt at the API) for comparison.
  const { ms: ms8 } = timeIt(() => {
    for (let i = 0; i < 200_000; i++) {
      dev.write(8, 8, 0x123456789n);
      dev.read(8, 8);
    }
  });
  // Baseline: the same number of plain 32-bit stores and loads into a DataView over the store,
  // i.e. what an access would cost with no device logic at all.
  const dv = new DataView(store.buffer);
  const { ms: msRaw } = timeIt(() => {
    let sink = 0;
    for (let i = 0; i < accesses; i++) {
      const off = (i & 1023) << 2;
      if (i & 1) sink += dv.getUint32(off, true);
      else dv.setUint32(off, i, true);
    }
    return sink;
  });
  const raw = { name: 'plain DataView u32 load/store', value: (accesses / msRaw) * 1000, unit: 'accesses/s' };
  return [
    {
      name: 'emulator register accesses (32-bit, Linux mix)',
      value: (accesses / ms) * 1000,
      unit: 'accesses/s',
      baseline: raw,
      ratio: msRaw / ms,
      note: `${accesses.toLocaleString('en-US')} accesses in ${Math.round(ms)} ms; ratio = model speed / plain memory speed`,
    },
    {
      name: 'emulator register accesses (64-bit, BigInt API)',
      value: (400_000 / ms8) * 1000,
      unit: 'accesses/s',
      baseline: raw,
      ratio: ((400_000 / ms8) * 1000) / raw.value,
    },
  ];
}
