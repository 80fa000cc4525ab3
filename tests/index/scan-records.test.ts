import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../main/evidence/file';
import { scanRecords } from '../../main/services/evidence-scan';
import { decodeRecords } from '../../shared/input/records';

const LIBCPER = 'tests/fixtures/corpus/libcper';

describe('scanning CPER records back to back', () => {
  it('hashes every byte once, in order, across many hash buffers, and finds the records the whole-buffer walk finds', async () => {
    const recs = readdirSync(LIBCPER)
      .filter((f) => f.endsWith('.cper'))
      .sort()
      .map((f) => readFileSync(join(LIBCPER, f)));
    const pieces: Buffer[] = [];
    let size = 0;
    // About 10 MiB (several 4 MiB hash buffers), junk and padding between some records.
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const p = i % 997 === 5 ? Buffer.from('junk between records') : i % 499 === 7 ? Buffer.alloc(300, 0xff) : recs[i % recs.length];
      pieces.push(p);
      size += p.length;
    }
    // A last record whose length runs past the end of the file.
    const liar = Buffer.from(recs[0]);
    liar.writeUInt32LE(liar.length + 5_000_000, 20);
    pieces.push(liar, Buffer.alloc(70_000, 0x41));
    const bytes = Buffer.concat(pieces);
    const dir = mkdtempSync(join(tmpdir(), 'erst-scan-'));
    try {
      const p = join(dir, 'records.cper');
      writeFileSync(p, bytes);
      const seen: number[] = [];
      const file = new EvidenceFile(p);
      const res = await scanRecords(file, { onRecord: (r) => seen.push(r.offset) }).finally(() => file.close());
      const expected = decodeRecords(new Uint8Array(bytes), 0, { lean: true }).records.map((r) => r.offset);
      expect(res.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(seen).toEqual(expected);
      expect(res.records).toBe(expected.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
