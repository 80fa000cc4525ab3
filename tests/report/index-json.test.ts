/**
 * Index-mode record summaries are written to inspect's JSON member by member: the text must be
 * JSON.stringify's, byte for byte, for every record of the real corpora and of odd stores.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStore } from '../../shared/generate/store';
import { F_PSTORE_COMPRESSED, F_PSTORE_FAILED, indexStore, type StoreIndex } from '../../shared/index/index';
import { indexRecordSummary, indexSummaryJson } from '../../shared/report/index-report';
import { bufferSource } from '../../shared/store/source';
import { backings, CORPORA } from '../helpers/corpus';

/** JSON.stringify(v, null, 2) as it appears at `depth`. */
const at = (v: unknown, depth: number) => JSON.stringify(v, null, 2).replace(/\n/g, '\n' + '  '.repeat(depth));

function expectSameJson(ix: StoreIndex): number {
  let written = 0;
  ix.records.forEach((slot, i) => {
    const summary = indexRecordSummary(ix, i, slot);
    for (const depth of [0, 2]) {
      const text = indexSummaryJson(summary, depth);
      if (summary.diagnostics.length) expect(text).toBeUndefined();
      else {
        expect(text).toBe(at(summary, depth));
        written++;
      }
    }
  });
  return written;
}

describe('index-mode record summaries as JSON', () => {
  it('are JSON.stringify(summary, null, 2) for every record of the corpora', () => {
    let n = 0;
    for (const root of CORPORA)
      for (const f of backings(root)) n += expectSameJson(indexStore(bufferSource(new Uint8Array(readFileSync(join(root, f)))), f));
    expect(n).toBeGreaterThan(100);
  });

  it('and of a generated store with compressed and plain parts, cut inside a slot, with a garbage slot', () => {
    const gen = generateStore({
      size: 512 * 1024,
      boots: [
        {
          bootTime: 1700000100,
          dumps: [
            { reason: 'Oops', lines: 800, compressed: true },
            { reason: 'Panic', lines: 300, compressed: false },
          ],
        },
      ],
    });
    const bytes = gen.bytes.slice(0, gen.bytes.length - 3000);
    bytes.fill(0x5a, bytes.length - 9000, bytes.length - 8990);
    // A compressed part whose first bytes do not inflate: its summary has a diagnostic.
    const ix = indexStore(bufferSource(bytes));
    const slot = ix.records.find((s) => (ix.cols.flags[s] & F_PSTORE_COMPRESSED) !== 0)!;
    const body = slot * 8192 + ix.sectionOffsets[ix.cols.sectionStart[slot]];
    bytes.fill(0xff, body, body + 8);
    const odd = indexStore(bufferSource(bytes));
    expect(odd.cols.flags[slot] & F_PSTORE_FAILED).toBeTruthy();
    expect(expectSameJson(odd)).toBeGreaterThan(3);
  });
});
