import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { slotTail } from '../../shared/store/slot-tail';
import { buildInspectReport } from '../../shared/report/inspect';
import { CORPORA, backings } from '../helpers/corpus';

const load = (p: string) => new Uint8Array(readFileSync(p));

/**
 * QEMU 7.0/7.1's write_erst_record(): memcpy the record, then
 * memset(nvram + record_length, exchange_length - record_length, 0xFF) — arguments swapped.
 */
function write71(store: Uint8Array, slot: number, record: Uint8Array, rs: number) {
  const off = slot * rs;
  store.set(record, off);
  store.fill((rs - record.length) & 0xff, off + record.length, Math.min(off + rs, off + record.length + 0xff));
}

describe('slots written by QEMU 7.0/7.1', () => {
  it('no slot of either corpus (QEMU 7.2 and 10.0) is taken for one', () => {
    for (const root of CORPORA) {
      for (const b of backings(root)) {
        const s = decodeStore(bufferSource(load(join(root, b))), { records: false });
        for (const sl of s.slots) if (sl.tail) expect(['qemu-7.2+', 'either'], `${b} slot ${sl.index}`).toContain(sl.tail.writer);
        expect(s.diagnostics.map((d) => d.code)).not.toContain('store.qemu71-writes');
      }
    }
  });

  it('a short record written over a longer one the 7.1 way: detected, and the earlier record’s bytes shown as a remnant', () => {
    const bytes = load(join(CORPORA[1], 'S2-accumulate/backing.after-boot1'));
    const rs = 8192;
    const s0 = decodeStore(bufferSource(bytes), { records: false });
    const live = s0.slots.filter((s) => s.state === 'live');
    const len = (i: number) => new DataView(bytes.buffer).getUint32(i * rs + 20, true);
    const long = live.reduce((a, b) => (len(a.index) > len(b.index) ? a : b));
    const short = live.reduce((a, b) => (len(a.index) < len(b.index) ? a : b));
    const L = len(long.index);
    const S = len(short.index);
    const record = bytes.slice(short.index * rs, short.index * rs + S);
    write71(bytes, long.index, record, rs);
    const s = decodeStore(bufferSource(bytes));
    const slot = s.slots[long.index];
    expect(slot.tail!.writer).toBe('qemu-7.0/7.1');
    expect(slot.tail!.fill).toBe((rs - S) & 0xff);
    // The old record's bytes after the fill survive up to its old end (trailing 0xFF excepted).
    expect(slot.tail!.remnant!.offset).toBe(S + 255);
    const end = slot.tail!.remnant!.offset + slot.tail!.remnant!.length;
    expect(end).toBeLessThanOrEqual(L);
    expect(end).toBeGreaterThan(L - 16);
    expect(slot.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['slot.qemu71-write', 'slot.remnant']));
    expect(s.diagnostics.find((d) => d.code === 'store.qemu71-writes')!.message).toBe(
      "1 slot was written by QEMU 7.0 or 7.1, which left each slot's old bytes after the new record; 1 holds remnants of earlier records",
    );
    const report = buildInspectReport({ path: 'x', size: bytes.length, sha256: '' }, { store: s, records: [], diagnostics: s.diagnostics });
    expect(report.store!.slots[long.index]).toMatchObject({ writer: 'qemu-7.0/7.1', remnant: { offset: long.index * rs + S + 255 } });
    expect(report.store!.slots[short.index].writer).toBeUndefined();
  });

  it('classifies the tail alone: 7.2 fill, 7.1 fill without remnant, fill value 0xFF (either), and other bytes (unknown)', () => {
    const slot = new Uint8Array(1024).fill(0xff);
    expect(slotTail(slot, 100)!.writer).toBe('qemu-7.2+');
    slot.fill((1024 - 100) & 0xff, 100, 355);
    expect(slotTail(slot, 100)).toEqual({ writer: 'qemu-7.0/7.1', fill: (1024 - 100) & 0xff });
    expect(slotTail(new Uint8Array(1024).fill(0xff), 1024 - 255)!.writer).toBe('either');
    const odd = new Uint8Array(1024).fill(0xff);
    odd[500] = 1;
    expect(slotTail(odd, 100)!.writer).toBe('unknown');
    expect(slotTail(slot, 1024)).toBeUndefined();
  });
});

describe('stores the device model writes the 7.1 way', () => {
  it('real Linux 6.12 records written by a QEMU 7.1 model over cleared longer ones are detected, remnants named; the 7.2 model’s are not', async () => {
    const { ErstDevice } = await import('../../main/emulator/device');
    const { runOnDevice } = await import('../../main/emulator/accesses');
    const { linuxClear, linuxWrite } = await import('../../main/emulator/linux');
    const src = load(join(CORPORA[1], 'S2-accumulate/backing.after-boot1'));
    const s0 = decodeStore(bufferSource(src));
    const recs = s0.slots.filter((s) => s.state === 'live').map((s) => src.slice(s.offset, s.offset + s.record!.recordLength!));
    const byLen = [...recs].sort((a, b) => b.length - a.length);
    const id = (r: Uint8Array) => new DataView(r.buffer, r.byteOffset).getBigUint64(96, true);
    for (const qemu of ['7.1', '7.2'] as const) {
      const store = new Uint8Array(src.length);
      // The longest part is written and cleared, then the shortest takes its slot.
      runOnDevice(new ErstDevice(store), [...linuxWrite(byLen[0]), ...linuxClear(id(byLen[0]))]);
      runOnDevice(new ErstDevice(store, { qemu }), linuxWrite(byLen[byLen.length - 1]));
      const s = decodeStore(bufferSource(store));
      const slot = s.slots.find((x) => x.state === 'live')!;
      if (qemu === '7.1') {
        expect(slot.tail!.writer).toBe('qemu-7.0/7.1');
        expect(slot.tail!.remnant!.offset).toBe(byLen[byLen.length - 1].length + 255);
        expect(s.diagnostics.map((d) => d.code)).toContain('store.qemu71-writes');
      } else {
        expect(slot.tail!.writer).toBe('qemu-7.2+');
        expect(s.diagnostics.map((d) => d.code)).not.toContain('store.qemu71-writes');
      }
    }
  });
});
