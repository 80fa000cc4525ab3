import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../shared/cper/encode';
import { decodeRecord } from '../../shared/cper/record';
import { putValue } from '../../shared/decode/encode';
import { readValue, T } from '../../shared/decode/plan';

describe('encoding goes through the declarations', () => {
  it('each put is the inverse of its get', () => {
    const b = new Uint8Array(32);
    const cases: [number, number, number | bigint | string | Uint8Array][] = [
      [T.U8, 1, 0xab],
      [T.U16, 2, 0xbeef],
      [T.U32, 4, 0xdeadbeef],
      [T.U64, 8, 0xfedcba9876543210n],
      [T.GUID, 16, 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1'],
      [T.ASCII, 8, 'CPER'],
      [T.BYTES, 4, new Uint8Array([1, 2, 3, 4])],
    ];
    for (const [type, size, value] of cases) {
      b.fill(0);
      putValue(b, 3, type, size, value);
      expect(readValue(b, 3, type, size)).toEqual(value);
    }
  });

  it('a record encoded from values decodes to the same values', () => {
    const bytes = encodeRecord({
      recordId: 0x6b0250f700000001n,
      severity: 2,
      validationBits: 7,
      timestamp: 1_763_776_000n,
      flags: 4,
      revision: 0x0102,
      platformId: '11111111-2222-3333-4444-555555555555',
      partitionId: '66666666-7777-8888-9999-aaaaaaaaaaaa',
      sections: [
        {
          type: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1',
          body: new Uint8Array(80),
          severity: 2,
          flags: 1,
          validationBits: 3,
          fruId: 'bbbbbbbb-cccc-dddd-eeee-ffffffffffff',
          fruText: 'DIMM A1',
        },
      ],
    });
    const rec = decodeRecord(bytes, 0);
    expect(rec.signatureOk).toBe(true);
    expect([rec.recordId, rec.severity, rec.validationBits, rec.flags, rec.revision, rec.recordLength, rec.sectionCount]).toEqual([
      '7710814533798854657',
      2,
      7,
      4,
      0x0102,
      bytes.length,
      1,
    ]);
    expect([rec.platformId, rec.partitionId, rec.timestamp.encoding]).toEqual([
      '11111111-2222-3333-4444-555555555555',
      '66666666-7777-8888-9999-aaaaaaaaaaaa',
      'unix',
    ]);
    const s = rec.sections[0];
    expect([s.type, s.severity, s.offset, s.length, s.name]).toEqual([
      'a5bc1114-6f64-4ede-b863-3e83ed7c83b1',
      2,
      128 + 72,
      80,
      'Platform Memory Error',
    ]);
    expect(s.descriptor.children?.find((c) => c.key === 'fruText')?.text).toBe('"DIMM A1"');
    expect(rec.diagnostics).toEqual([]);
  });
});
