import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { bufferReader, cperJsonText, cperJsonTextOf } from '../../shared/export/cper-json/index';

const DIR = 'tests/fixtures/corpus/libcper/';

/** The bulk-export path (lean records, no field trees, compact text) says exactly what the tree path says. */
describe('lean decode gives the same CPER-JSON as the tree decode', () => {
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.cper'))) {
    test(f, () => {
      const bytes = new Uint8Array(readFileSync(DIR + f));
      const tree = decodeInput(bytes);
      const lean = decodeInput(bytes, { lean: true });
      expect(lean.records.every((r) => r.lean)).toBe(true);
      const a = cperJsonText(tree.records, bufferReader(tree.bytes), tree.sections, 0);
      const b = cperJsonText(lean.records, bufferReader(lean.bytes), lean.sections, 0);
      expect(b).toBe(a);
      expect(JSON.parse(a)).toEqual(JSON.parse(cperJsonText(tree.records, bufferReader(tree.bytes), tree.sections, 2)));
    });
  }
});

describe('streaming bulk export (cperJsonTextOf) equals the tree path', () => {
  const files = readdirSync(DIR)
    .filter((n) => n.endsWith('.cper'))
    .sort();
  const all = files.map((f) => new Uint8Array(readFileSync(DIR + f)));
  const joined = new Uint8Array(all.reduce((n, b) => n + b.length, 0) * 12);
  let o = 0;
  for (let k = 0; k < 12; k++)
    for (const b of all) {
      joined.set(b, o);
      o += b.length;
    }
  for (const indent of [0, 2]) {
    test(`${all.length * 12} records back to back, indent ${indent}`, () => {
      const tree = decodeInput(joined);
      expect(cperJsonTextOf(joined, indent)).toBe(cperJsonText(tree.records, bufferReader(tree.bytes), tree.sections, indent));
    });
    test(`one record, indent ${indent}`, () => {
      const tree = decodeInput(all[0]);
      expect(cperJsonTextOf(all[0], indent)).toBe(cperJsonText(tree.records, bufferReader(tree.bytes), tree.sections, indent));
    });
  }
});
