import { deflateSync, inflateSync, zlibSync } from 'fflate';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateHead, usePrefixInflater } from '../../shared/index/index';
import { inflateRawHead, inflateZlibHead } from '../../shared/bytes/puff';
import { nodePrefixInflater } from '../../main/services/index-inflate';
import { kernelLog } from '../../shared/generate/kernel-log';
import { parseDumpHeader } from '../../shared/pstore/header';
import { dumpHeaderOf } from '../../shared/index/dump-header';
import { Interner } from '../../shared/index/intern';

const enc = new TextEncoder();
const texts = Array.from({ length: 40 }, (_, i) => enc.encode(`Panic#${i + 1} Part${(i % 5) + 1}\n` + kernelLog(5 + i * 7, i)));

describe('the early-stopping deflate decoder', () => {
  it('gives the first bytes (and, asked for all, every byte) a full inflater gives, at every level', () => {
    for (const t of texts) {
      for (const level of [0, 1, 4, 6, 9] as const) {
        const z = deflateSync(t, { level });
        expect(inflateRawHead(z, 48)).toEqual(t.subarray(0, 48));
        expect(inflateRawHead(z, t.length + 10)).toEqual(inflateSync(z));
        expect(inflateZlibHead(zlibSync(t, { level }), 48)).toEqual(t.subarray(0, 48));
      }
    }
  });

  it('a stream cut short gives what was decoded; a corrupt one throws', () => {
    const z = deflateSync(texts[30], { level: 9 });
    const head = inflateRawHead(z.subarray(0, 40), 4096);
    expect(texts[30].subarray(0, head.length)).toEqual(head);
    expect(() => inflateRawHead(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]), 48)).toThrow();
    expect(() => inflateZlibHead(Uint8Array.from([0x78, 0x9c, 0xff, 0xff]), 48)).toThrow();
  });

  it('decodes dynamic blocks followed by stored and fixed ones, and every prefix of them, as zlib does', () => {
    // Node's deflate with flushes writes several dynamic blocks with empty stored blocks between
    // them (byte-aligned after the dynamic one's bits); Z_FIXED gives fixed blocks.
    for (const t of texts.slice(0, 2)) {
      for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY]) {
        const third = Math.floor(t.length / 3);
        const flushed = deflateRawSync(t.subarray(0, third), { level: 6, strategy, finishFlush: constants.Z_SYNC_FLUSH });
        // A sync-flushed stream and a finished one back to back are one stream.
        const whole = new Uint8Array(Buffer.concat([flushed, deflateRawSync(t.subarray(third), { level: 6, strategy })]));
        const expected = new Uint8Array(inflateRawSync(whole));
        expect(expected).toEqual(t);
        expect(inflateRawHead(whole, expected.length + 10)).toEqual(expected);
        for (let cut = 0; cut <= whole.length; cut += cut < 600 ? 1 : 61) {
          const head = inflateRawHead(whole.subarray(0, cut), expected.length);
          expect(expected.subarray(0, head.length)).toEqual(head);
        }
      }
    }
  });

  it('inflateHead reads the same header with Node zlib plugged in', () => {
    for (const t of texts.slice(0, 10)) {
      const z = deflateSync(t, { level: 6 });
      const ours = inflateHead(z);
      const prev = usePrefixInflater(nodePrefixInflater);
      try {
        const node = inflateHead(z);
        expect(node.format).toBe(ours.format);
        expect(node.head!.subarray(0, 48)).toEqual(ours.head!.subarray(0, 48));
      } finally {
        usePrefixInflater(prev);
      }
    }
    expect(inflateHead(Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0])).format).toBe('zstd');
  });
});

describe('the dump header read from bytes', () => {
  it('agrees with parseDumpHeader on good and bad lines', () => {
    const lines = [
      'Panic#1 Part1\nx',
      'Oops#12 Part3\n',
      'Emergency#4 Part128\nabc',
      'Panic#1 Part1',
      'Panic#1 part1\n',
      '#1 Part1\n',
      'Panic# Part1\n',
      'Panic#1 Part\n',
      'Pa1nic#1 Part1\n',
      'Panic#99999999999999999999 Part2\n',
      `${'A'.repeat(40)}#1 Part1\n`,
      `${'A'.repeat(34)}#1 Part1\n`,
      'Panic#1 Part1 \n',
      '',
    ];
    for (const l of lines) {
      const b = enc.encode(l);
      const want = parseDumpHeader(b);
      const reasons = new Interner();
      const got = dumpHeaderOf(b, reasons);
      expect(got ? { reason: reasons.values[got.reason], count: got.count, part: got.part, length: got.length } : undefined, l).toEqual(
        want,
      );
    }
  });
});
