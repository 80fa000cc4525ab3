/**
 * ARM error information `type`: UEFI 2.9A (and Linux's cper-arm.c) read it as a bitmap with
 * bit 1 cache, bit 2 TLB, bit 3 bus, bit 4 micro-architectural; libcper reads the byte as a value
 * (1 cache, 2 TLB, 4 bus, 8 micro-architectural). The tree, the summary and the kernel text use
 * the UEFI reading and name libcper's where it differs; the CPER-JSON keeps libcper's.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { kernelText } from '../../shared/export/kernel-text/index';
import { decodeInput } from '../../shared/input/index';
import { errorTypeReading } from '../../shared/sections/arm';

test('the four readers agree on the corpus ARM record (type 4)', () => {
  const bytes = new Uint8Array(readFileSync('tests/fixtures/corpus/libcper/multi-generic-ia32x64-arm.cper'));
  const res = decodeInput(bytes);
  const sec = res.records[0].sections.find((s) => s.name === 'ARM')!;
  const info = sec.body!.children!.find((c) => c.key === 'errorInfo')!.children![0];
  const typeNode = info.children!.find((c) => c.key === 'type')!;
  expect(Number(typeNode.raw)).toBe(4);
  expect(typeNode.text).toContain('TLB error (libcper reads 4 as Bus Error)');
  expect(sec.summary).toContain('error types (UEFI 2.9A): TLB error (libcper reads 4 as Bus Error)');
  expect(kernelText(res.records, bufferReader(res.bytes))).toContain('error_type: 0x04: TLB error');
  const json = JSON.parse(cperJsonText(res.records, bufferReader(res.bytes))) as {
    sections: { ArmProcessor?: { errorInfo: { errorType: unknown }[] } }[];
  };
  expect(json.sections.find((s) => s.ArmProcessor)!.ArmProcessor!.errorInfo[0].errorType).toEqual({ value: 4, name: 'Bus Error' });
});

test('readings: agreeing, differing, several bits, reserved', () => {
  expect(errorTypeReading(2)).toBe('cache error (libcper reads 2 as TLB Error)');
  expect(errorTypeReading(1)).toBe('no error type with reserved bit(s) (libcper reads 1 as Cache Error)');
  expect(errorTypeReading(6)).toBe('cache error + TLB error (libcper reads 6 as Unknown (Reserved))');
  expect(errorTypeReading(0x10)).toBe('micro-architectural error (libcper reads 16 as Unknown (Reserved))');
});
