import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../shared/cper/record';
import { decodeInput } from '../../shared/input/index';
import { rng } from '../../shared/generate/rng';
import { corpusPath } from '../helpers/corpus';
import { syntheticRecords } from '../sections/synthetic';

const DIR = corpusPath('libcper');
const files = readdirSync(DIR).filter((f) => f.endsWith('.cper'));

/** A decoder that throws is caught by decodeRecord and reported as `section.decoder-failed`: that is a bug. */
function decoderFailures(bytes: Uint8Array): string[] {
  const r = decodeRecord(bytes);
  JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return r.sections
    .flatMap((s) => s.diagnostics)
    .filter((d) => d.code === 'section.decoder-failed')
    .map((d) => d.message);
}

describe('section decoders on damaged records', () => {
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(20));
  // The corpus files, then samples of the section types the corpus lacks (ARM RAS, NVIDIA event).
  const inputs = [
    ...files.map((f) => ({ file: f, bytes: () => new Uint8Array(readFileSync(`${DIR}/${f}`)) })),
    ...syntheticRecords().map((s) => ({ file: s.file, bytes: () => s.bytes })),
  ];
  for (const { file: f, bytes } of inputs) {
    it(`${f}: every truncation, 300 bit-flip variants, lying counts`, () => {
      const full = bytes();
      const failures = new Set<string>();
      for (let n = 0; n <= full.length; n++) for (const m of decoderFailures(full.subarray(0, n))) failures.add(`cut ${n}: ${m}`);
      const r = rng(f.length * 7919);
      for (let k = 0; k < 300; k++) {
        const b = full.slice();
        // Flip bits in the section bodies mostly: counts, lengths and offsets live there.
        for (let j = 0; j < 1 + Math.floor(r() * 6); j++) {
          const at = r() < 0.8 && b.length > 200 ? 200 + Math.floor(r() * (b.length - 200)) : Math.floor(r() * b.length);
          b[at] ^= 1 << Math.floor(r() * 8);
        }
        for (const m of decoderFailures(b)) failures.add(`flip variant ${k}: ${m}`);
      }
      // Every byte of the body set to 0xff: counts and lengths at their maximum.
      const ff = full.slice();
      ff.fill(0xff, Math.min(200, ff.length));
      for (const m of decoderFailures(ff)) failures.add(`0xff body: ${m}`);
      expect([...failures].slice(0, 5)).toEqual([]);
    });
  }

  it('text inputs never throw on garbage', () => {
    const r = rng(3);
    const alphabet = '0123456789abcdefABCDEF xX,:-[]{}+/=\n\tHardware Error CPER';
    for (let k = 0; k < 400; k++) {
      const text = Array.from({ length: Math.floor(r() * 600) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      decodeInput(new TextEncoder().encode(text));
      decodeInput(new TextEncoder().encode('[Hardware Error]: 00000000: ' + text));
    }
  });
});
