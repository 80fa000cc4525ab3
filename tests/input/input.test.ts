import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { toBase64 } from '../../shared/bytes/base64';
import { hexDump } from '../../shared/export/kernel-text/hexdump';

const DIR = 'tests/fixtures/corpus/libcper/';
const rec = new Uint8Array(readFileSync(DIR + 'memory.cper'));
const enc = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('decodeInput forms', () => {
  test('binary record', () => {
    const r = decodeInput(rec);
    expect([r.kind, r.form, r.records.length]).toEqual(['cper', 'binary', 1]);
  });
  test('several records back to back', () => {
    const two = new Uint8Array(rec.length * 2);
    two.set(rec);
    two.set(rec, rec.length);
    const r = decodeInput(two);
    expect(r.records.map((x) => x.offset)).toEqual([0, rec.length]);
  });
  test('section-only file', () => {
    const r = decodeInput(new Uint8Array(readFileSync(DIR + 'section-memory.cpersection')));
    expect(r.kind).toBe('section');
    expect(r.sections[0].name).toBe('Platform Memory Error');
  });
  test('hex text as pasted (WHEA RawData, spaced, 0x-prefixed)', () => {
    for (const t of [hex(rec), hex(rec).toUpperCase().replace(/(..)/g, '$1 '), hex(rec).replace(/(..)/g, '0x$1, ')]) {
      const r = decodeInput(enc(t));
      expect([r.form, r.records.length, r.records[0].sections[0].name]).toEqual(['hex', 1, 'Platform Memory Error']);
    }
  });
  test('base64 text (Redfish DiagnosticData)', () => {
    const r = decodeInput(enc(toBase64(rec) + '\n'));
    expect([r.form, r.records.length]).toEqual(['base64', 1]);
    expect(Buffer.compare(Buffer.from(r.bytes), Buffer.from(rec))).toBe(0);
  });
  test('[Hardware Error] hex-dump lines in dmesg/journal text are reassembled', () => {
    const dump = hexDump('[Hardware Error]: ', rec, 4, true);
    const text = [
      '[    0.000000] Linux version 6.1.0',
      ...dump.slice(0, 5).map((l) => `[   12.3456] ${l}`),
      ...dump.slice(5).map((l) => `Mar 14 09:26:53 host kernel: ${l}`),
      '[   13.0] other line',
    ].join('\n');
    const r = decodeInput(enc(text));
    expect(r.form).toBe('kernel-text');
    expect(r.records).toHaveLength(1);
    expect(Buffer.compare(Buffer.from(r.bytes), Buffer.from(rec))).toBe(0);
  });
  test('GHES {n} prefix and groupsize-1 dumps', () => {
    const text = hexDump('{1}[Hardware Error]: ', rec, 1, false).join('\n');
    const r = decodeInput(enc(text));
    expect(r.records).toHaveLength(1);
  });
  test('a hex-dump offset far past the bytes present is reported, not padded', () => {
    // 37 bytes of text claiming offset 0x10000000: filling the gap would take 256 MiB of zeros.
    const text = '[Hardware Error]: 10000000: 00000000\n';
    expect(text.length).toBe(37);
    const r = decodeInput(enc(text));
    expect(r.form).toBe('kernel-text');
    expect(r.bytes.length).toBe(4);
    const gap = r.diagnostics.find((d) => d.code === 'input.kernel-dump-gap');
    expect(gap?.message).toContain('0x10000000');
  });
  test('a gap inside a dump: filled when within the bytes present, reported when not', () => {
    const lines = hexDump('[Hardware Error]: ', rec, 4, true);
    // One dropped line (16 bytes) in a dump of many: filled with zeros, offsets kept.
    const dropped = decodeInput(enc([...lines.slice(0, 3), ...lines.slice(4)].join('\n')));
    expect(dropped.bytes.length).toBe(rec.length);
    expect(Buffer.compare(Buffer.from(dropped.bytes.subarray(64)), Buffer.from(rec.subarray(64)))).toBe(0);
    expect(Array.from(dropped.bytes.subarray(48, 64))).toEqual(new Array(16).fill(0));
    expect(dropped.records).toHaveLength(1);
    // A forged line far beyond: the dump is cut there, the rest kept apart, nothing allocated for the hole.
    const forged = decodeInput(enc([...lines, '[Hardware Error]: 7ffffff0: 00000001 00000002'].join('\n')));
    expect(forged.bytes.length).toBe(rec.length + 8);
    expect(forged.records).toHaveLength(1);
    expect(forged.diagnostics.some((d) => d.code === 'input.kernel-dump-gap' && d.message.includes('0x7ffffff0'))).toBe(true);
  });
  test('garbage: unknown kind with an error diagnostic', () => {
    const r = decodeInput(new Uint8Array(64).fill(7));
    expect(r.kind).toBe('unknown');
    expect(r.diagnostics.some((d) => d.level === 'error')).toBe(true);
  });
});
