import { describe, expect, it } from 'vitest';
import { generateStore, type StoreSpec } from '../../shared/generate/store';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { buildInspectReport, dumpsOf, type DecodedInput } from '../../shared/report/inspect';
import { storageOffsetFor } from '../../shared/store/layout';

function decode(bytes: Uint8Array): DecodedInput {
  const store = decodeStore(bufferSource(bytes));
  const records = store.slots
    .filter((s) => s.record)
    .map((s) => ({ record: s.record!, slot: s.index, state: (s.mapId ? 'live' : 'cleared') as 'live' | 'cleared' }));
  return { store, records, diagnostics: [...store.diagnostics, ...store.slots.flatMap((s) => s.diagnostics)] };
}

const dec = new TextDecoder();

const GEOMETRIES: { name: string; spec: StoreSpec; headerSlots: number }[] = [
  {
    name: '4 KiB slots, 2 header slots',
    headerSlots: 2,
    spec: {
      size: 2 * 1024 * 1024,
      recordSize: 4096,
      boots: [{ bootTime: 1700000000, dumps: [{ reason: 'Panic', lines: 3000, compressed: true }] }],
    },
  },
  {
    name: '8 KiB slots in 16 MiB: 3 header slots',
    headerSlots: 3,
    spec: {
      size: 16 * 1024 * 1024,
      recordSize: 8192,
      boots: [
        {
          bootTime: 1700000100,
          dumps: [
            { reason: 'Oops', lines: 800, compressed: true },
            { reason: 'Panic', lines: 1500, compressed: true },
          ],
        },
      ],
    },
  },
  {
    name: '16 KiB slots, uncompressed',
    headerSlots: 1,
    spec: {
      size: 256 * 1024,
      recordSize: 16384,
      boots: [{ bootTime: 1700000200, dumps: [{ reason: 'Panic', lines: 600, compressed: false }] }],
    },
  },
  {
    name: '64 KiB slots',
    headerSlots: 1,
    spec: {
      size: 1024 * 1024,
      recordSize: 65536,
      boots: [{ bootTime: 1700000300, dumps: [{ reason: 'Emergency', lines: 4000, compressed: true }] }],
    },
  },
];

describe('generated stores beyond the corpus geometries', () => {
  for (const g of GEOMETRIES) {
    it(g.name, () => {
      const gen = generateStore(g.spec);
      const input = decode(gen.bytes);
      const geo = input.store!.geometry!;
      expect(geo.storageOffset).toBe(storageOffsetFor(g.spec.size, g.spec.recordSize!));
      expect(geo.headerSlots).toBe(g.headerSlots);
      expect(input.diagnostics).toEqual([]);
      expect(input.records.map((r) => r.record.recordId)).toEqual(gen.parts.map((p) => p.recordId));
      for (const [i, p] of gen.parts.entries()) {
        expect(input.records[i].slot).toBe(p.slot);
        expect(dec.decode(input.records[i].record.sections[0].pstore!.text)).toBe(dec.decode(p.text));
      }
      const dumps = dumpsOf(input, false);
      expect(dumps.map((d) => dec.decode(d.text))).toEqual(gen.dumps.map((d) => d.text));
    });
  }

  it('many records: 2,000 single-part dumps over 40 boots in 4 KiB slots', () => {
    const boots = Array.from({ length: 40 }, (_, b) => ({
      bootTime: 1700000000 + b * 3600,
      dumps: Array.from({ length: 50 }, () => ({ reason: 'Oops', lines: 20, compressed: b % 2 === 0 })),
    }));
    const gen = generateStore({ size: 2100 * 4096, recordSize: 4096, boots });
    expect(gen.parts).toHaveLength(2000);
    const input = decode(gen.bytes);
    expect(input.records).toHaveLength(2000);
    expect(input.diagnostics).toEqual([]);
    const report = buildInspectReport({ path: 'g', size: gen.bytes.length, sha256: '' }, input);
    expect(report.dumps).toHaveLength(2000);
    expect(new Set(report.dumps.map((d) => d.bootId)).size).toBe(40);
    expect(report.store!.capacity.liveSlots).toBe(2000);
  });

  it('cleared parts: missing from the live view, recovered on request', () => {
    const gen = generateStore({
      size: 64 * 1024,
      boots: [{ bootTime: 1700001000, dumps: [{ reason: 'Panic', lines: 1500, compressed: true }] }],
      clear: [],
    });
    const victim = gen.parts[1];
    const cleared = generateStore({
      size: 64 * 1024,
      boots: [{ bootTime: 1700001000, dumps: [{ reason: 'Panic', lines: 1500, compressed: true }] }],
      clear: [victim.recordId],
    });
    const input = decode(cleared.bytes);
    expect(input.store!.slots[victim.slot].state).toBe('cleared');
    const live = dumpsOf(input, false)[0];
    expect(live.missingParts).toEqual([victim.part]);
    expect(dec.decode(live.text)).toContain(
      `--- Panic#1 Part${victim.part} is missing from this store: cleared, but its bytes are still in slot ${victim.slot}: recoverable`,
    );
    const recovered = dumpsOf(input, true)[0];
    expect(recovered.missingParts).toEqual([]);
    // The recovered part is marked where it starts; without that line the text is the original.
    const marker = `--- Panic#1 Part${victim.part} recovered from cleared slot ${victim.slot}: the guest had erased it ---\n`;
    const text = dec.decode(recovered.text);
    expect(text).toContain(marker);
    expect(text.replace(marker, '')).toBe(gen.dumps[0].text);
  });

  it('a full store: the parts that did not fit are the oldest ones', () => {
    const gen = generateStore({
      size: 32 * 1024,
      boots: [{ bootTime: 1700002000, dumps: [{ reason: 'Panic', lines: 6000, compressed: false }] }],
      kmsgBytes: 65536,
    });
    expect(gen.parts.map((p) => p.part)).toEqual([1, 2, 3]);
    expect(gen.dropped.length).toBeGreaterThan(0);
    const report = buildInspectReport({ path: 'g', size: gen.bytes.length, sha256: '' }, decode(gen.bytes));
    expect(report.store!.capacity.freeSlots).toBe(0);
    expect(report.dumps[0].missingParts).toEqual([]);
  });
});

describe('summary mode (large stores keep no payloads)', () => {
  it('gives the same report and re-reads payloads on demand', async () => {
    const { payloadOf, dumpText } = await import('../../main/services/payloads');
    const gen = generateStore({
      size: 512 * 1024,
      boots: [
        {
          bootTime: 1700003000,
          dumps: [
            { reason: 'Panic', lines: 3000, compressed: true },
            { reason: 'Oops', lines: 900, compressed: false },
          ],
        },
      ],
    });
    const full = decode(gen.bytes);
    const src = bufferSource(gen.bytes);
    const store = decodeStore(src, { keepPayloads: false });
    const lean: DecodedInput = {
      store,
      source: src,
      records: store.slots.filter((s) => s.record).map((s) => ({ record: s.record!, slot: s.index, state: 'live' as const })),
      diagnostics: [],
    };
    expect(lean.records.every((r) => r.record.sections[0].pstore!.text === undefined)).toBe(true);
    const a = buildInspectReport({ path: 'g', size: 0, sha256: '' }, full);
    const b = buildInspectReport({ path: 'g', size: 0, sha256: '' }, lean);
    expect(b.records).toEqual(a.records);
    expect(b.dumps).toEqual(a.dumps);
    for (const p of gen.parts) expect(dec.decode(payloadOf(lean, p.recordId))).toBe(dec.decode(p.text));
    const dumps = dumpsOf(lean, false);
    expect(dumps.map((d) => dec.decode(dumpText(lean, d)))).toEqual(gen.dumps.map((d) => d.text));
  });
});
