import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { compareJson, parseLossless } from './libcper-compare';

const DIR = 'tests/fixtures/libcper-head/';

describe("libcper's own examples at its head: every JSON field equal", () => {
  for (const j of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    test(j, () => {
      const hex = readFileSync(DIR + j.replace(/\.json$/, '.cperhex'), 'utf8').replace(/\s+/g, '');
      const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
      const res = decodeInput(bytes);
      expect(res.kind).toBe('cper');
      const ours = cperJsonText(res.records, bufferReader(res.bytes), res.sections);
      const theirs = parseLossless(readFileSync(DIR + j, 'utf8'));
      const cmp = compareJson(theirs, parseLossless(ours));
      expect(cmp.mismatches).toEqual([]);
      expect(cmp.matched).toBeGreaterThan(10);
      // Nothing beyond what libcper writes either: the same walk the other way round.
      expect(compareJson(parseLossless(ours), theirs).mismatches).toEqual([]);
    });
  }
});
