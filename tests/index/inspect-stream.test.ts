/**
 * `inspect` of stores and CPER records is written as it goes (inspect-stream): its JSON and
 * text must be what the whole-file report gives, byte for byte, with the same exit code.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../main/evidence/file';
import { openEvidence } from '../../main/services/decode-file';
import { streamInspect } from '../../main/services/inspect-stream';
import { decodeStatus, inspectReport } from '../../main/services/inspect';
import { formatInspectText, recordLine } from '../../main/services/inspect-text';
import { generateStore } from '../../shared/generate/store';
import { backings, CORPORA } from '../helpers/corpus';
import { cli } from '../helpers/cli';

const LIBCPER = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'libcper');

async function expectSameInspect(file: string): Promise<void> {
  const json = await cli('inspect', file, '--json');
  const bare = await cli('inspect', file, '--json', '--no-fields');
  const text = await cli('inspect', file);
  const ev = openEvidence(file);
  try {
    const report = inspectReport(ev, { fields: true });
    const status = decodeStatus(ev, report);
    expect(json.code).toBe(status);
    expect(text.code).toBe(status);
    expect(JSON.parse(json.out)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(json.out).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(bare.out).toBe(JSON.stringify(inspectReport(ev, { fields: false }), null, 2) + '\n');
    expect(text.out).toBe(formatInspectText(report));
  } finally {
    ev.file.close();
  }
}

describe('streaming inspect prints the whole-file report', () => {
  const stores = CORPORA.flatMap((root) => backings(root).map((f) => join(root, f)));
  for (const f of stores) it(f.split('/').slice(-3).join('/'), () => expectSameInspect(f));

  it('libcper records back to back, with junk between them', async () => {
    const recs = readdirSync(LIBCPER)
      .filter((f) => f.endsWith('.cper'))
      .sort()
      .map((f) => readFileSync(join(LIBCPER, f)));
    const p = join(mkdtempSync(join(tmpdir(), 'erst-inspect-in-')), 'records.cper');
    writeFileSync(p, Buffer.concat([...recs, Buffer.from('junk'), recs[2]]));
    await expectSameInspect(p);
  });

  it('a generated store with cleared parts, cut inside its last slot, garbage in a free slot', async () => {
    const gen = generateStore({
      size: 512 * 1024,
      boots: [
        {
          bootTime: 1700000100,
          dumps: [
            { reason: 'Oops', lines: 800, compressed: true },
            { reason: 'Panic', lines: 1500, compressed: false },
          ],
        },
      ],
      clear: [String((1700000100n << 32n) + 2n)],
    });
    const bytes = gen.bytes.slice(0, gen.bytes.length - 5000);
    bytes.fill(0x33, bytes.length - 20000, bytes.length - 19990);
    const p = join(mkdtempSync(join(tmpdir(), 'erst-inspect-in-')), 'store.img');
    writeFileSync(p, bytes);
    await expectSameInspect(p);
  });
});

describe('index mode (large stores): compressed parts summarised from the index', () => {
  const file = join(CORPORA[0], 'S2-accumulate', 'backing.after-boot3');
  it('lists the same records, states, times and dumps as the full report, and says what it left out', async () => {
    const ev = new EvidenceFile(file);
    let json = '';
    let text = '';
    try {
      await streamInspect(ev, (s) => (json += s), { json: true, fields: false, mode: 'index' });
      await streamInspect(ev, (s) => (text += s), { json: false, fields: false, mode: 'index' });
    } finally {
      ev.close();
    }
    const opened = openEvidence(file);
    const full = inspectReport(opened);
    opened.file.close();
    const doc = JSON.parse(json);
    expect(doc.mode).toBe('index');
    const pick = (r: {
      slot: number | null;
      state: string;
      recordId: string | null;
      timestamp: string | null;
      severity: string;
      pstore?: { reason: string | null; part: number | null };
    }) => [r.slot, r.state, r.recordId, r.timestamp, r.severity, r.pstore?.reason, r.pstore?.part];
    expect(doc.records.map(pick)).toEqual(full.records.map(pick));
    expect(doc.records.some((r: { summary: string }) => r.summary.includes('not inflated'))).toBe(true);
    const dumpKey = (d: { reason: string; count: number; recordIds: string[]; missingParts: number[] }) => [
      d.reason,
      d.count,
      d.recordIds,
      d.missingParts,
    ];
    expect(doc.dumps.map(dumpKey)).toEqual(full.dumps.map(dumpKey));
    expect(doc.store.slots).toEqual(full.store!.slots);
    expect(doc.store.capacity).toEqual(full.store!.capacity);
    expect(text).toContain('index mode: compressed dmesg parts were not inflated');
    // The text's record lines (written straight from the columns) say what the JSON says.
    for (const r of doc.records) expect(text).toContain(recordLine(r) + '\n');
    expect(text).toContain('parts not inflated');
  });
});
