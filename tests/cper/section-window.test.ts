import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordExtent } from '../../shared/cper/layout';
import { decodeRecord } from '../../shared/cper/record';
import { cperJsonText } from '../../shared/export/cper-json';
import { bufferReader } from '../../shared/export/cper-json/record';
import { recordHasErrors } from '../../shared/index/record-errors';

const DIR = 'tests/fixtures/corpus/libcper';
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.cper'))
  .sort()
  .map((f) => ({ f, b: new Uint8Array(readFileSync(join(DIR, f))) }));

/** A copy of `b` whose first section descriptor names `len` bytes at `off`. */
function withFirstSection(b: Uint8Array, off: number, len: number): Uint8Array {
  const c = b.slice();
  const dv = new DataView(c.buffer);
  dv.setUint32(128, off, true);
  dv.setUint32(132, len, true);
  return c;
}

const codes = (b: Uint8Array) =>
  decodeRecord(b, 0, { lean: true })
    .sections[0].diagnostics.map((d) => d.code)
    .filter((c) => c.startsWith('section.'));
const firstSectionJson = (b: Uint8Array) => {
  const rec = decodeRecord(b);
  return (JSON.parse(cperJsonText([rec], bufferReader(b))) as { sections: unknown[] }).sections[0];
};

// The record decoder, the error verdict and the CPER-JSON writer all take a section body's
// window from cper/layout's sectionPresent: at its edges they must agree.
describe.each(samples)('a section body at the edge of the record: $f', ({ b }) => {
  const extent = recordExtent(new DataView(b.buffer, b.byteOffset).getUint32(20, true), b.length);
  const off = new DataView(b.buffer, b.byteOffset).getUint32(128, true);

  it('a body ending on the last byte is whole', () => {
    const c = withFirstSection(b, off, extent - off);
    expect(codes(c)).not.toContain('section.length-past-end');
    expect(codes(c)).not.toContain('section.offset-past-end');
  });

  it('a body one byte longer is cut to what is present, and the JSON writes the same bytes', () => {
    const whole = withFirstSection(b, off, extent - off);
    const cut = withFirstSection(b, off, extent - off + 1);
    expect(codes(cut)).toContain('section.length-past-end');
    expect(recordHasErrors(cut, 0, cut.length)).toBe(true);
    expect(firstSectionJson(cut)).toEqual(firstSectionJson(whole));
  });

  it('a body starting at the end is absent: no body, an error, an empty Unknown section', () => {
    const c = withFirstSection(b, extent, 16);
    expect(codes(c)).toContain('section.offset-past-end');
    expect(decodeRecord(c).sections[0].body).toBeUndefined();
    expect(recordHasErrors(c, 0, c.length)).toBe(true);
    expect(firstSectionJson(c)).toEqual({ Unknown: { data: '' } });
  });
});
