/**
 * A part number read from a store can be as large as 4294967295: the dumps listed from the index
 * name at most MAX_LISTED_MISSING missing parts, at once, as the full decode does.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pstoreDmesgRecord } from '../../shared/cper/encode';
import { indexDumps, indexStore } from '../../shared/index/index';
import { MAX_LISTED_MISSING } from '../../shared/pstore/dump';
import { formatStore } from '../../shared/store/encode';
import { STORE_HEADER_SIZE, storageOffsetFor } from '../../shared/store/layout';
import { bufferSource } from '../../shared/store/source';

describe('a dump part with a huge part number, listed from the index', () => {
  it('lists the first missing parts only, without walking to the claimed number', () => {
    const rs = 8192;
    const size = 1024 * 1024;
    const bytes = formatStore(size, rs);
    const dv = new DataView(bytes.buffer);
    const first = storageOffsetFor(size, rs) / rs;
    const enc = new TextEncoder();
    ['Panic#1 Part1\nfirst\n', 'Panic#1 Part4294967295\nlast\n'].forEach((text, i) => {
      const id = (1700000000n << 32n) + BigInt(i + 1);
      bytes.set(pstoreDmesgRecord(id, 1700000000n, deflateSync(enc.encode(text)), true), (first + i) * rs);
      dv.setBigUint64(STORE_HEADER_SIZE + 8 * (first + i), id, true);
    });
    const [dump] = indexDumps(indexStore(bufferSource(bytes)));
    expect(dump.parts.map((p) => p.part)).toEqual([1, 4294967295]);
    expect(dump.missingParts).toHaveLength(MAX_LISTED_MISSING);
    expect(dump.missingParts.slice(0, 3)).toEqual([2, 3, 4]);
  });
});
