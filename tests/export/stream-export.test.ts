/**
 * `export` reads its input as it goes (evidence-scan + export-stream): its files must be the
 * bytes the whole-file exporters write from the full decode, and its exit code the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEvidence } from '../../main/services/decode-file';
import { decodeStatus, inspectReport } from '../../main/services/inspect';
import { exportDmesg } from '../../main/services/export-dmesg';
import { cperExportInput, writeCperFiles, writeCperJson, writeKernelText } from '../../main/services/export-cper';
import { generateStore } from '../../shared/generate/store';
import { backings, CORPORA } from '../helpers/corpus';
import { cli } from '../helpers/cli';

const LIBCPER = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'libcper');

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function expectSameExport(file: string): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'erst-stream-'));
  const s = (n: string) => join(tmp, 'stream', n);
  const w = (n: string) => join(tmp, 'whole', n);
  mkdirSync(s(''));
  mkdirSync(w(''));
  const run = await cli(
    'export',
    file,
    '--json',
    s('out.json'),
    '--text',
    s('out.txt'),
    '--cper',
    s('cper'),
    '--dmesg',
    s('dmesg'),
    '--recovered',
    '--quiet',
  );
  const ev = openEvidence(file);
  try {
    const status = decodeStatus(ev, inspectReport(ev));
    expect(run.code, run.err).toBe(status);
    exportDmesg(ev.input, w('dmesg'), { recovered: true });
    const input = cperExportInput(ev);
    writeCperJson(input, w('out.json'), { recovered: true });
    writeKernelText(input, w('out.txt'), { recovered: true });
    writeCperFiles(input, w('cper'), { recovered: true });
  } finally {
    ev.file.close();
  }
  expect(readFileSync(s('out.json')).equals(readFileSync(w('out.json'))), 'CPER-JSON').toBe(true);
  expect(readFileSync(s('out.txt')).equals(readFileSync(w('out.txt'))), 'kernel text').toBe(true);
  expect(tree(s('cper'))).toEqual(tree(w('cper')));
  expect(tree(s('dmesg'))).toEqual(tree(w('dmesg')));
  // The single-file outputs get their chain-of-custody sidecars.
  expect(JSON.parse(readFileSync(s('out.json.provenance.json'), 'utf8')).inputs[0].path).toBe(file);
}

describe('streaming export writes what the whole-file exporters write', () => {
  const stores = CORPORA.flatMap((root) => backings(root).map((f) => join(root, f)));
  for (const f of stores) it(f.split('/').slice(-3).join('/'), () => expectSameExport(f));

  it('libcper records back to back, with padding and junk between them', async () => {
    const recs = readdirSync(LIBCPER)
      .filter((f) => f.endsWith('.cper'))
      .sort()
      .map((f) => readFileSync(join(LIBCPER, f)));
    const pad = Buffer.alloc(100, 0xff);
    const junk = Buffer.from('junk between records');
    const p = join(mkdtempSync(join(tmpdir(), 'erst-stream-in-')), 'records.cper');
    writeFileSync(p, Buffer.concat([...recs, pad, recs[0], junk, recs[1]]));
    await expectSameExport(p);
  });

  it('one record alone is an object, not an array', async () => {
    const p = join(
      LIBCPER,
      readdirSync(LIBCPER)
        .filter((f) => f.endsWith('.cper'))
        .sort()[0],
    );
    await expectSameExport(p);
  });

  it('a generated store with cleared parts, cut inside its last slot', async () => {
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
    const p = join(mkdtempSync(join(tmpdir(), 'erst-stream-in-')), 'store.img');
    writeFileSync(p, gen.bytes.subarray(0, gen.bytes.length - 5000));
    await expectSameExport(p);
  });
});
