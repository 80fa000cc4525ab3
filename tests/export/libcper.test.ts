import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { compareJson, parseLossless, type Mismatch } from './libcper-compare';

const DIR = 'tests/fixtures/corpus/libcper/';

/**
 * Fields libcper emits that we deliberately do not (yet) reproduce, each with its reason.
 * Nothing else may differ.
 */
const DELIBERATE: { path: RegExp; reason: string }[] = [
  {
    path: /\.Pcie\.capabilityStructure\.(pcie_capabilities\.device_port_type\.value|link_capabilities2\.[a-z_0-9]+|device_capabilities2\.obff_supported)$/,
    reason: 'PCIe capability registers whose placement/naming in libcper 7c410e29 we could not confirm from a source of that commit: '
      + 'device_port_type.value (libcper names raw 7 "RCiEP"; the PCIe spec says 7 is a PCIe-to-PCI bridge), Link Capabilities 2 '
      + '(libcper reads it at an offset other than the spec\'s +44) and OBFF Supported; we emit the spec reading (tree and JSON).',
  },
  {
    path: /\.Pcie\.aerInfo\.root_error_status\.advanced_error_interrupt_message_number$/,
    reason: 'AER Root Error Status bits 31:27 per the PCIe spec; libcper 7c410e29 reports a different value (its bitfield layout is unconfirmed).',
  },
];

function deliberate(m: Mismatch): boolean {
  return DELIBERATE.some((d) => d.path.test(m.path));
}

const pairs = readdirSync(DIR).filter((f) => f.endsWith('.json'));
let total = 0;
let totalSkipped = 0;

describe('every libcper JSON field is present in ours with an equal value', () => {
  for (const j of pairs) {
    test(j, () => {
      const base = j.replace(/\.json$/, '');
      const file = DIR + base + (base.startsWith('section-') ? '.cpersection' : '.cper');
      const bytes = new Uint8Array(readFileSync(file));
      const res = decodeInput(bytes);
      expect(res.kind).not.toBe('unknown');
      const ours = cperJsonText(res.records, bufferReader(res.bytes), res.sections);
      const cmp = compareJson(parseLossless(readFileSync(DIR + j, 'utf8')), parseLossless(ours));
      const real = cmp.mismatches.filter((m) => !deliberate(m));
      total += cmp.matched;
      totalSkipped += cmp.mismatches.length - real.length;
      expect(real).toEqual([]);
      // CXL component events: no deliberate differences at all.
      if (base.startsWith('cxlcomponent') || base.includes('cxlcomponent')) expect(cmp.mismatches.filter((m) => m.path.includes('CxlComponent'))).toEqual([]);
      expect(cmp.matched).toBeGreaterThan(20);
    });
  }
  test('summary', () => {
    console.log(`libcper comparison: ${pairs.length} files, ${total} fields equal, ${totalSkipped} listed as deliberate differences`);
  });
});

describe('64-bit integers are exact in our JSON text', () => {
  test('memory physicalAddressMask above 2^53', () => {
    const bytes = new Uint8Array(readFileSync(DIR + 'realistic-memory-sbe-corrected.cper'));
    const res = decodeInput(bytes);
    const text = cperJsonText(res.records, bufferReader(res.bytes));
    expect(text).toContain('"physicalAddressMask": 18446744073709551552');
  });
});
