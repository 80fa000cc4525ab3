import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { CORPUS } from '../helpers/corpus';
import { memoryErrorBefore, PANIC_STORE } from '../timeline/case-fixture';
import { csvField } from '../../shared/report-html/csv';

const S4 = join(CORPUS, 'S4-erase', 'backing.after-boot3');
const FOLDER = join(CORPUS, 'S7-full', 'oracle-boot2', 'pstore');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const out = () => mkdtempSync(join(tmpdir(), 'erst-report-'));

describe('erst-viewer report', () => {
  const bmc = memoryErrorBefore(2);
  const inputs = [PANIC_STORE, bmc.path, S4, FOLDER];

  it('HTML: one self-contained file with every part, the correlation and the gap reason; provenance beside it', async () => {
    const dir = out();
    const html = join(dir, 'case.html');
    const r = await cli('report', ...inputs, '--html', html);
    expect(r.code).toBe(0);
    const text = readFileSync(html, 'utf8');
    // Nothing fetched, nothing run.
    expect(text).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import|https?:\/\//i);
    expect(text).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    for (const h of [
      'Summary',
      'Hardware errors',
      'Store geometry and health',
      'Slot map',
      'Records',
      'Dumps',
      'Diagnostics',
      'Provenance',
    ])
      expect(text).toContain(`>${h}</h`);
    expect(text).toContain('Corrected memory error, node 51722 device 11482, 2 s before Panic#1');
    // S4 after boot 3: Part1 of the first panic was cleared; the reason is shown verbatim.
    expect(text).toMatch(/<strong>Part1<\/strong>: cleared, but its bytes are still in slot 1/);
    // The stitched text of the dumps (the panic line of S2 boot 1).
    expect(text).toContain('Kernel panic - not syncing: sysrq triggered crash');
    // Every input with its sha256, every file of the pstore folder on its own.
    for (const p of [PANIC_STORE, bmc.path, S4]) expect(text).toContain(sha(p));
    for (const n of ['dmesg-erst-7710815010540224513', 'dmesg-erst-7710815010540224514', 'dmesg-erst-7710815010540224515'])
      expect(text).toContain(sha(join(FOLDER, n)));
    const sums = readFileSync(`${html}.SHA256SUMS`, 'utf8');
    expect(sums).toContain(`${sha(html)}  case.html\n`);
    const prov = JSON.parse(readFileSync(`${html}.provenance.json`, 'utf8'));
    expect(prov.inputs.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining([PANIC_STORE, bmc.path, S4, join(FOLDER, 'dmesg-erst-7710815010540224513')]),
    );
    expect(prov.outputs).toEqual([{ name: 'case.html', bytes: Buffer.byteLength(text), sha256: sha(html) }]);
  });

  it('is deterministic: the same inputs give the same bytes', async () => {
    const dir = out();
    const [h, c] = [join(dir, 'r.html'), join(dir, 'r.csv')];
    expect((await cli('report', ...inputs, '--html', h, '--csv', c)).code).toBe(0);
    const first = [h, c, `${h}.provenance.json`, `${c}.SHA256SUMS`].map((p) => readFileSync(p));
    // The same command again (the command line, with its output paths, is part of the report).
    expect((await cli('report', ...inputs, '--html', h, '--csv', c, '--force')).code).toBe(0);
    const second = [h, c, `${h}.provenance.json`, `${c}.SHA256SUMS`].map((p) => readFileSync(p));
    expect(second).toEqual(first);
  });

  it('CSV: one row per record with slot, state, id in hex and decimal, time, severity, creator, section types, summary', async () => {
    const csv = join(out(), 'records.csv');
    expect((await cli('report', PANIC_STORE, S4, bmc.path, '--csv', csv)).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('file,slot,state,record_id_hex,record_id,time,time_encoding,severity,creator,section_types,summary');
    expect(lines).toHaveLength(1 + 2 + 4 + 1);
    expect(lines).toContain(
      `${S4},1,cleared,0x6b02511d00000001,7710814697007611905,2026-11-22T02:19:09Z,unix,fatal,Linux pstore/MCE (erst),Linux pstore dmesg (compressed),Panic#1 Part1: 17740 bytes of kernel log (decompressed)`,
    );
    expect(lines.at(-1)).toMatch(
      /^.*bmc-memory-error\.cper,,file,0x000000006b8b4567,1804289383,.*,bcd,corrected,.*,Platform Memory Error,A Scrub Corrected Error/,
    );
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
  });

  it('never writes over evidence or into an evidence folder; needs an output', async () => {
    expect((await cli('report', PANIC_STORE, '--html', PANIC_STORE)).code).toBe(2);
    expect((await cli('report', FOLDER, '--html', join(FOLDER, 'report.html'))).code).toBe(2);
    expect(existsSync(join(FOLDER, 'report.html'))).toBe(false);
    expect((await cli('report', PANIC_STORE)).code).toBe(2);
  });
});
