import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../main/evidence/file';
import { FileService, INDEX_FROM, type Service } from '../../main/worker/file-service';
import { IndexedService } from '../../main/worker/indexed-service';
import { qemu71Store } from './qemu71-store';

/**
 * store.inspect lists the slots QEMU 7.0/7.1 wrote with their remnants (file offsets), and
 * record.get names its slot's remnant, the same whether the store is decoded whole or indexed.
 */
describe('QEMU 7.0/7.1 slots in the summary and the record detail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'erst-q71-'));
  const open: Service[] = [];
  afterAll(() => {
    for (const s of open) s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const both = async (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const full = new FileService(path);
    const ix = await IndexedService.open(new EvidenceFile(path), () => {});
    open.push(full, ix);
    return [full, ix] as const;
  };

  it('a short record written the 7.1 way over a cleared longer one: its slot and remnant range', async () => {
    const g = qemu71Store(INDEX_FROM);
    const [full, ix] = await both('q71.erst', g.bytes);
    const a = full.summary(),
      b = ix.summary();
    const start = g.slot * g.recordSize + g.shortLength + 255;
    expect(a.store!.qemu71).toMatchObject({ count: 1, slots: [{ slot: g.slot, remnant: { offset: start } }] });
    const rem = a.store!.qemu71!.slots[0].remnant!;
    expect(rem.offset + rem.length).toBeLessThanOrEqual(g.slot * g.recordSize + g.longLength);
    expect(rem.offset + rem.length).toBeGreaterThan(g.slot * g.recordSize + g.longLength - 16);
    expect(b.store!.qemu71).toEqual(a.store!.qemu71);
    expect(b.store).toEqual(a.store);
    const index = full.locate(g.slot).index!;
    expect(full.record(index).qemu71).toEqual({ slot: g.slot, remnant: rem });
    expect(ix.record(index).qemu71).toEqual({ slot: g.slot, remnant: rem });
    // Health names the writer in both.
    expect(a.diagnostics.map((d) => d.code)).toContain('store.qemu71-writes');
    expect(b.diagnostics.map((d) => d.code)).toContain('store.qemu71-writes');
    const other = full.locate(g.slot + 1).index;
    if (other !== null) expect(full.record(other).qemu71).toBeUndefined();
  }, 60_000);

  it('the same writes by the 7.2 model: no slot listed, no remnant named', async () => {
    const g = qemu71Store(INDEX_FROM, '7.2');
    const [full, ix] = await both('q72.erst', g.bytes);
    expect(full.summary().store!.qemu71).toBeUndefined();
    expect(ix.summary().store!.qemu71).toBeUndefined();
    expect(ix.record(ix.locate(g.slot).index!).qemu71).toBeUndefined();
    // Real Linux 6.12 parts: the index names the same generation, with the same evidence, as the whole decode.
    const la = full.dumpList(false, 0, 10),
      lb = ix.dumpList(false, 0, 10);
    expect(lb.dumps).toEqual(la.dumps);
    expect(lb.dumps.map((d) => d.producer.generation)).toEqual(['linux>=6.6']);
    expect(lb.dumps[0].producer.evidence.join('\n')).toMatch(/32 KiB window/);
  }, 60_000);
});
