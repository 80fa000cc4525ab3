/** AMD FRU Memory Poison Manager records, as Linux drivers/ras/amd/fmpm.c writes them. */
import { expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { FMP_SECTION, fmpmRecord } from './fmpm-sample';
import { covers } from '../helpers/spans';

const entries = [
  { timestamp: 1741944413n, ipid: 0x9600050f00n, addr: 0x1234567000n },
  { timestamp: 1741944999n, ipid: 0x9600050f01n, addr: 0x89abcde000n },
];

test('a kernel record: repeated descriptor, section, entries, checksum good', () => {
  const rec = decodeInput(fmpmRecord(entries)).records[0];
  expect(rec.creatorName ?? rec.creatorId).toBeDefined();
  const s = rec.sections[0];
  expect([s.type, s.name]).toEqual([FMP_SECTION, 'AMD FRU Memory Poison']);
  expect(s.summary).toBe('AMD FRU Memory Poison: FRU 0x2b4a7c9e1f30d57, 2 poisoned address(es)');
  // The kernel's section offset points at the descriptor table: said, and read through.
  expect(s.diagnostics.filter((d) => d.level !== 'info').map((d) => d.message)).toEqual([
    'section 0 body at 128 overlaps the descriptor table (ends at 200)',
  ]);
  expect(s.diagnostics.some((d) => d.code === 'fmpm.in-place')).toBe(true);
  const kids = s.body!.children!;
  expect(kids[0].key).toBe('repeatedDescriptor');
  const list = kids.find((c) => c.key === 'entries')!;
  expect(list.children!.map((e) => e.children!.find((c) => c.key === 'addr')!.text)).toEqual(['0x0000001234567000', '0x00000089abcde000']);
  expect(kids.find((c) => c.key === 'unusedEntries')!.length).toBe(6 * 32);
  expect(covers(s.body!, s.offset, s.length)).toBe(true);
});

test('a changed byte fails the checksum; an empty record (no entries yet) is valid', () => {
  const b = fmpmRecord(entries);
  b[200 + 40 + 24] ^= 0x10; // first entry's address
  const s = decodeInput(b).records[0].sections[0];
  expect(s.diagnostics.find((d) => d.code === 'fmpm.checksum')?.level).toBe('error');
  expect(s.summary).toContain('checksum wrong');
  const empty = decodeInput(fmpmRecord([])).records[0].sections[0];
  expect(empty.diagnostics.some((d) => d.code === 'fmpm.checksum')).toBe(false);
  expect(empty.summary).toContain('0 poisoned');
});

test('updated in place: two versions of one record id differ only in entries and checksum', () => {
  const one = decodeInput(fmpmRecord(entries.slice(0, 1))).records[0];
  const two = decodeInput(fmpmRecord(entries)).records[0];
  expect(one.recordId).toBe(two.recordId);
  expect(one.length).toBe(two.length);
});

test('cut short: no throw, entries that do not fit are reported', () => {
  const b = fmpmRecord(entries).subarray(0, 200 + 40 + 40);
  const r = decodeInput(b);
  expect(r.records).toHaveLength(1);
});
