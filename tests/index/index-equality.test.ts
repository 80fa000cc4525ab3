import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStore, type StoreSpec } from '../../shared/generate/store';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { buildInspectReport, dumpsOf, type DecodedInput } from '../../shared/report/inspect';
import { indexDumps, indexStore, recordRow, StoreIndexer, usePrefixInflater, RecordCache, type StoreIndex } from '../../shared/index/index';
import { nodePrefixInflater } from '../../main/services/index-inflate';
import { backings, CORPORA } from '../helpers/corpus';

function decode(bytes: Uint8Array): DecodedInput {
  const store = decodeStore(bufferSource(bytes));
  const records = store.slots
    .filter((s) => s.record)
    .map((s) => ({ record: s.record!, slot: s.index, state: (s.mapId ? 'live' : 'cleared') as 'live' | 'cleared' }));
  return { store, records, diagnostics: [...store.diagnostics, ...store.slots.flatMap((s) => s.diagnostics)] };
}

/** What the index must agree on with the full decode. */
function fromDecode(bytes: Uint8Array) {
  const input = decode(bytes);
  const report = buildInspectReport({ path: '', size: bytes.length, sha256: '' }, input);
  return {
    slots: report.store?.slots.map((s) => [s.index, s.state, s.mapId]) ?? [],
    records: report.records.map((r) => ({
      slot: r.slot,
      state: r.state,
      recordId: r.recordId,
      recordIdHex: r.recordIdHex,
      recordLength: r.recordLength,
      timestamp: r.timestamp,
      timestampEncoding: r.timestampEncoding,
      severity: r.severity,
      creatorId: r.creatorId,
      creatorName: r.creatorName,
      sectionTypes: r.sections.map((s) => s.type),
      pstore: r.pstore
        ? {
            kind: r.pstore.kind,
            reason: r.pstore.reason,
            count: r.pstore.count,
            part: r.pstore.part,
            compressed: r.pstore.compressed,
            decompressed: r.pstore.decompressed,
          }
        : undefined,
      textLength: r.pstore?.textLength,
    })),
    dumps: report.dumps.map((d) => ({
      bootId: d.bootId,
      bootTime: d.bootTime,
      reason: d.reason,
      count: d.count,
      missingParts: d.missingParts,
      recordIds: d.recordIds,
      parts: d.parts.map((p) => [p.part, p.recordId, p.slot, p.state, p.compressed]),
    })),
    recovered: dumpsOf(input, true).map((d) => d.recordIds),
    diagnostics: input.diagnostics,
  };
}

function fromIndex(ix: StoreIndex) {
  const rows = [...ix.records].map((s) => recordRow(ix, s));
  const slots = [];
  for (let i = 0; i < ix.slots; i++) {
    const r = ix.cols;
    slots.push([
      i,
      ['header', 'live', 'cleared', 'empty', 'unreadable'][r.state[i]],
      r.mapLo[i] || r.mapHi[i] ? String((BigInt(r.mapHi[i]) << 32n) | BigInt(r.mapLo[i])) : null,
    ]);
  }
  return {
    slots: ix.geometry ? slots : [],
    records: rows.map((r) => ({
      slot: r.slot,
      state: r.state,
      recordId: r.recordId,
      recordIdHex: r.recordIdHex,
      recordLength: r.recordLength,
      timestamp: r.timestamp,
      timestampEncoding: r.timestampEncoding,
      severity: r.severity,
      creatorId: r.creatorId,
      creatorName: r.creatorName,
      sectionTypes: r.sectionTypes,
      pstore: r.pstore
        ? {
            kind: r.pstore.kind,
            reason: r.pstore.reason,
            count: r.pstore.count,
            part: r.pstore.part,
            compressed: r.pstore.compressed,
            decompressed: r.pstore.decompressed,
          }
        : undefined,
      textLength: r.pstore?.textLength,
    })),
    dumps: indexDumps(ix).map((d) => ({
      bootId: d.bootId,
      bootTime: d.bootTime,
      reason: d.reason,
      count: d.count,
      missingParts: d.missingParts,
      recordIds: d.recordIds,
      parts: d.parts.map((p) => [p.part, p.recordId, p.slot, p.state, p.compressed]),
    })),
    recovered: indexDumps(ix, true).map((d) => d.recordIds),
    diagnostics: ix.diagnostics,
  };
}

/** Pushes the bytes in chunks of `chunk` bytes (odd sizes split slots and the header). */
function indexInChunks(bytes: Uint8Array, chunk: number): StoreIndex {
  const ixr = new StoreIndexer(bytes.length);
  for (let o = 0; o < bytes.length; o += chunk) ixr.push(bytes.subarray(o, o + chunk));
  return ixr.finish();
}

function expectSame(bytes: Uint8Array): void {
  const want = fromDecode(bytes);
  const ix = indexStore(bufferSource(bytes));
  const got = fromIndex(ix);
  // Compressed payloads are not inflated by the index: their length is computed on demand.
  const cache = new RecordCache(ix, bufferSource(bytes));
  got.records.forEach((r, i) => {
    if (r.textLength === null) {
      expect(want.records[i].textLength).not.toBeUndefined();
      const slot = r.slot;
      r.textLength = cache.textLength(slot)! - ix.cols.headerLength[slot];
    }
  });
  expect(got).toEqual(want);
  expect(fromIndex(indexInChunks(bytes, 4093)).records.map((r) => r.recordId)).toEqual(want.records.map((r) => r.recordId));
  expect(fromIndex(indexInChunks(bytes, 7)).dumps).toEqual(want.dumps);
}

const GENERATED: { name: string; spec: StoreSpec }[] = [
  {
    name: '4 KiB slots, compressed',
    spec: {
      size: 2 * 1024 * 1024,
      recordSize: 4096,
      boots: [{ bootTime: 1700000000, dumps: [{ reason: 'Panic', lines: 3000, compressed: true }] }],
    },
  },
  {
    name: '8 KiB slots, two boots, cleared parts',
    spec: {
      size: 1024 * 1024,
      boots: [
        {
          bootTime: 1700000100,
          dumps: [
            { reason: 'Oops', lines: 800, compressed: true },
            { reason: 'Panic', lines: 1500, compressed: true },
          ],
        },
        { bootTime: 1700009100, dumps: [{ reason: 'Panic', lines: 900, compressed: false }] },
      ],
      clear: [String((1700000100n << 32n) + 2n)],
    },
  },
  {
    name: '16 KiB slots, uncompressed',
    spec: {
      size: 256 * 1024,
      recordSize: 16384,
      boots: [{ bootTime: 1700000200, dumps: [{ reason: 'Panic', lines: 600, compressed: false }] }],
    },
  },
];

describe('the store index agrees with the full decode', () => {
  const files = CORPORA.flatMap((root) => backings(root).map((f) => join(root, f)));
  it('covers the real corpora', () => expect(files.length).toBeGreaterThanOrEqual(20));
  for (const f of files) {
    it(f.split('/').slice(-3).join('/'), () => expectSame(new Uint8Array(readFileSync(f))));
  }
  for (const g of GENERATED) {
    it(`generated: ${g.name}`, () => {
      const bytes = generateStore(g.spec).bytes;
      expectSame(bytes);
      // A cut file (partial last slot), garbage in an empty slot, a lying map entry.
      const cut = bytes.slice(0, bytes.length - 3000);
      expectSame(cut);
      const odd = bytes.slice();
      const rs = g.spec.recordSize ?? 8192;
      odd.fill(0x5a, odd.length - rs, odd.length - rs + 16);
      expectSame(odd);
    });
  }
  it('with Node zlib plugged in, the index is the same', () => {
    const bytes = generateStore(GENERATED[0].spec).bytes;
    const prev = usePrefixInflater(nodePrefixInflater);
    try {
      expectSame(bytes);
    } finally {
      usePrefixInflater(prev);
    }
  });
  it('a slot written the QEMU 7.0/7.1 way (fill after the record, remnant of an older one)', () => {
    const bytes = new Uint8Array(readFileSync(join(CORPORA[1], 'S2-accumulate/backing.after-boot1')));
    const rs = 8192;
    const ix = indexStore(bufferSource(bytes));
    const len = (slot: number) => ix.cols.recordLength[slot];
    const live = [...ix.records];
    const long = live.reduce((a, b) => (len(a) > len(b) ? a : b));
    const short = live.reduce((a, b) => (len(a) < len(b) ? a : b));
    const s = len(short);
    bytes.set(bytes.slice(short * rs, short * rs + s), long * rs);
    bytes.fill((rs - s) & 0xff, long * rs + s, long * rs + s + 0xff);
    expectSame(bytes);
    const again = indexStore(bufferSource(bytes));
    expect(again.qemu71.get(long)?.remnant?.offset).toBe(s + 255);
    expect(again.diagnostics.map((d) => d.code)).toContain('store.qemu71-writes');
  });
  it('a file shorter than the header, and a bad record size', () => {
    expectSame(new Uint8Array(10));
    const bytes = generateStore(GENERATED[2].spec).bytes.slice();
    bytes[9] = 0x11;
    expectSame(bytes);
  });
});
