/**
 * The kernel's [Hardware Error] report read back into records: the project's own kernel text of
 * every corpus record (known sections decoded, unknown ones as hex dumps), and the same lines as
 * dmesg, journalctl -k and syslog print them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SECTION_MCE } from '../../shared/cper/guids';
import { bufferReader } from '../../shared/export/cper-json/index';
import { kernelText } from '../../shared/export/kernel-text/index';
import { decodeInput } from '../../shared/input/index';
import { readKernelReport } from '../../shared/input/kernel-report';

const DIR = 'tests/fixtures/corpus/libcper/';
const enc = (s: string) => new TextEncoder().encode(s);
const MEMORY = 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1';

function exported(file: string) {
  const res = decodeInput(new Uint8Array(readFileSync(DIR + file)));
  return { res, text: kernelText(res.records, bufferReader(res.bytes), res.sections) };
}

describe('export --text reads back: records, sections, severities, FRU; unknown bodies byte for byte', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.cper'))) {
    test(f, () => {
      const { res, text } = exported(f);
      const back = decodeInput(enc(text));
      expect(back.form).toBe('kernel-text');
      const want = res.records.filter((r) => r.sections.length && r.sections[0].type !== SECTION_MCE);
      expect(back.records.length).toBe(want.length);
      back.records.forEach((r, i) => {
        const o = want[i];
        expect(r.severity).toBe(o.severity);
        expect(r.sections.map((s) => [s.type, s.severity])).toEqual(o.sections.map((s) => [s.type, s.severity]));
        r.sections.forEach((s, k) => {
          const os = o.sections[k];
          const fru = (sec: typeof s) =>
            sec.descriptor.children?.find((c) => c.key === 'fruId')?.validity === 'valid'
              ? sec.descriptor.children.find((c) => c.key === 'fruId')!.text
              : undefined;
          expect(fru(s)).toBe(fru(os));
          const known = text.includes(`section type: unknown, ${os.type}`);
          if (known)
            expect(
              Buffer.compare(
                Buffer.from(back.bytes.subarray(s.offset, s.offset + s.length)),
                Buffer.from(res.bytes.subarray(os.offset, os.offset + os.length)),
              ),
            ).toBe(0);
        });
      });
    });
  }
});

test('a memory error is rebuilt from its printed fields', () => {
  const { res, text } = exported('realistic-memory-sbe-corrected.cper');
  const back = decodeInput(enc(text));
  const s = back.records[0].sections[0];
  expect(s.type).toBe(MEMORY);
  // The kernel text of the rebuilt record is the text it was read from.
  expect(kernelText(back.records, bufferReader(back.bytes))).toBe(text);
  expect(res.records[0].sections[0].type).toBe(MEMORY);
});

test('dmesg, journalctl -k and syslog prefixes; GHES {n} tags; other lines between', () => {
  const { res, text } = exported('pstore-dmesg-erst-synthetic.cper');
  const lines = text.trimEnd().split('\n');
  const forms = [
    lines.map((l, i) => `[  ${(12.5 + i / 1000).toFixed(6)}] {3}${l}`),
    lines.map((l) => `Mar 14 09:26:53 host kernel: ${l}`),
    lines.map((l) => `2025-03-14T09:26:53.123456+00:00 host kernel: [   12.500000] ${l}`),
  ];
  for (const f of forms) {
    const back = decodeInput(
      enc(['[    0.000000] Linux version 6.1.0', ...f, 'Mar 14 09:26:54 host systemd[1]: something else'].join('\n')),
    );
    expect(back.records).toHaveLength(1);
    const [a, b] = [back.records[0].sections[0], res.records[0].sections[0]];
    expect(a.type).toBe(b.type);
    expect(
      Buffer.compare(
        Buffer.from(back.bytes.subarray(a.offset, a.offset + a.length)),
        Buffer.from(res.bytes.subarray(b.offset, b.offset + b.length)),
      ),
    ).toBe(0);
    expect(back.diagnostics.some((d) => d.code === 'input.kernel-report')).toBe(true);
  }
});

test('a real-format GHES report: section type unknown with its hex dump (Linux print_hex_dump)', () => {
  const text = [
    '[ 1234.567890] {1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0',
    '[ 1234.567891] {1}[Hardware Error]: event severity: recoverable',
    '[ 1234.567892] {1}[Hardware Error]:  Error 0, type: recoverable',
    '[ 1234.567893] {1}[Hardware Error]:   section type: unknown, 5e4706c1-5356-48c6-930b-52f2120a4458',
    '[ 1234.567894] {1}[Hardware Error]:   section length: 0x14',
    '[ 1234.567895] {1}[Hardware Error]:   00000000: 00000001 00000002 00000003 00000004  ................',
    '[ 1234.567896] {1}[Hardware Error]:   00000010: 00000005                             ....',
  ].join('\n');
  const r = decodeInput(enc(text));
  expect(r.records).toHaveLength(1);
  const s = r.records[0].sections[0];
  expect([s.type, s.severity, s.length]).toEqual(['5e4706c1-5356-48c6-930b-52f2120a4458', 0, 20]);
  expect(Array.from(r.bytes.subarray(s.offset, s.offset + 8))).toEqual([1, 0, 0, 0, 2, 0, 0, 0]);
});

describe('decoded sections rebuilt from their declarations', () => {
  test('general processor error: the rebuilt record prints the same text', () => {
    const { text } = exported('generic.cper');
    const back = decodeInput(enc(text));
    expect(back.records[0].sections[0].name).toBe('Processor Generic');
    expect(kernelText(back.records, bufferReader(back.bytes))).toBe(text);
  });
  test('ARM and IA32/X64: the head fields come back (arrays are not read back)', () => {
    const { res, text } = exported('multi-generic-ia32x64-arm.cper');
    const back = decodeInput(enc(text));
    const pick = (t: string, from: string) => t.split('\n').filter((l) => l.includes(from));
    for (const key of ['Local APIC_ID', 'MIDR', 'Multiprocessor Affinity Register', 'running state']) {
      expect(pick(text, key).length).toBeGreaterThan(0);
      expect(pick(kernelText(back.records, bufferReader(back.bytes)), key)).toEqual(pick(text, key));
    }
    expect(back.records[0].sections.map((s) => s.type)).toEqual(res.records[0].sections.map((s) => s.type));
    expect(back.diagnostics.some((d) => d.message.includes('rebuilt from') && d.message.includes('ARM processor error'))).toBe(true);
  });
});

test('a report claiming more sections than a record holds is cut at 65535', () => {
  const lines = ['[Hardware Error]: event severity: info'];
  for (let i = 0; i < 65537; i++)
    lines.push(
      `[Hardware Error]:  Error ${i}, type: info`,
      '[Hardware Error]:   section type: unknown, 5e4706c1-5356-48c6-930b-52f2120a4458',
    );
  const r = readKernelReport(lines.join('\n'));
  expect(new DataView(r.bytes.buffer).getUint16(10, true)).toBe(65535);
  expect(r.diagnostics.some((d) => d.message.includes('more than 65535 sections'))).toBe(true);
});

describe('machine checks (print_mce) read back into struct mce', () => {
  const dmesg = [
    '[  312.104531] mce: [Hardware Error]: CPU 2: Machine Check Exception: 5 Bank 4: be00000000800400',
    '[  312.104534] mce: [Hardware Error]: RIP !INEXACT! 10:<ffffffff812e14c1> {intel_idle+0xb1/0x170}',
    '[  312.104536] mce: [Hardware Error]: TSC 39f2e14e4a8 ADDR 1234abc000 MISC 86 ',
    '[  312.104539] mce: [Hardware Error]: PROCESSOR 0:206d7 TIME 1394094716 SOCKET 0 APIC 4 microcode 710',
    "[  312.104540] mce: [Hardware Error]: Run the above through 'mcelog --ascii'",
    '[  312.104541] mce: [Hardware Error]: Machine check: Processor context corrupt',
    '[  312.104542] Kernel panic - not syncing: Fatal machine check',
  ].join('\n');

  test('a kernel panic in dmesg becomes a Linux MCE record whose text is what the kernel printed', () => {
    const r = decodeInput(enc(dmesg));
    expect(r.form).toBe('kernel-text');
    expect(r.records).toHaveLength(1);
    const rec = r.records[0];
    expect([rec.creatorId, rec.notificationType, rec.sections[0].type]).toEqual([
      '75a574e3-5052-4b29-8a8e-be2c6490b89d',
      'e8f56ffe-919c-4cc5-ba88-65abe14913bb',
      SECTION_MCE,
    ]);
    const text = kernelText(r.records, bufferReader(r.bytes));
    for (const l of dmesg.split('\n').slice(0, 5)) {
      const printed = l.slice(l.indexOf('[Hardware Error]: ')).replace(' {intel_idle+0xb1/0x170}', ' ');
      expect(text).toContain(printed.trimEnd());
    }
  });
  test('two machine checks: two records', () => {
    const r = decodeInput(enc(`${dmesg}\n${dmesg.replace('CPU 2', 'CPU 3').replace('Bank 4', 'Bank 6')}`));
    expect(r.records).toHaveLength(2);
    expect(kernelText(r.records, bufferReader(r.bytes))).toContain(
      '[Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 6: be00000000800400',
    );
  });
});

test('a PCIe error is rebuilt from cper_print_pcie lines: the rebuilt record prints the same lines', () => {
  const { text } = exported('multi-pcie-cxlprotocol-cxlcomponent-media.cper');
  const back = decodeInput(enc(text));
  const again = kernelText(back.records, bufferReader(back.bytes));
  const pcieLines = (t: string) => {
    const from = t.slice(t.indexOf('section_type: PCIe error'));
    return from.slice(0, from.indexOf(' Error 1,')).split('\n');
  };
  expect(pcieLines(text).length).toBeGreaterThan(10);
  expect(pcieLines(again)).toEqual(pcieLines(text));
});

test('journalctl -k -o json: the MESSAGE of each line', () => {
  const { res, text } = exported('pstore-dmesg-erst-synthetic.cper');
  const json = text
    .trimEnd()
    .split('\n')
    .map((l, i) =>
      JSON.stringify({
        __REALTIME_TIMESTAMP: String(1741944413000000 + i),
        _TRANSPORT: 'kernel',
        PRIORITY: '3',
        MESSAGE: l,
        _BOOT_ID: 'f0e1',
      }),
    )
    .join('\n');
  const back = decodeInput(enc(json));
  expect(back.records).toHaveLength(1);
  const [a, b] = [back.records[0].sections[0], res.records[0].sections[0]];
  expect(
    Buffer.compare(
      Buffer.from(back.bytes.subarray(a.offset, a.offset + a.length)),
      Buffer.from(res.bytes.subarray(b.offset, b.offset + b.length)),
    ),
  ).toBe(0);
});

test('a memory location line whose values live in other fields (bank group and address, a row past 16 bits, the chip id) reads back to the same line', () => {
  const P = '[Hardware Error]:';
  const record = (location: string) => [
    `${P} event severity: corrected`,
    `${P}  Error 0, type: corrected`,
    `${P}   section_type: memory error`,
    `${P}   physical_address: 0x0000000012345000`,
    `${P}   ${location}`,
    `${P}   error_type: 3, multi-bit ECC`,
  ];
  const locations = [
    // The bank's two bytes given apart, no whole bank.
    'node:1 card:2 module:3 rank:4 bank_group:5 bank_address:6 device:7 row:131075 column:9 bit_position:10 requestor_id:0x00000000000000aa responder_id:0x00000000000000bb target_id:0x00000000000000cc chip_id:5 ',
    // A whole bank: its group and address are printed from it.
    'node:0 bank:1286 bank_group:5 bank_address:6 row:65535 ',
  ];
  const text = locations.flatMap(record).join('\n');
  const back = decodeInput(enc(text));
  expect(back.records.length).toBe(2);
  const again = kernelText(back.records, bufferReader(back.bytes)).split('\n');
  for (const l of locations) expect(again).toContain(`${P}   ${l}`);
});
