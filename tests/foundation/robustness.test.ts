import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../shared/cper/record';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { buildInspectReport } from '../../shared/report/inspect';
import { decodeInput } from '../../shared/input/index';
import { rng } from '../../shared/generate/rng';
import { backings, corpusBytes } from '../helpers/corpus';

/** Decode a store and everything built on it (records, dumps, report), as the CLI does. */
function decodeAll(bytes: Uint8Array) {
  const store = decodeStore(bufferSource(bytes));
  const records = store.slots
    .filter((s) => s.record)
    .map((s) => ({ record: s.record!, slot: s.index, state: s.state as 'live' | 'cleared' }));
  const report = buildInspectReport({ path: 'x', size: bytes.length, sha256: '' }, { store, records, diagnostics: store.diagnostics });
  JSON.stringify(report);
  return { store, report };
}

const fixtures = backings().filter((p, i, all) => all.findIndex((q) => q.split('/')[0] === p.split('/')[0]) === i);

describe('decoders never throw on damaged stores', () => {
  for (const f of fixtures) {
    it(`${f}: truncated at every record-relevant offset`, () => {
      const full = corpusBytes(...f.split('/'));
      const rs = new DataView(full.buffer, full.byteOffset).getUint32(8, true);
      const cuts = new Set<number>();
      for (let i = 0; i <= 512; i++) cuts.add(i);
      // Every offset inside the first record slot (header, descriptor, compressed stream) …
      for (let i = rs; i < 2 * rs; i++) cuts.add(i);
      // … and a stride across the rest.
      for (let i = 0; i <= full.length; i += 127) cuts.add(i);
      let diagnosed = 0;
      for (const n of cuts) {
        const { store } = decodeAll(full.subarray(0, n));
        if (n < full.length && (store.diagnostics.length || store.slots.some((s) => s.diagnostics.length))) diagnosed++;
      }
      // Every cut that is not a whole-slot boundary must be reported.
      expect(diagnosed).toBeGreaterThan(cuts.size * 0.9);
    });

    it(`${f}: random bit flips`, () => {
      const full = corpusBytes(...f.split('/'));
      const r = rng(42);
      for (let k = 0; k < 500; k++) {
        const b = full.slice();
        const flips = 1 + Math.floor(r() * 8);
        for (let j = 0; j < flips; j++) {
          // Bias towards the header, the map and record headers, where the structure lives.
          const zone = r();
          const off =
            zone < 0.3
              ? Math.floor(r() * 256)
              : zone < 0.7
                ? 8192 * Math.floor(r() * (b.length / 8192)) + Math.floor(r() * 256)
                : Math.floor(r() * b.length);
          b[off % b.length] ^= 1 << Math.floor(r() * 8);
        }
        decodeAll(b);
      }
    });
  }

  it('lying lengths in the store header and records are diagnosed, not trusted', () => {
    const base = corpusBytes('S2-accumulate', 'backing.after-boot3');
    const set32 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(off, v, true);
    const set16 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
    const lies = [0, 1, 127, 128, 199, 200, 4095, 8191, 8192, 8193, 65536, 0x7fffffff, 0xffffffff];
    const cases: [string, (b: Uint8Array, v: number) => void][] = [
      ['record_size', (b, v) => set32(b, 8, v)],
      ['storage_offset', (b, v) => set32(b, 12, v)],
      ['record_count', (b, v) => set32(b, 20, v)],
      ['record_length', (b, v) => set32(b, 8192 + 20, v)],
      ['section_count', (b, v) => set16(b, 8192 + 10, v & 0xffff)],
      ['section_offset', (b, v) => set32(b, 8192 + 128, v)],
      ['section_length', (b, v) => set32(b, 8192 + 132, v)],
    ];
    for (const [name, poke] of cases) {
      for (const v of lies) {
        const b = base.slice();
        poke(b, v);
        const { store, report } = decodeAll(b);
        const all = [...store.diagnostics, ...store.slots.flatMap((s) => s.diagnostics), ...report.records.flatMap((x) => x.diagnostics)];
        const unchanged = b.every((x, i) => x === base[i]);
        if (!unchanged) {
          expect(all.length, `${name}=${v} not diagnosed`).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('record decoder on damaged CPER', () => {
  it('every truncation of a real record decodes to diagnostics', () => {
    const store = corpusBytes('S3-uncompressed', 'backing.after-boot1');
    const len = new DataView(store.buffer, store.byteOffset).getUint32(8192 + 20, true);
    const rec = store.slice(8192, 8192 + len);
    for (let n = 0; n < rec.length; n++) {
      const d = decodeRecord(rec.subarray(0, n));
      expect(
        d.diagnostics.some((x) => x.level === 'error'),
        `cut at ${n}`,
      ).toBe(true);
    }
    expect(decodeRecord(rec).diagnostics).toEqual([]);
  });

  it('random bytes are never mistaken for clean records', () => {
    const r = rng(7);
    for (let k = 0; k < 300; k++) {
      const b = Uint8Array.from({ length: Math.floor(r() * 2000) }, () => Math.floor(r() * 256));
      if (b.length > 4 && r() < 0.5) b.set([0x43, 0x50, 0x45, 0x52], 0);
      const res = decodeInput(b);
      for (const rec of res.records) expect(rec.diagnostics.length + res.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('a corrupt compressed stream keeps its bytes and says why', () => {
    const store = corpusBytes('S2-accumulate', 'backing.after-boot1').slice();
    store[8192 + 200 + 40] ^= 0xff;
    store[8192 + 200 + 41] ^= 0xff;
    const s = decodeStore(bufferSource(store));
    const sec = s.slots[1].record!.sections[0];
    if (sec.pstore!.decompressed) {
      // A flipped literal can still inflate: then the text differs but decoding succeeds.
      expect(sec.pstore!.text!.length).toBeGreaterThan(0);
    } else {
      expect(sec.diagnostics.map((d) => d.code)).toContain('pstore.decompress-failed');
      expect(sec.pstore!.text!.length).toBe(sec.length);
    }
  });
});
