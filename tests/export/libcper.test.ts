import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { compareJson, parseLossless, type Mismatch } from './libcper-compare';

const DIR = 'tests/fixtures/corpus/libcper/';

/**
 * Fields libcper emits that we deliberately do not (yet) reproduce, each with its reason.
 * Nothing else may differ.
 */
const DELIBERATE: { path: RegExp; reason: string }[] = [
  {
    path: /\.Pcie\.(capabilityStructure|aerInfo)\.(?!data$)/,
    reason: 'libcper (corpus commit 7c410e29) expands the PCIe capability and AER blocks into register sub-fields with its own key names; '
      + 'we export both blocks as base64 `data` exactly like libcper and decode the registers in the field tree, but have not yet mapped '
      + 'every libcper sub-key (the corpus commit\'s source is not in our reference set).',
  },
];

function deliberate(m: Mismatch): boolean {
  return DELIBERATE.some((d) => d.path.test(m.path));
}

const pairs = readdirSync(DIR).filter((f) => f.endsWith('.json'));
let total = 0;
let totalSkipped = 0;

describe('every libcper JSON field is present in ours with an equal value', () => {
  for (const j of pairs) {
    test(j, () => {
      const base = j.replace(/\.json$/, '');
      const file = DIR + base + (base.startsWith('section-') ? '.cpersection' : '.cper');
      const bytes = new Uint8Array(readFileSync(file));
      const res = decodeInput(bytes);
      expect(res.kind).not.toBe('unknown');
      const ours = cperJsonText(res.records, bufferReader(res.bytes), res.sections);
      const cmp = compareJson(parseLossless(readFileSync(DIR + j, 'utf8')), parseLossless(ours));
      const real = cmp.mismatches.filter((m) => !deliberate(m));
      total += cmp.matched;
      totalSkipped += cmp.mismatches.length - real.length;
      expect(real).toEqual([]);
      expect(cmp.matched).toBeGreaterThan(20);
    });
  }
  test('summary', () => {
    console.log(`libcper comparison: ${pairs.length} files, ${total} fields equal, ${totalSkipped} listed as deliberate differences`);
  });
});

describe('64-bit integers are exact in our JSON text', () => {
  test('memory physicalAddressMask above 2^53', () => {
    const bytes = new Uint8Array(readFileSync(DIR + 'realistic-memory-sbe-corrected.cper'));
    const res = decodeInput(bytes);
    const text = cperJsonText(res.records, bufferReader(res.bytes));
    expect(text).toContain('"physicalAddressMask": 18446744073709551552');
  });
});
