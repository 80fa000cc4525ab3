/**
 * A store scan reads on a second thread and lets it inflate part heads of the chunks it read
 * ahead: the index must be the same slot for slot, and the hash the file's, whoever inflated.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEntry } from '../helpers/worker-bundle';
import { deflateSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../main/evidence/file';
import { scanStore, useReaderThreadFrom } from '../../main/services/evidence-scan';
import { useReaderScript } from '../../main/services/hash-worker';
import { chunkHeads, HeadView, stealOne } from '../../main/services/head-worker';
import { ringLayout, scanRing } from '../../main/services/scan-ring';
import { inflateRawHead } from '../../shared/bytes/puff';
import { pstoreDmesgRecord } from '../../shared/cper/encode';
import { kernelLog } from '../../shared/generate/kernel-log';
import { indexStore, StoreIndexer, type StoreIndex } from '../../shared/index/index';
import { bufferSource } from '../../shared/store/source';
import { formatStore } from '../../shared/store/encode';
import { STORE_HEADER_SIZE, storageOffsetFor } from '../../shared/store/layout';

const RS = 8192;
const CHUNK = 4 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'erst-scan-heads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A store whose slots are DMESG_Z parts (dumps of 3), with a few odd ones: a part that does not
 * inflate, a plain DMESG part, a cleared part, an empty slot, garbage.
 */
function store(size: number): Uint8Array {
  const enc = new TextEncoder();
  const payloads = Array.from({ length: 12 }, (_, i) =>
    deflateSync(enc.encode(`${i % 2 ? 'Oops' : 'Panic'}#${(i >> 1) + 1} Part${(i % 3) + 1}\n` + kernelLog(40, i)), { level: 6 }),
  );
  const bytes = formatStore(size, RS);
  const dv = new DataView(bytes.buffer);
  const first = storageOffsetFor(size, RS) / RS;
  for (let slot = first; slot < size / RS; slot++) {
    const i = slot - first;
    if (i % 97 === 13) continue;
    if (i % 89 === 7) {
      bytes.fill(0x5a, slot * RS, slot * RS + 16);
      continue;
    }
    const id = (1700000000n << 32n) + BigInt(i + 1);
    let payload = payloads[i % payloads.length];
    if (i % 83 === 3) payload = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const rec = pstoreDmesgRecord(id, 1700000000n, i % 71 === 5 ? enc.encode(`Panic#9 Part${i % 3}\nplain`) : payload, i % 71 !== 5);
    bytes.set(rec, slot * RS);
    if (i % 61 !== 11) dv.setBigUint64(STORE_HEADER_SIZE + 8 * slot, id, true);
  }
  return bytes;
}

/** Everything the index holds, comparable with toEqual. */
const shape = (ix: StoreIndex) => ({
  cols: ix.cols,
  records: ix.records,
  reasons: ix.reasons.values,
  types: [...ix.sectionTypes],
  diagnostics: ix.diagnostics,
});

describe('part heads inflated ahead by the reader thread', () => {
  const bytes = store(6 * CHUNK);
  const expected = shape(indexStore(bufferSource(bytes)));

  it('the index takes a slot from the front, the reader from the back, each head once, and the index is the same', () => {
    const ring = scanRing(8, CHUNK, bytes.length);
    const L = ringLayout(8);
    const v = new HeadView(ring);
    const data = new Uint8Array(ring.data);
    let stolen = 0;
    const ix = new StoreIndexer(bytes.length, undefined, undefined, (slot, body) => heads?.(slot, body));
    let heads: ReturnType<typeof chunkHeads> | undefined;
    // Chunk 0 holds the header: the record size is shared once it was indexed.
    for (let k = 0; k < 6; k++) {
      data.set(bytes.subarray(k * CHUNK, (k + 1) * CHUNK), k * CHUNK);
      v.ctl[L.LEN + k] = CHUNK;
      Atomics.store(v.ctl, L.STATE + k, k + 1);
      Atomics.store(v.ctl, L.PUB + k, k + 1);
      Atomics.add(v.ctl, L.NEXT_READ, 1);
    }
    for (let k = 0; k < 6; k++) {
      // The reader takes part of chunk k (all of the last one) before the index reaches it.
      if (k > 0) for (let n = 0; n < (k === 5 ? 10_000 : 100 * k) && stealOne(v); n++) stolen++;
      heads = k > 0 ? chunkHeads(v, k, k, (k * CHUNK) / RS) : undefined;
      ix.push(bytes.subarray(k * CHUNK, (k + 1) * CHUNK).slice());
      if (k === 0) Atomics.store(v.ctl, L.RECORD_SIZE, RS);
    }
    expect(stolen).toBeGreaterThan(1000);
    expect(shape(ix.finish())).toEqual(expected);
  });

  it('a result inflated from another chunk is never taken', () => {
    const ring = scanRing(1, CHUNK, bytes.length);
    const L = ringLayout(1);
    const v = new HeadView(ring);
    new Uint8Array(ring.data).set(bytes.subarray(CHUNK, 2 * CHUNK));
    v.ctl[L.LEN] = CHUNK;
    Atomics.store(v.ctl, L.STATE, 2);
    Atomics.store(v.ctl, L.NEXT_READ, 2);
    Atomics.store(v.ctl, L.RECORD_SIZE, RS);
    expect(stealOne(v)).toBe(true);
    const last = CHUNK / RS - 1;
    // The reader's result is chunk 1's: asked for as chunk 5's, the index inflates it itself.
    expect(chunkHeads(v, 5, 0, 5 * (CHUNK / RS))(5 * (CHUNK / RS) + last, new Uint8Array(0))).toBeUndefined();
    expect(chunkHeads(v, 1, 0, CHUNK / RS)(CHUNK / RS + last, new Uint8Array(0))).toBeInstanceOf(Uint8Array);
  });

  it('the bundled reader thread reads, hashes and inflates heads: same index, same sha256', async () => {
    const path = join(dir, 'store.img');
    writeFileSync(path, bytes);
    const script = await bundleEntry('main/services/scan-thread.ts', join(dir, 'scan-worker.mjs'));
    for (const reader of [script, null]) {
      useReaderScript(reader);
      useReaderThreadFrom(0);
      const file = new EvidenceFile(path);
      try {
        const r = await scanStore(file);
        expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(r.kind === 'store' && shape(r.index)).toEqual(expected);
      } finally {
        file.close();
        useReaderScript(undefined);
        useReaderThreadFrom(undefined);
      }
    }
  });

  it('a store under the reader-thread size is read and hashed on the indexing thread: same index, same sha256', async () => {
    const path = join(dir, 'store-serial.img');
    writeFileSync(path, bytes);
    // No script: were a reader thread started, it would run the plain reader and still pass, so
    // the threshold is set above this store and the scan must not need any thread at all.
    useReaderScript(join(dir, 'no-such-reader.mjs'));
    useReaderThreadFrom(bytes.length + 1);
    const file = new EvidenceFile(path);
    try {
      const r = await scanStore(file, { deferDigest: true });
      expect(r.kind === 'store' && shape(r.index)).toEqual(expected);
      expect(r.kind === 'store' && (await r.digest)).toBe(createHash('sha256').update(bytes).digest('hex'));
    } finally {
      file.close();
      useReaderScript(undefined);
      useReaderThreadFrom(undefined);
    }
  });
});

describe('a reader thread that stops', () => {
  it('fails the scan with a clear error instead of leaving it waiting', async () => {
    const path = join(dir, 'small.img');
    writeFileSync(path, store(2 * CHUNK));
    const script = join(dir, 'quits.mjs');
    writeFileSync(script, '// ends at once, reading nothing\n');
    useReaderScript(script);
    useReaderThreadFrom(0);
    const file = new EvidenceFile(path);
    try {
      await expect(scanStore(file)).rejects.toThrow(/reader thread stopped/);
    } finally {
      file.close();
      useReaderScript(undefined);
      useReaderThreadFrom(undefined);
    }
  });
});

describe('the head decoder stops at a byte', () => {
  it('gives the text up to and including the first newline, whether it came as a literal or in a match', () => {
    const enc = new TextEncoder();
    for (const t of ['Oops#1 Part1\nrest', 'abcabcabcabcabc\nabc', 'no newline here at all, none', '\n']) {
      const z = deflateSync(enc.encode(t + t), { level: 9 });
      const nl = (t + t).indexOf('\n');
      const want = nl < 0 ? Math.min(48, 2 * t.length) : Math.min(nl + 1, 48);
      expect(new TextDecoder().decode(inflateRawHead(z, 48, 10))).toBe((t + t).slice(0, want));
    }
  });
});
