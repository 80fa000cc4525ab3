/**
 * One test per declaration, on the real libcper sample of each section type: the body's field
 * spans cover its bytes exactly once (no overlaps, no gaps), a truncated body marks the fields
 * past its end absent, and a body whose validation bits are cleared marks gated fields invalid.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ByteReader } from '../../shared/bytes/reader';
import type { DecodedSection } from '../../shared/cper/record';
import type { FieldNode } from '../../shared/decode/node';
import { decodeInput } from '../../shared/input/index';
import { sectionDecoderFor } from '../../shared/sections/registry';
import { syntheticRecords } from './synthetic';

const DIR = 'tests/fixtures/corpus/libcper/';

/** The nodes that own bytes: a node whose children are byte fields is a container, not an owner. */
function owners(n: FieldNode, out: FieldNode[] = []): FieldNode[] {
  const kids = (n.children ?? []).filter((c) => c.type !== 'bits');
  if (kids.length === 0) {
    if (n.validity !== 'absent' && n.length > 0) out.push(n);
    return out;
  }
  for (const c of kids) owners(c, out);
  return out;
}

function coverage(body: FieldNode, start: number, length: number): string[] {
  const problems: string[] = [];
  const spans = owners(body).sort((a, b) => a.offset - b.offset || a.length - b.length);
  let at = start;
  for (const s of spans) {
    if (s.offset < at) problems.push(`overlap: ${s.key} [${s.offset - start}, +${s.length}) starts before ${at - start}`);
    else if (s.offset > at) problems.push(`gap: [${at - start}, ${s.offset - start})`);
    at = Math.max(at, s.offset + s.length);
  }
  if (at < start + length) problems.push(`gap at the end: [${at - start}, ${length})`);
  if (at > start + length) problems.push(`spans run past the body: ${at - start} > ${length}`);
  return problems;
}

interface Sample {
  file: string;
  bytes: Uint8Array;
  sec: DecodedSection;
}

/** The first sample of each section type in the corpus, then in the synthetic samples (types the corpus lacks). */
function samples(): Sample[] {
  const seen = new Set<string>();
  const out: Sample[] = [];
  const inputs = readdirSync(DIR)
    .filter((n) => n.endsWith('.cper'))
    .sort()
    .map((f) => ({ file: f, bytes: new Uint8Array(readFileSync(DIR + f)) }));
  for (const { file: f, bytes } of [...inputs, ...syntheticRecords()]) {
    for (const rec of decodeInput(bytes).records) {
      for (const sec of rec.sections) {
        if (seen.has(sec.type) || !sec.body) continue;
        seen.add(sec.type);
        out.push({ file: f, bytes, sec });
      }
    }
  }
  return out;
}

const SAMPLES = samples();

function walk(n: FieldNode, fn: (n: FieldNode) => void): void {
  fn(n);
  for (const c of n.children ?? []) walk(c, fn);
}

describe('spans of each declaration cover the real sample exactly once', () => {
  test('the corpus has samples', () => expect(SAMPLES.length).toBeGreaterThan(15));
  for (const { file, sec } of SAMPLES) {
    test(`${sec.name} (${file})`, () => {
      expect(coverage(sec.body!, sec.offset, sec.length)).toEqual([]);
    });
  }
});

describe('a truncated body marks later fields absent', () => {
  for (const { file, bytes, sec } of SAMPLES) {
    test(`${sec.name} (${file})`, () => {
      const cut = Math.floor(sec.length / 2);
      const r = new ByteReader(bytes);
      const body = sectionDecoderFor(sec.type).decode(r, sec.offset, cut).node;
      const end = sec.offset + cut;
      let absent = 0;
      walk(body, (n) => {
        if (n === body || n.type === 'bits' || n.type === 'array' || n.type === 'struct') return;
        if (n.offset + n.length > end && n.length > 0) {
          // Fixed fields past the cut are absent; variable parts are clipped to what is present.
          if (n.validity === 'absent') absent++;
          else expect(n.offset + n.length, `${n.key} spans past the cut`).toBeLessThanOrEqual(end);
        } else if (n.offset + n.length <= end) {
          expect(n.validity, `${n.key} is inside the cut`).not.toBe('absent');
        }
      });
      if (cut < 16) return;
      expect(absent + owners(body).length).toBeGreaterThan(0);
    });
  }
});

describe('cleared validation bits mark gated fields invalid', () => {
  for (const { file, bytes, sec } of SAMPLES) {
    const vb = sec.body!.children?.find((c) => c.key === 'validationBits' && c.type !== 'bits');
    if (!vb) continue;
    test(`${sec.name} (${file})`, () => {
      const copy = bytes.slice();
      copy.fill(0, vb.offset, vb.offset + vb.length);
      const body = sectionDecoderFor(sec.type).decode(new ByteReader(copy), sec.offset, sec.length).node;
      const before = new Map<string, FieldNode>();
      for (const c of sec.body!.children ?? []) before.set(c.key, c);
      let invalid = 0;
      for (const c of body.children ?? []) {
        if (c.validity === 'invalid') invalid++;
        // Nothing becomes more valid when its bit is cleared.
        if (before.get(c.key)?.validity === 'invalid') expect(c.validity, c.key).toBe('invalid');
      }
      expect(invalid).toBeGreaterThan(0);
    });
  }
});
