import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectReport } from '../../shared/report/inspect';
import { cli } from '../helpers/cli';
import { corpusPath } from '../helpers/corpus';

async function inspect(...p: string[]): Promise<InspectReport> {
  const run = await cli('inspect', corpusPath(...p), '--json');
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out);
}

describe('corpus scenarios', () => {
  it('S4-erase: the record cleared in boot 3 is recovered from its slot', async () => {
    const erased = readFileSync(corpusPath('S4-erase', 'oracle-boot3', 'meta', 'erased.txt'), 'utf8').trim();
    const erasedId = erased.replace('dmesg-erst-', '');
    const r = await inspect('S4-erase', 'backing.after-boot3');
    const cleared = r.records.filter((x) => x.state === 'cleared');
    expect(cleared.map((x) => x.recordId)).toEqual([erasedId]);
    expect(r.store!.slots[cleared[0].slot!].state).toBe('cleared');
    expect(r.store!.slots[cleared[0].slot!].mapId).toBeNull();
    // Live view: the kernel no longer lists it; recovered view: it comes back with its bytes.
    const out = mkdtempSync(join(tmpdir(), 'erst-s4-'));
    const run = await cli('export', corpusPath('S4-erase', 'backing.after-boot3'), '--dmesg', out, '--recovered');
    expect(run.code).toBe(0);
    expect(readdirSync(out)).not.toContain(erased);
    const rec = readFileSync(join(out, 'recovered', erased));
    const before = mkdtempSync(join(tmpdir(), 'erst-s4b-'));
    await cli('export', corpusPath('S4-erase', 'backing.after-boot2'), '--dmesg', before);
    expect(rec.equals(readFileSync(join(before, erased)))).toBe(true);
  });

  it('S7-full: holds 3 records and no more; the store is full', async () => {
    const r = await inspect('S7-full', 'backing.after-boot1');
    expect(r.records.filter((x) => x.state === 'live')).toHaveLength(3);
    expect(r.records).toHaveLength(3);
    expect(r.store!.recordCount).toBe(3);
    expect(r.store!.capacity.freeSlots).toBe(0);
    expect(r.store!.capacity.nextDumpFits).toBe(false);
    expect(r.dumps).toHaveLength(1);
    expect(r.dumps[0].parts.map((p) => p.part)).toEqual([1, 2, 3]);
  });

  it('S8-oops: shows an Oops dump and a Shutdown dump from different boots', async () => {
    const r = await inspect('S8-oops', 'backing.after-boot2');
    const reasons = r.dumps.map((d) => `${d.reason}#${d.count}`).sort();
    expect(reasons).toEqual(['Oops#1', 'Shutdown#1']);
    expect(new Set(r.dumps.map((d) => d.bootId)).size).toBe(2);
    for (const d of r.dumps) expect(d.missingParts).toEqual([]);
  });

  it('S3-uncompressed: plain DMESG sections, spans point into the file', async () => {
    const r = await inspect('S3-uncompressed', 'backing.after-boot1');
    expect(r.records.length).toBeGreaterThan(0);
    for (const rec of r.records) {
      expect(rec.pstore!.compressed).toBe(false);
      const log = rec.sections[0].fields!.children!.find((c) => c.key === 'log')!;
      const file = readFileSync(corpusPath('S3-uncompressed', 'backing.after-boot1'));
      const text = file.subarray(log.offset, log.offset + log.length).toString('latin1');
      expect(text).toMatch(/^<\d>\[/);
    }
  });

  it('stitched dump = oracle parts, oldest first, without their header lines', async () => {
    const out = mkdtempSync(join(tmpdir(), 'erst-stitch-'));
    await cli('export', corpusPath('S2-accumulate', 'backing.after-boot2'), '--dmesg', out);
    const r = await inspect('S2-accumulate', 'backing.after-boot2');
    expect(r.dumps.length).toBe(2);
    for (const d of r.dumps) {
      const expected = Buffer.concat(
        [...d.parts]
          .sort((a, b) => b.part - a.part)
          .map((p) => {
            const text = readFileSync(corpusPath('S2-accumulate', 'oracle-boot3', 'pstore', `dmesg-erst-${p.recordId}`));
            return text.subarray(text.indexOf(10) + 1);
          }),
      );
      const stitched = readFileSync(join(out, 'dumps', `dump-${d.bootId}-${d.reason}${d.count}.txt`));
      expect(stitched.equals(expected)).toBe(true);
    }
  });

  it('inspect --json carries the documented fields', async () => {
    const r = await inspect('S2-accumulate', 'backing.after-boot3');
    expect(r.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.source.size).toBe(65536);
    expect(Object.keys(r.store!)).toEqual(
      expect.arrayContaining(['recordSize', 'storageOffset', 'version', 'recordCount', 'slotCount', 'slots']),
    );
    const rec = r.records[0];
    expect(Object.keys(rec)).toEqual(
      expect.arrayContaining([
        'slot',
        'state',
        'recordId',
        'recordLength',
        'timestamp',
        'timestampEncoding',
        'severity',
        'creatorId',
        'sections',
        'pstore',
      ]),
    );
    expect(rec.recordId).toMatch(/^\d+$/);
    expect(rec.timestampEncoding).toBe('unix');
    expect(rec.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Object.keys(rec.sections[0])).toEqual(expect.arrayContaining(['type', 'name', 'offset', 'length']));
    expect(Object.keys(rec.pstore!)).toEqual(expect.arrayContaining(['kind', 'reason', 'count', 'part', 'compressed']));
    expect(Object.keys(r.dumps[0])).toEqual(expect.arrayContaining(['bootId', 'reason', 'count', 'parts', 'missingParts', 'recordIds']));
    expect(r.diagnostics).toEqual([]);
  });
});
