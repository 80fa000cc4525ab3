/**
 * An array element's kernel text is gated by its 64-bit validation word tested bit by bit, as
 * Linux tests it: a word with high bits set (past 2^53, where a double drops the low bits)
 * prints the same element lines as the word's low bits alone.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { decodeRecord } from '../../shared/cper/record';
import { recordKernelLines } from '../../shared/export/kernel-text/index';
import { corpusPath } from '../helpers/corpus';

test('IA32/X64 error information lines: high validation bits do not hide the low ones', () => {
  const bytes = new Uint8Array(readFileSync(corpusPath('libcper', 'multi-generic-ia32x64-arm.cper')));
  const sec = decodeRecord(bytes).sections.find((s) => s.name === 'IA32/X64')!;
  // The first error information structure follows the 64-byte section head; its validation word is at +16.
  const word = sec.offset + 64 + 16;
  const before = recordKernelLines(decodeRecord(bytes));
  const low = bytes[word];
  expect(low & 0x1f, 'the sample validates some of the element lines').not.toBe(0);
  bytes[word + 7] |= 0x80;
  const after = recordKernelLines(decodeRecord(bytes));
  const element = (lines: string[]) => lines.slice(lines.findIndex((l) => /Error Information Structure 0:/.test(l)));
  expect(element(before).length).toBeGreaterThan(3);
  expect(element(after)).toEqual(element(before));
});
