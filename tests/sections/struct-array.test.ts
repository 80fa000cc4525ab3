/**
 * The declared-array walker (sections/arrays.ts structArray) on the libcper corpus's ARM and
 * IA32/X64 records: the arrays' spans, and the diagnostics when an element or its register
 * array runs past the section, pointing at the count or at the element's size field.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { decodeRecord } from '../../shared/cper/record';
import type { FieldNode } from '../../shared/decode/node';
import { corpusPath } from '../helpers/corpus';

const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(corpusPath('libcper', name)));
const child = (n: FieldNode | undefined, key: string): FieldNode => n!.children!.find((c) => c.key === key)!;

function section(bytes: Uint8Array, name = 'ARM') {
  const sec = decodeRecord(bytes).sections.find((s) => s.name === name)!;
  return { sec, body: sec.body! };
}

test('ARM: four error information structures and one context, each byte once', () => {
  const { sec, body } = section(sample('arm.cper'));
  const errors = child(body, 'errorInfo');
  const contexts = child(body, 'contextInfo');
  expect(errors.children!.map((c) => [c.key, c.offset, c.length])).toEqual([
    ['errorInfo0', sec.offset + 40, 32],
    ['errorInfo1', sec.offset + 72, 32],
    ['errorInfo2', sec.offset + 104, 32],
    ['errorInfo3', sec.offset + 136, 32],
  ]);
  expect([errors.offset, errors.length]).toEqual([sec.offset + 40, 128]);
  // The context spans its 8-byte header and its register array (size field: 96).
  expect(contexts.children!.map((c) => [c.key, c.offset, c.length])).toEqual([['context0', sec.offset + 168, 104]]);
  expect(child(body, 'vendorSpecificInfo').offset).toBe(sec.offset + 272);
  expect(sec.diagnostics.filter((d) => d.code.startsWith('arm.'))).toEqual([]);
});

test('ARM: an error count past the section stops at the first structure that does not fit', () => {
  const bytes = sample('arm.cper');
  const at = decodeRecord(bytes).sections[0].offset;
  new DataView(bytes.buffer).setUint16(at + 4, 9, true);
  const { sec, body } = section(bytes);
  // 284 bytes: structures 0..6 fit (40 + 7 * 32 = 264); the eighth would end at 296.
  expect(child(body, 'errorInfo').children!.length).toBe(7);
  const d = sec.diagnostics.find((x) => x.code === 'arm.error-info-truncated')!;
  expect([d.offset, d.length]).toEqual([at + 264, 20]);
  expect(d.message).toBe("error information 7 of 9 (32 bytes at 264) runs past the section's 284 bytes");
});

test('a register array past the section: the context keeps what is present, the diagnostic points at its size field', () => {
  for (const [file, name, tag] of [
    ['arm.cper', 'ARM', 'arm'],
    ['multi-generic-ia32x64-arm.cper', 'IA32/X64', 'ia32'],
  ] as const) {
    const bytes = sample(file);
    const first = section(bytes, name);
    const ctx = child(first.body, 'contextInfo').children![0];
    const size = child(ctx, 'size');
    const end = first.sec.offset + first.sec.length;
    // Claim more register bytes than the section holds.
    bytes[size.offset] = 0xff;
    bytes[size.offset + 1] = 0x7f;
    const { sec, body } = section(bytes, name);
    const d = sec.diagnostics.find((x) => x.code === `${tag}.register-array-truncated`)!;
    expect([d.offset, d.length]).toEqual([size.offset, size.length]);
    const after = child(body, 'contextInfo').children![0];
    expect(after.offset + after.length).toBe(end);
    expect(d.message).toMatch(/^context 0 register array of \d+ bytes runs past the section end; \d+ present$/);
  }
});
