/**
 * WHEA sections laid out as the Windows SDK's cper.h declares them (samples built here from
 * those layouts; no real Windows record is public in this corpus).
 */
import { expect, test } from 'vitest';
import { encodeRecord } from '../../shared/cper/encode';
import type { FieldNode } from '../../shared/decode/node';
import { decodeInput } from '../../shared/input/index';
import { covers } from '../helpers/spans';
import { armRasRecord } from './synthetic';

const G = {
  armRasNode: 'e3ebf4a2-df50-4708-b2d7-0b29ec2f7aa9',
  sea: 'f5fe48a6-84ce-4c1e-aa64-20c9a53099f1',
  sei: 'f2a4a152-9c6d-4020-aecf-7695b389251b',
  nmi: 'e71254e7-c1b9-4940-ab76-909703a4320f',
  pciRecovery: 'dd060800-f6e1-4204-ac27-c4bca9568402',
  xpfMca: '8a1e1d01-42f9-4557-9c33-565e5cc3f7e8',
  pcieSummary: 'e96eca99-53e2-4f52-9be7-d2dbe9508ed0',
  memSummary: '0e36c93e-ca15-4a83-ba8a-cbe80f7f0017',
};
const NO_CREATOR = '00000000-0000-0000-0000-000000000000';

function body(size: number, fill: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const b = new Uint8Array(size);
  fill(new DataView(b.buffer), b);
  return b;
}

const armRasNode = body(80, (dv) => {
  dv.setUint32(0, 8, true);
  dv.setUint32(4, 3, true);
  dv.setUint8(8, 1);
  dv.setUint8(9, 1);
  for (let i = 0; i < 8; i++) dv.setBigUint64(16 + i * 8, 0x1000n * BigInt(i + 1) + 0xan, true);
});
const sea = body(21, (dv) => {
  dv.setUint32(0, 0x96000010, true);
  dv.setBigUint64(4, 0xffff800012345678n, true);
  dv.setBigUint64(12, 0x80000000abcdn, true);
  dv.setUint8(20, 1);
});
const memSummary = body(4 + 2 * 24, (dv) => {
  dv.setUint16(0, 1, true);
  dv.setUint16(2, 2, true);
  [
    [1, 2, 3, 17],
    [0, 5, 1, 4],
  ].forEach(([sock, ch, slot, n], i) => {
    const o = 4 + i * 24;
    dv.setBigUint64(o, 0xfn, true);
    dv.setUint32(o + 8, sock, true);
    dv.setUint32(o + 12, ch, true);
    dv.setUint32(o + 16, slot, true);
    dv.setUint32(o + 20, n, true);
  });
});
const pcieSummary = body(4 + 156, (dv) => {
  dv.setUint16(0, 1, true);
  dv.setUint16(2, 1, true);
  dv.setBigUint64(4, 0x3fn, true);
  [0, 0x3b, 4, 0].forEach((v, i) => dv.setUint32(12 + i * 4, v, true));
  dv.setUint32(28, 0x1, true);
  dv.setUint32(32 + 6 * 4, 9, true); // bit 6 (Bad TLP) seen 9 times
});

const xpfMca = body(292, (dv) => {
  dv.setUint32(0, 3, true);
  dv.setUint32(4, 1, true);
  dv.setUint32(16, 5, true);
  dv.setBigUint64(20, 0x5n, true);
  dv.setUint32(36, 7, true);
  dv.setBigUint64(40, 0xbe00000000800400n, true); // VAL, UC, EN, MISCV, ADDRV, PCC set; OVER clear
  dv.setBigUint64(48, 0x1234000n, true);
  dv.setUint32(272, 0x4, true);
  dv.setUint32(276, 0x1, true);
  dv.setUint8(281, 1);
});

const record = encodeRecord({
  recordId: 0x1d9c1234n,
  severity: 2,
  creatorId: NO_CREATOR,
  sections: [
    { type: G.armRasNode, body: armRasNode, severity: 2 },
    { type: G.sea, body: sea, severity: 1 },
    { type: G.xpfMca, body: xpfMca, severity: 1 },
    { type: G.sei, body: body(12, (dv) => dv.setUint32(0, 0xbf000002, true)), severity: 1 },
    {
      type: G.nmi,
      body: body(12, (dv, b) => {
        b[0] = 0x80;
        dv.setUint32(8, 1, true);
      }),
      severity: 1,
    },
    { type: G.pciRecovery, body: Uint8Array.of(2, 1, 1), severity: 2 },
    { type: G.pcieSummary, body: pcieSummary, severity: 2 },
    { type: G.memSummary, body: memSummary, severity: 2 },
  ],
});

const child = (n: FieldNode | undefined, key: string) => n?.children?.find((c) => c.key === key);

test('every WHEA section decodes from its cper.h layout, covering its bytes once', () => {
  const rec = decodeInput(record).records[0];
  expect(rec.sections.map((s) => s.summary)).toEqual([
    'WHEA ARM RAS Memory node 3, ERR<n>STATUS 0x300a',
    'ARM synchronous external abort (kernel), FAR 0xffff800012345678',
    'Machine check bank 7 on processor 5 (Intel), uncorrected, MCi_STATUS 0xbe00000000800400',
    'ARM SError interrupt, ESR 0xbf000002',
    'NMI (hypervisor error)',
    'PCI recovery by DPC: No error',
    'WHEA PCIe correctable error summary: 1 device(s)',
    'WHEA memory correctable error summary: 2 entry(ies)',
  ]);
  for (const s of rec.sections) {
    expect(covers(s.body!, s.offset, s.length)).toBe(true);
    expect(s.diagnostics).toEqual([]);
  }
  const mem = child(rec.sections[7].body, 'entrys')!;
  expect(mem.children!.map((e) => [child(e, 'socketId')!.raw, child(e, 'correctableErrorCount')!.raw].map(Number))).toEqual([
    [1, 17],
    [0, 4],
  ]);
  const dev = child(rec.sections[6].body, 'devices')!.children![0];
  expect(Number(child(dev, 'bus')!.raw)).toBe(0x3b);
  expect(Number(child(child(dev, 'counts'), 'count6')!.raw)).toBe(9);
  const mca = rec.sections[2].body!;
  const status = child(mca, 'status')!;
  expect(['valid', 'uncorrected', 'contextCorrupt'].map((k) => Number(child(status, k)!.raw))).toEqual([1, 1, 1]);
  expect(Number(child(child(mca, 'recoveryInfo'), 'recoverySucceeded')!.raw)).toBe(1);
});

test("WHEA's ARM RAS node beside libcper's ARM RAS section: two layouts, two names", () => {
  const lib = decodeInput(armRasRecord()).records[0].sections[0];
  const win = decodeInput(record).records[0].sections[0];
  expect([lib.type, lib.name]).toEqual(['bf32d4d5-b427-4025-8495-8a9e5d4030e4', 'ARM RAS node']);
  expect([win.type, win.name]).toEqual([G.armRasNode, 'WHEA ARM RAS node']);
});

test('wrong counts and versions are reported; cut sections do not throw', () => {
  const bad = memSummary.slice();
  new DataView(bad.buffer).setUint16(0, 2, true);
  new DataView(bad.buffer).setUint16(2, 9, true);
  const s = decodeInput(encodeRecord({ recordId: 1n, sections: [{ type: G.memSummary, body: bad }] })).records[0].sections[0];
  expect(s.diagnostics.map((d) => d.code).sort()).toEqual(['whea.summary-count', 'whea.summary-version']);
  const fields = armRasNode.slice();
  new DataView(fields.buffer).setUint32(0, 6, true);
  expect(
    decodeInput(encodeRecord({ recordId: 1n, sections: [{ type: G.armRasNode, body: fields }] })).records[0].sections[0].diagnostics[0]
      .code,
  ).toBe('whea.arm-ras-fields');
  for (const n of [0, 3, 11, 20]) decodeInput(encodeRecord({ recordId: 1n, sections: [{ type: G.sea, body: sea.subarray(0, n) }] }));
});
