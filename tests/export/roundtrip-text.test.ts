import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../main/cli/index';
import { decodeInput } from '../../shared/input/index';
import { bufferReader } from '../../shared/export/cper-json/index';
import { kernelText } from '../../shared/export/kernel-text/index';

const DIR = 'tests/fixtures/corpus/libcper/';
const quiet = { out: () => {}, err: () => {} };

describe('round trip: exported .cper bytes equal the input record bytes', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.cper'))) {
    test(f, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ev-'));
      expect(await runCli(['export', DIR + f, '--cper', dir], quiet)).toBe(0);
      const files = readdirSync(dir).filter((x) => x.endsWith('.cper'));
      expect(files).toHaveLength(1);
      expect(Buffer.compare(readFileSync(join(dir, files[0])), readFileSync(DIR + f))).toBe(0);
    });
  }
  test('two records back to back give two files, each equal to its slice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-'));
    await runCli(['export', DIR + 'malformed/two-records-concatenated.cper', '--cper', dir], quiet);
    const all = readFileSync(DIR + 'malformed/two-records-concatenated.cper');
    const files = readdirSync(dir)
      .filter((x) => x.endsWith('.cper'))
      .map((x) => readFileSync(join(dir, x)));
    expect(files.length).toBe(2);
    for (const b of files) expect(all.includes(b)).toBe(true);
  });
});

function text(file: string): string {
  const b = new Uint8Array(readFileSync(DIR + file));
  const res = decodeInput(b);
  return kernelText(res.records, bufferReader(res.bytes), res.sections);
}

describe('kernel-style text (Linux cper.c formats)', () => {
  test('memory error', () => {
    const t = text('realistic-memory-sbe-corrected.cper');
    expect(t).toContain('[Hardware Error]: It has been corrected by h/w and requires no further action\n');
    expect(t).toContain('[Hardware Error]: event severity: corrected\n');
    expect(t).toContain('[Hardware Error]:  Error 0, type: corrected\n');
    expect(t).toContain('[Hardware Error]:  fru_text: CPU0_DIMM_A3\n');
    expect(t).toContain('[Hardware Error]:   section_type: memory error\n');
    expect(t).toContain('[Hardware Error]:    error_status: Storage error in DRAM memory (0x0000000000040400)\n');
    expect(t).toContain('[Hardware Error]:   physical_address: 0x0000001234567840\n');
    expect(t).toMatch(/\[Hardware Error\]: {3}node:0 card:0 module:3 rank:1 .*device:8 row:6699 column:960 bit_position:17 /);
    expect(t).toContain('[Hardware Error]:   error_type: 2, single-bit ECC\n');
  });
  test('PCIe error', () => {
    const t = text('multi-pcie-cxlprotocol-cxlcomponent-media.cper');
    expect(t).toContain('[Hardware Error]:   section_type: PCIe error\n');
    expect(t).toContain('[Hardware Error]:   port_type: 6, downstream switch port\n');
    expect(t).toContain('[Hardware Error]:   version: 9.30\n');
    expect(t).toContain('[Hardware Error]:   command: 0xd261, status: 0xc121\n');
    expect(t).toMatch(/\[Hardware Error\]: {3}device_id: 40ca:9a:0a\.19\n/);
    expect(t).toContain('[Hardware Error]:   vendor_id: 0x4888, device_id: 0x89e8\n');
    expect(t).toContain('[Hardware Error]:   section_type: CXL Protocol Error\n');
    expect(t).toContain('[Hardware Error]:   agent_type: 1, Restricted CXL Host Downstream Port\n');
    expect(t).toContain('[Hardware Error]:   section_type: CXL General Media Event\n');
  });
  test('processor generic, IA32/X64, ARM', () => {
    const t = text('multi-generic-ia32x64-arm.cper');
    expect(t).toContain('section_type: general processor error\n');
    expect(t).toContain('section_type: IA32/X64 processor error\n');
    expect(t).toMatch(/Error Information Structure 0:\n\[Hardware Error\]: {4}Error Structure Type: cache error\n/);
    expect(t).toContain('Operation: 7, eviction\n');
    expect(t).toContain('Register Context Type: Memory Mapped Registers\n');
    expect(t).toContain('section_type: ARM processor error\n');
    expect(t).toMatch(/Multiprocessor Affinity Register \(MPIDR\): 0x[0-9a-f]{16}\n/);
    expect(t).toMatch(/error_type: 0x04: TLB error\n|error_type: 0x04: TLB error/);
  });
  test('firmware error record reference', () => {
    const t = text('firmware.cper');
    expect(t).toContain('section_type: Firmware Error Record Reference\n');
    expect(t).toContain('Firmware Error Record Type: SOC Firmware Error Record Type2\n');
    expect(t).toContain('Record Identifier: c121d261-1f16-4583-8848-e889d903bd19\n');
  });
  test('unknown section: GUID, length, hex dump with ASCII', () => {
    const t = text('pstore-dmesg-erst-synthetic.cper');
    expect(t).toContain('section type: unknown, c197e04e-d545-4a70-9c17-a5549419eb12\n');
    expect(t).toContain('section length: 0x1f8\n');
    expect(t).toMatch(/\[Hardware Error\]: {3}00000000: 696e6150 20312363 74726150 363c0a31  Panic#1 Part1\.<6\n/);
  });
});
