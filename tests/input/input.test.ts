import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { toBase64 } from '../../shared/export/cper-json/base64';
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
  test('garbage: unknown kind with an error diagnostic', () => {
    const r = decodeInput(new Uint8Array(64).fill(7));
    expect(r.kind).toBe('unknown');
    expect(r.diagnostics.some((d) => d.level === 'error')).toBe(true);
  });
});
