import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../main/evidence/file';
import { FileService, INDEX_FROM } from '../../main/worker/file-service';
import { IndexedService } from '../../main/worker/indexed-service';
import { generateStore } from '../../shared/generate/store';

/**
 * dmesg.list carries each dump's producer and gaps whichever way the file is served: the
 * indexed service (large stores) rebuilds them from the dump's own slots when the list is asked,
 * and answers exactly what the whole-file decode does.
 */
describe('dump producer and gaps in dmesg.list', () => {
  let dir: string;
  let full: FileService;
  let ix: IndexedService;
  let clearedSlot: number;
  beforeAll(async () => {
    const boots = [
      {
        bootTime: 1_700_000_000,
        dumps: [
          { reason: 'Panic', lines: 700, compressed: true },
          { reason: 'Oops', lines: 700, compressed: true },
        ],
      },
    ];
    const spec = { size: INDEX_FROM, boots, seed: 3, kmsgBytes: 40_000 };
    const probe = generateStore(spec);
    const part = probe.parts.find((p) => p.part === 1)!;
    clearedSlot = part.slot;
    const g = generateStore({ ...spec, clear: [part.recordId] });
    dir = mkdtempSync(join(tmpdir(), 'erst-prov-'));
    const path = join(dir, 'cleared.erst');
    writeFileSync(path, g.bytes);
    full = new FileService(path);
    ix = await IndexedService.open(new EvidenceFile(path), () => {});
  }, 60_000);
  afterAll(() => {
    full?.close();
    ix?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the generation with its evidence and links a cleared part to its slot, in both services', () => {
    for (const recovered of [false, true]) {
      const a = full.dumpList(recovered, 0, 10),
        b = ix.dumpList(recovered, 0, 10);
      expect(b.dumps, `recovered=${recovered}`).toEqual(a.dumps);
      for (const d of b.dumps) {
        expect(d.producer.generation).toMatch(/^(linux<=6\.5|linux>=6\.6|unknown)$/);
        expect(Array.isArray(d.producer.evidence)).toBe(true);
      }
    }
    const gaps = ix.dumpList(false, 0, 10).dumps.flatMap((d) => d.gaps);
    const cleared = gaps.find((g) => g.kind === 'cleared');
    expect(cleared).toMatchObject({ part: 1, recoverableSlot: clearedSlot });
    expect(cleared!.reason).toMatch(new RegExp(`slot ${clearedSlot}`));
    // With cleared parts stitched in, the gap says the text was recovered from that slot.
    const back = ix
      .dumpList(true, 0, 10)
      .dumps.flatMap((d) => d.gaps)
      .find((g) => g.kind === 'cleared');
    expect(back).toMatchObject({ part: 1, recoverableSlot: clearedSlot });
    expect(back!.reason).toMatch(/^recovered from cleared slot/);
  });
});
