import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../shared/cper/record';
import { encodeRecord, pstoreDmesgRecord } from '../../shared/cper/encode';
import { SECTION_MCE } from '../../shared/cper/guids';
import { kernelLog } from '../../shared/generate/kernel-log';
import { pstoreFileName } from '../../shared/pstore/names';
import { inflateDmesg, useInflater } from '../../shared/pstore/inflate';
import { findField } from '../../shared/decode/node';

const enc = new TextEncoder();
const dec = new TextDecoder();
const text = 'Panic#3 Part2\n' + kernelLog(400, 9);

function record(payload: Uint8Array, compressed: boolean) {
  return decodeRecord(pstoreDmesgRecord(0x6553f10000000005n, 0x6553f100n, payload, compressed));
}

describe('pstore dmesg payloads by kernel generation', () => {
  const cases: [string, Uint8Array, string][] = [
    [
      'Linux 4.19–6.5: raw deflate, 2 KiB window',
      new Uint8Array(deflateRawSync(enc.encode(text), { windowBits: 11, memLevel: 8 })),
      'deflate',
    ],
    ['Linux 6.6+: raw deflate, 32 KiB window', new Uint8Array(deflateRawSync(enc.encode(text), { windowBits: 15 })), 'deflate'],
    ['Linux ≤4.18: zlib-wrapped, window 12', new Uint8Array(deflateSync(enc.encode(text), { windowBits: 12, memLevel: 4 })), 'zlib'],
  ];
  for (const [name, payload, format] of cases) {
    it(name, () => {
      const r = record(payload, true);
      const p = r.sections[0].pstore!;
      expect(p.compression).toBe(format);
      expect(p.decompressed).toBe(true);
      expect(dec.decode(p.text)).toBe(text);
      expect([p.reason, p.count, p.part]).toEqual(['Panic', 3, 2]);
      expect(pstoreFileName(r.recordId!, p)).toBe(`dmesg-erst-${0x6553f10000000005n}`);
      expect(r.diagnostics).toEqual([]);
    });
  }

  it('the same bytes come out of fflate (browser) and native zlib (Node)', () => {
    const payload = new Uint8Array(deflateRawSync(enc.encode(text), { windowBits: 11 }));
    const prev = useInflater(undefined);
    try {
      expect(dec.decode(inflateDmesg(payload).data)).toBe(text);
    } finally {
      useInflater(prev);
    }
  });

  it('an undecodable stream keeps its bytes and is named .enc.z, as the kernel does', () => {
    const payload = new Uint8Array(deflateRawSync(enc.encode(text))).slice(0, 300);
    const r = record(payload, true);
    const p = r.sections[0].pstore!;
    expect(p.decompressed).toBe(false);
    expect(p.text).toEqual(payload);
    expect(pstoreFileName(r.recordId!, p)).toBe(`dmesg-erst-${0x6553f10000000005n}.enc.z`);
    expect(r.sections[0].diagnostics.map((d) => d.code)).toEqual(['pstore.decompress-failed']);
  });

  it('zstd is recognised and reported, not misread', () => {
    const r = record(Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4]), true);
    expect(r.sections[0].pstore!.compression).toBe('zstd');
    expect(r.sections[0].diagnostics[0].message).toMatch(/zstd/);
  });

  it('an inflation bomb stops at the limit instead of allocating', () => {
    const bomb = new Uint8Array(deflateRawSync(new Uint8Array(8 * 1024 * 1024)));
    const res = inflateDmesg(bomb, 1024 * 1024);
    expect(res.data).toBeUndefined();
    expect(res.error).toMatch(/inflate/);
  });

  it('a payload without a dump header is kept and flagged', () => {
    const r = record(enc.encode('<6>[    1.000000] no header here\n'), false);
    expect(r.sections[0].pstore!.reason).toBeUndefined();
    expect(r.sections[0].diagnostics.map((d) => d.code)).toContain('pstore.no-dump-header');
  });
});

describe('Linux MCE records (struct mce sized by the section length)', () => {
  function mce(size: number) {
    const b = new Uint8Array(size);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 0xbe00000000800400n, true); // VAL|UC|EN|MISCV|ADDRV|PCC, MCACOD 0x400
    if (size >= 24) dv.setBigUint64(16, 0x12345000n, true);
    if (size >= 66) b[65] = 4; // bank
    if (size >= 128) dv.setBigUint64(120, 0x10n, true);
    return decodeRecord(encodeRecord({ recordId: 7n, validationBits: 0, sections: [{ type: SECTION_MCE, body: b }] }));
  }

  it('decodes a 128-byte Linux 6.x struct mce with bit fields', () => {
    const r = mce(128);
    const body = r.sections[0].body!;
    expect(findField(body, 'bank')!.raw).toBe(4);
    expect(findField(body, 'uc')!.text).toBe('true');
    expect(findField(body, 'mcacod')!.raw).toBe(0x400);
    expect(findField(body, 'kflags')!.validity).toBe('valid');
    expect(r.sections[0].summary).toBe('MCE bank 4 status 0xbe00000000800400 addr 0x12345000');
    expect(r.timestamp.encoding).toBe('absent');
  });

  it('an 88-byte struct from an older kernel: later fields absent, noted as info', () => {
    const r = mce(88);
    expect(findField(r.sections[0].body!, 'synd')!.validity).toBe('absent');
    expect(r.sections[0].diagnostics.map((d) => [d.level, d.code])).toEqual([['info', 'mce.short']]);
  });

  it('an odd length is a warning', () => {
    expect(mce(50).sections[0].diagnostics[0].level).toBe('warning');
  });
});
