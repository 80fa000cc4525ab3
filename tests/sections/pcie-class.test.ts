/**
 * PCIe `deviceID.class`: the class name libcper 7c410e29 writes from the 24-bit class code
 * (its pci_class_codes table; programming interface 0xff matches any), left out when the code
 * is not listed. Built on libcper's examples/pcie.cperhex with the class code bytes replaced.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { decodeInput } from '../../shared/input/index';

const base = Uint8Array.from(Buffer.from(readFileSync('tests/fixtures/libcper-head/pcie.cperhex', 'utf8').replace(/\s+/g, ''), 'hex'));

function withClass(code: number): { json: Record<string, unknown>; tree: string | undefined } {
  const b = base.slice();
  const dv = new DataView(b.buffer);
  const body = dv.getUint32(128, true); // first descriptor's section offset
  b[body] |= 8; // device ID valid
  b[body + 28] = code & 0xff;
  b[body + 29] = (code >> 8) & 0xff;
  b[body + 30] = code >> 16;
  const res = decodeInput(b);
  const json = JSON.parse(cperJsonText(res.records, bufferReader(res.bytes))) as {
    sections: { Pcie: { deviceID: Record<string, unknown> } }[];
  };
  const cls = res.records[0].sections[0]
    .body!.children!.find((c) => c.key === 'classFunction')!
    .children!.find((c) => c.key === 'classCode');
  return { json: json.sections[0].Pcie.deviceID, tree: cls?.text };
}

test('Ethernet controller (02 00 00)', () => {
  const r = withClass(0x020000);
  expect(r.json.class).toBe('Ethernet controller');
  expect(r.json.classCode).toBe(0x020000);
  expect(r.tree).toContain('Ethernet controller');
});
test('an IDE controller with any programming interface (01 01 xx)', () => {
  expect(withClass(0x01018a).json.class).toBe('IDE controller');
});
test('an unlisted code: no class key, as libcper', () => {
  const r = withClass(0x7f7f7f);
  expect('class' in r.json).toBe(false);
  expect(r.json.classCode).toBe(0x7f7f7f);
});
