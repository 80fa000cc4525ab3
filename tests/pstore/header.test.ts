/**
 * The `Reason#count PartN\n` line pstore writes at the start of every dmesg part, read by one
 * byte scan for whole decodes and the index: checked against the line's grammar written as a
 * regular expression over the first 48 bytes (the kernel's header is short ASCII).
 */
import { describe, expect, it } from 'vitest';
import { parseDumpHeader } from '../../shared/pstore/header';

const GRAMMAR = /^([A-Za-z]+)#(\d+) Part(\d+)\n/;
const enc = new TextEncoder();

function byGrammar(b: Uint8Array) {
  const m = GRAMMAR.exec(String.fromCharCode(...b.subarray(0, 48)));
  return m ? { reason: m[1], count: Number(m[2]), part: Number(m[3]), length: m[0].length } : undefined;
}

describe('the dump header line', () => {
  it('reads what Linux writes', () => {
    expect(parseDumpHeader(enc.encode('Panic#3 Part12\n<0>[  1.0] x'))).toEqual({ reason: 'Panic', count: 3, part: 12, length: 15 });
    expect(parseDumpHeader(enc.encode('Oops#1 Part1\n'))).toEqual({ reason: 'Oops', count: 1, part: 1, length: 13 });
  });

  it('refuses anything else, and agrees with the grammar on every line built from good and broken pieces', () => {
    const slots = [
      ['Panic', 'a', 'A'.repeat(30), '', 'Pa1nic', '\u00e9'],
      ['#', '', '##'],
      ['1', '42', '', '9'.repeat(20)],
      [' Part', 'Part', ' part', ' Part '],
      ['1', '12', '', '9'.repeat(20)],
      ['\n', '', '\r\n', ' \n'],
    ];
    let lines = [''];
    for (const alternatives of slots) lines = lines.flatMap((l) => alternatives.map((a) => l + a));
    let parsed = 0;
    for (const l of lines) {
      const b = Uint8Array.from(l + 'x', (c) => c.charCodeAt(0) & 0xff);
      const want = byGrammar(b);
      if (want) parsed++;
      expect(parseDumpHeader(b), JSON.stringify(l)).toEqual(want);
    }
    // Only lines whose every piece is good parse (and not those longer than 48 bytes).
    expect(parsed).toBeGreaterThan(20);
    expect(parsed).toBeLessThan(lines.length / 10);
  });
});
