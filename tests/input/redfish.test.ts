/** Redfish LogEntry / LogEntryCollection input, and export --redfish read back. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../../main/cli/index';
import { decodeInput } from '../../shared/input/index';

const F = 'tests/fixtures/redfish/';
const C = 'tests/fixtures/corpus/libcper/';
const bytes = (p: string) => new Uint8Array(readFileSync(p));
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

test('a LogEntry with DiagnosticDataType CPER: the record, byte for byte', () => {
  const r = decodeInput(bytes(F + 'log-entry-cper.json'));
  expect([r.kind, r.form, r.records.length]).toEqual(['cper', 'redfish', 1]);
  expect(same(r.bytes, bytes(C + 'memory.cper'))).toBe(true);
});

test('a LogEntryCollection: CPER and CPERSection entries become records; entries without data are skipped', () => {
  const r = decodeInput(bytes(F + 'log-entry-collection.json'));
  expect(r.records.map((x) => x.sections.map((s) => s.name))).toEqual([
    ['Platform Memory Error'],
    ['Platform Memory Error'],
    ['Platform Memory Error', 'PCIe'],
  ]);
  // The section entry: its body is the section file's body, its severity the descriptor's.
  const sec = bytes(C + 'section-memory.cpersection');
  const s = r.records[1].sections[0];
  expect(same(r.bytes.subarray(s.offset, s.offset + s.length), sec.subarray(72, 72 + 80))).toBe(true);
  expect(s.severity).toBe(new DataView(sec.buffer).getUint32(48, true));
  expect(r.records[1].notificationType).toBe('2dce8bb1-bdd7-450e-b9ad-9cf4ebd4f890');
  expect(r.diagnostics.filter((d) => d.code === 'input.redfish-entry').map((d) => d.message.split(':')[0])).toEqual([
    'Redfish entry "1"',
    'Redfish entry "3"',
    'Redfish entry "4"',
  ]);
});

test('bad DiagnosticData is reported, not thrown', () => {
  const doc = JSON.stringify({
    Members: [
      { Id: 'x', DiagnosticDataType: 'CPER', DiagnosticData: '!!!' },
      { Id: 'y', DiagnosticDataType: 'CPER', DiagnosticData: readFileSync(C + 'memory.cper').toString('base64') },
    ],
  });
  const r = decodeInput(new TextEncoder().encode(doc));
  expect(r.records).toHaveLength(1);
  expect(r.diagnostics.some((d) => d.code === 'input.redfish-data' && d.message.includes('"x"'))).toBe(true);
});

test('export --redfish writes entries that read back to the same records; a section file as CPERSection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ev-rf-'));
  const quiet = { out: () => {}, err: () => {} };
  expect(await runCli(['export', C + 'multi-memory-pcie.cper', '--redfish', join(dir, 'a.json')], quiet)).toBe(0);
  const doc = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as {
    Members: { DiagnosticDataType: string; CPER: { SectionType: string } }[];
  };
  expect(doc.Members.map((m) => [m.DiagnosticDataType, m.CPER.SectionType])).toEqual([['CPER', 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1']]);
  const back = decodeInput(bytes(join(dir, 'a.json')));
  expect(same(back.bytes, bytes(C + 'multi-memory-pcie.cper'))).toBe(true);
  expect(await runCli(['export', C + 'section-memory.cpersection', '--redfish', join(dir, 'b.json')], quiet)).toBe(0);
  const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { Members: { DiagnosticDataType: string; DiagnosticData: string }[] };
  expect(b.Members.map((m) => m.DiagnosticDataType)).toEqual(['CPERSection']);
  expect(same(new Uint8Array(Buffer.from(b.Members[0].DiagnosticData, 'base64')), bytes(C + 'section-memory.cpersection'))).toBe(true);
  // An existing output is refused without --force (main/output's policy).
  expect(await runCli(['export', C + 'memory.cper', '--redfish', join(dir, 'a.json')], quiet)).not.toBe(0);
});
