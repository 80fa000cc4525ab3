import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../shared/cper/record';
import { recordHasErrors } from '../../shared/index/record-errors';

const DIR = 'tests/fixtures/corpus/libcper';
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.cper'))
  .sort()
  .map((f) => ({ f, b: new Uint8Array(readFileSync(join(DIR, f))) }));

function decodedHasErrors(b: Uint8Array, avail: number): boolean {
  const rec = decodeRecord(b, 0, { maxLength: avail, lean: true });
  return [rec.diagnostics, ...rec.sections.map((s) => s.diagnostics)].some((l) => l.some((d) => d.level === 'error'));
}

/** Copies of a record with its lengths, counts and sections bent in the ways decoders report. */
function variants(b: Uint8Array): { name: string; b: Uint8Array; avail: number }[] {
  const out: { name: string; b: Uint8Array; avail: number }[] = [{ name: 'as is', b, avail: b.length }];
  const edit = (name: string, f: (c: Uint8Array, dv: DataView) => void) => {
    const c = b.slice();
    f(c, new DataView(c.buffer));
    out.push({ name, b: c, avail: c.length });
  };
  for (const cut of [0, 4, 100, 128, 150, 200, b.length - 40, b.length - 1])
    if (cut >= 0 && cut < b.length) out.push({ name: `cut at ${cut}`, b: b.slice(0, cut), avail: cut });
  edit('bad signature', (c) => (c[0] = 0x41));
  edit('length too small', (_, dv) => dv.setUint32(20, 64, true));
  edit('length past end', (_, dv) => dv.setUint32(20, b.length + 500, true));
  edit('no sections', (_, dv) => dv.setUint16(10, 0, true));
  edit('too many sections', (_, dv) => dv.setUint16(10, 40, true));
  edit('section offset past end', (_, dv) => dv.setUint32(128, b.length + 8, true));
  edit('section length past end', (_, dv) => dv.setUint32(132, b.length, true));
  edit('section length 8', (_, dv) => dv.setUint32(132, 8, true));
  edit('section body zeroed', (c, dv) => c.fill(0, dv.getUint32(128, true), c.length));
  edit('section body 0xff', (c, dv) => c.fill(0xff, dv.getUint32(128, true) + 2, c.length));
  return out;
}

describe('recordHasErrors', () => {
  it('gives the verdict of the full decode on every sample and its bent copies', () => {
    let errors = 0;
    let checked = 0;
    for (const { f, b } of samples) {
      for (const v of variants(b)) {
        expect(recordHasErrors(v.b, 0, v.avail), `${f}: ${v.name}`).toBe(decodedHasErrors(v.b, v.avail));
        if (decodedHasErrors(v.b, v.avail)) errors++;
        checked++;
      }
    }
    // Both verdicts occur, so the comparison says something either way.
    expect(errors).toBeGreaterThan(samples.length * 5);
    expect(checked - errors).toBeGreaterThan(samples.length);
  });

  it('reads a record in the middle of a larger buffer', () => {
    const { b } = samples[0];
    const big = new Uint8Array(b.length + 300);
    big.set(b, 100);
    expect(recordHasErrors(big, 100, b.length, 4096)).toBe(false);
    expect(recordHasErrors(big, 100, b.length - 1, 4096)).toBe(true);
  });
});
