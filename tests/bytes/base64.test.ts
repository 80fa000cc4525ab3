import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64Strict, toBase64 } from '../../shared/bytes/base64';

const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 131 + 7) & 255);

describe('the one base64', () => {
  it('writes what Node writes and reads it back, every length remainder and across chunk boundaries', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 47, 48, 49, 12287, 12288, 12289, 40000]) {
      const b = bytes(n);
      const s = toBase64(b);
      expect(s).toBe(Buffer.from(b).toString('base64'));
      expect(fromBase64(s)).toEqual(b);
      expect(fromBase64Strict(s)).toEqual(b);
    }
  });

  it('reads pasted text leniently: whitespace, no padding, the URL alphabet', () => {
    expect(fromBase64('QU JD\nRA')).toEqual(new TextEncoder().encode('ABCD'));
    expect(fromBase64('_-8')).toEqual(new Uint8Array([0xff, 0xef]));
    expect(fromBase64('Q')).toBeUndefined();
    expect(fromBase64('QU*D')).toBeUndefined();
  });

  it('accepts on the contract only what it writes', () => {
    expect(fromBase64Strict('QUJD')).toEqual(new TextEncoder().encode('ABC'));
    expect(fromBase64Strict('QUJD\n')).toBeUndefined();
    expect(fromBase64Strict('QUJ')).toBeUndefined();
    expect(fromBase64Strict('QU=D')).toBeUndefined();
    expect(fromBase64Strict('_-8=')).toBeUndefined();
  });
});
