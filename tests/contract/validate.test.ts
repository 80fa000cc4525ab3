import { describe, expect, it } from 'vitest';
import { CHANNELS, fromBase64, toBase64 } from '../../shared/contract/index';
import { ContractError, int, obj, oneOf, optional, str } from '../../shared/contract/validate';

describe('contract validators', () => {
  const v = obj({ id: str({ max: 4 }), n: int({ max: 10, tooLarge: true }), k: optional(oneOf(['a', 'b'] as const)) });

  it('accepts a matching object and drops nothing', () => {
    expect(v.check({ id: 'ab', n: 3, k: 'a' }, '')).toEqual({ id: 'ab', n: 3, k: 'a' });
    expect(v.check({ id: 'ab', n: 3 }, '')).toEqual({ id: 'ab', n: 3 });
  });

  it.each([
    [{ id: 'ab' }, 'bad-arguments', /n: expected an integer/],
    [{ id: 'ab', n: 1.5 }, 'bad-arguments', /n: expected an integer/],
    [{ id: 'ab', n: 11 }, 'too-large', /n: 11 is over the limit of 10/],
    [{ id: 'abcde', n: 1 }, 'too-large', /id: 5 chars/],
    [{ id: 'ab', n: 1, extra: 1 }, 'bad-arguments', /extra: unknown argument/],
    [{ id: 'ab', n: 1, k: 'c' }, 'bad-arguments', /k: expected one of a, b/],
    [[1], 'bad-arguments', /expected an object/],
    [null, 'bad-arguments', /expected an object/],
  ])('refuses %j with %s', (input, code, msg) => {
    try {
      v.check(input, '');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ContractError);
      expect((e as ContractError).code).toBe(code);
      expect((e as Error).message).toMatch(msg);
    }
  });

  it('base64 round-trips every length and refuses garbage', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const text = toBase64(b);
      expect(text).toBe(Buffer.from(b).toString('base64'));
      expect(fromBase64(text)).toEqual(b);
    }
    expect(fromBase64('ab$=')).toBeUndefined();
    expect(fromBase64('abc')).toBeUndefined();
  });

  it('every channel has a validator and a doc line', () => {
    for (const [name, spec] of Object.entries(CHANNELS)) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(typeof spec.args.check).toBe('function');
      expect(spec.doc.length).toBeGreaterThan(10);
    }
  });
});
