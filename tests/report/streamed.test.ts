import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { pstoreDmesgRecord } from '../../shared/cper/encode';
import { kernelLog } from '../../shared/generate/kernel-log';
import { dumpPartName } from '../../shared/pstore/header';
import { clearSlot, formatStore, putRecord } from '../../shared/store/encode';
import { storageOffsetFor } from '../../shared/store/layout';
import { writeCaseReport, streamReportExport, STREAM_REPORT_FROM } from '../../main/report/case-report';
import { corpusPath } from '../helpers/corpus';
import { storeFile } from '../../bench/gen-store-file';
import { runExport, type FromExportWorker } from '../../main/worker/export-run';

const RS = 4096;
const SIZE = 24 * 1024 * 1024;
const BUDGET = 64 * 1024;
const bcd = (n: number) => ((Math.floor(n / 10) << 4) | (n % 10)) & 0xff;

/**
 * A 24 MiB store of 4 KiB slots (6,144), each boot four dumps of two compressed parts as Linux writes them (the payloads deflated once, reused
 * by every boot), one part cleared, and libcper's memory-error record in the last slot,
 * stamped 2 s before the last boot's dumps.
 */
function largeStore(): { path: string; bootTime: number } {
  const bytes = formatStore(SIZE, RS);
  const first = storageOffsetFor(SIZE, RS) / RS;
  const slots = SIZE / RS;
  const payloads = Array.from({ length: 8 }, (_, k) => {
    const [dump, part] = [Math.floor(k / 2) + 1, (k % 2) + 1];
    const text = `${dumpPartName(dump % 2 ? 'Oops' : 'Panic', dump, part)}\n${kernelLog(60, k)}`;
    return deflateSync(new TextEncoder().encode(text), { level: 6 });
  });
  let bootTime = 0;
  for (let slot = first, k = 0; slot < slots - 1; slot++, k++) {
    bootTime = 1_700_000_000 + Math.floor(k / 8) * 600;
    const id = (BigInt(bootTime) << 32n) + BigInt((k % 8) + 1);
    putRecord(bytes, slot, pstoreDmesgRecord(id, BigInt(bootTime), payloads[k % 8], true), id);
  }
  // A cleared part of the first dump: its bytes stay in the slot, the map no longer names it.
  clearSlot(bytes, first + 1);
  const rec = Buffer.from(readFileSync(corpusPath('libcper', 'memory.cper')));
  const at = new Date((bootTime - 2) * 1000);
  rec.set(
    [
      bcd(at.getUTCSeconds()),
      bcd(at.getUTCMinutes()),
      bcd(at.getUTCHours()),
      0x01,
      bcd(at.getUTCDate()),
      bcd(at.getUTCMonth() + 1),
      bcd(at.getUTCFullYear() % 100),
      bcd(Math.floor(at.getUTCFullYear() / 100)),
    ],
    24,
  );
  putRecord(bytes, slots - 1, rec, 0x6b8b4567n);
  const path = join(mkdtempSync(join(tmpdir(), 'erst-report-large-')), 'large.img');
  writeFileSync(path, bytes);
  return { path, bootTime };
}

const section = (html: string, id: string) =>
  html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
const articles = (html: string) => html.match(/<article class="dump"[\s\S]*?<\/article>/g) ?? [];
const csvRows = (text: string) => text.split('\r\n').filter(Boolean);
/** The CSV's columns up to the section types (the summary of a compressed part differs: not inflated). */
const facts = (row: string) => row.split(',').slice(0, 10).join(',');

describe('report of a large store, read as it streams', () => {
  let store: { path: string; bootTime: number };
  const out: Record<'whole' | 'streamed', { html: string; csv: string; streamed: string[] }> = {} as never;

  beforeAll(async () => {
    store = largeStore();
    for (const mode of ['whole', 'streamed'] as const) {
      const dir = mkdtempSync(join(tmpdir(), `erst-report-${mode}-`));
      const res = await writeCaseReport([store.path], {
        html: join(dir, 'r.html'),
        csv: join(dir, 'r.csv'),
        command: 'erst-viewer report large.img',
        options: {},
        policy: { evidence: [store.path] },
        refuseUnrecognised: true,
        // The whole decode below the threshold; the streaming pass forced on from 1 MiB.
        streamFrom: mode === 'whole' ? Infinity : 1024 * 1024,
        textBudget: BUDGET,
      });
      expect(res.status).toBe(0);
      out[mode] = {
        html: readFileSync(join(dir, 'r.html'), 'utf8'),
        csv: readFileSync(join(dir, 'r.csv'), 'utf8'),
        streamed: res.streamed,
      };
    }
  }, 60_000);

  it('is made from the streaming pass only past the threshold (64 MiB by default)', () => {
    expect(STREAM_REPORT_FROM).toBe(64 * 1024 * 1024);
    expect(out.whole.streamed).toEqual([]);
    expect(out.streamed.streamed).toEqual([store.path]);
    expect(out.streamed.html).toContain('Read from the store&#39;s index as it streamed');
    expect(out.whole.html).not.toContain('as it streamed');
  });

  it('CSV: every record, with the same slot, state, id, time, severity, creator and sections as the whole decode', () => {
    const [a, b] = [csvRows(out.whole.csv), csvRows(out.streamed.csv)];
    expect(a.length).toBe(1 + SIZE / RS - storageOffsetFor(SIZE, RS) / RS);
    expect(b.length).toBe(a.length);
    expect(b.map(facts)).toEqual(a.map(facts));
    // A record decoded from its slot (the memory error) is summarised alike.
    const hw = (rows: string[]) => rows.find((r) => r.includes('Platform Memory Error'));
    expect(hw(b)).toBeDefined();
    expect(hw(b)).toBe(hw(a));
    // A compressed part is summarised from its header line.
    expect(b[1]).toMatch(/Oops#1 Part1: compressed, not inflated/);
  });

  it('HTML: same summary counts, geometry, hardware errors, finding and records table rows', () => {
    // bytes, records, dumps, hardware errors: the numbers (the streamed report adds how many dumps it did not inflate).
    const row = (html: string) =>
      section(html, 'summary')
        .match(/<td class="num">[\d,]+/g)!
        .slice(0, 4);
    expect(row(out.streamed.html)).toEqual(row(out.whole.html));
    expect(row(out.streamed.html)[3]).toBe('<td class="num">1');
    expect(section(out.streamed.html, 'summary')).toMatch(/\(gaps of [\d,]+ not looked for\)/);
    const facts = (html: string) => html.match(/<dl class="facts">[\s\S]*?<\/dl>/)![0];
    expect(facts(out.streamed.html)).toEqual(facts(out.whole.html));
    expect(section(out.streamed.html, 'hardware')).toEqual(section(out.whole.html, 'hardware'));
    expect(section(out.streamed.html, 'hardware')).toMatch(/2 s before (Oops|Panic)#1/);
    expect(out.streamed.html).toMatch(/<li class="finding">Corrected memory error[^<]*2 s before (Oops|Panic)#1/);
    // Every record is a row (fewer than the table's 10,000), the same cells but the summary of a compressed part.
    const rows = (html: string) =>
      (html.match(/<tr class="(live|cleared)">[\s\S]*?<\/tr>/g) ?? []).map((r) => r.replace(/<td>[^<]*<\/td><\/tr>$/, ''));
    expect(rows(out.streamed.html)).toHaveLength(csvRows(out.whole.csv).length - 1);
    expect(rows(out.streamed.html)).toEqual(rows(out.whole.html));
  });

  it('HTML: every dump with its parts; texts of the most recent dumps only, within the budget, equal to the whole decode', () => {
    const [a, b] = [articles(out.whole.html), articles(out.streamed.html)];
    expect(b.length).toBe(a.length);
    const head = (x: string) => x.match(/<h4>.*<\/h4>\n<p>\d+ parts?: [^·]*/)![0];
    expect(b.map(head)).toEqual(a.map(head));
    const withText = b.map((x, i) => (x.includes('<pre class="log">') ? i : -1)).filter((i) => i >= 0);
    expect(withText.length).toBeGreaterThan(0);
    expect(withText.length).toBeLessThan(b.length);
    // The newest dumps (the end of the list), as a block: no older dump has a text.
    expect(withText).toEqual(withText.map((_, k) => b.length - withText.length + k));
    let total = 0;
    for (const i of withText) {
      expect(b[i]).toBe(a[i]);
      total += b[i].match(/<pre class="log">([\s\S]*)<\/pre>/)![1].length;
    }
    expect(total).toBeLessThanOrEqual(BUDGET * 1.2);
    expect(b[0]).toContain('The text of this dump is not in the report');
    expect(b[0]).toContain('log length not measured');
  });

  it('provenance: the same input sha256 either way', () => {
    const sha = createHash('sha256').update(readFileSync(store.path)).digest('hex');
    for (const m of ['whole', 'streamed'] as const) expect(section(out[m].html, 'provenance')).toContain(sha);
  });

  it("the export dialog's report of a large file is written from the stream; a small one is left to the whole decode", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-report-job-'));
    expect(await streamReportExport(corpusPath('S4-erase', 'backing.after-boot3'), dir)).toBe(false);
    expect(await streamReportExport(store.path, dir, { streamFrom: 1024 * 1024 })).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([
      'records.csv',
      'records.csv.SHA256SUMS',
      'records.csv.provenance.json',
      'report.html',
      'report.html.SHA256SUMS',
      'report.html.provenance.json',
    ]);
    expect(csvRows(readFileSync(join(dir, 'records.csv'), 'utf8')).length).toBe(csvRows(out.whole.csv).length);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('as it streamed');
  });
});

describe('report of large binary CPER records, read as they stream', () => {
  it('equals the whole decode but for what a streamed input leaves out: the note and the dump texts', async () => {
    // libcper's records of every section type, then the corpus panic's two parts as records, repeated past 1 MiB.
    const dir = corpusPath('libcper');
    const samples = readdirSync(dir)
      .filter((n) => n.endsWith('.cper'))
      .sort()
      .map((n) => readFileSync(join(dir, n)));
    const store = readFileSync(corpusPath('S2-accumulate', 'backing.after-boot1'));
    const parts = [1, 2].map((slot) => store.subarray(slot * 8192, slot * 8192 + store.readUInt32LE(slot * 8192 + 20)));
    const one = Buffer.concat([...samples, ...parts]);
    const path = join(mkdtempSync(join(tmpdir(), 'erst-report-records-')), 'records.cper');
    writeFileSync(path, Buffer.concat(Array.from({ length: Math.ceil((1.1 * 1024 * 1024) / one.length) }, () => one)));
    const out: { html: string; csv: string; status: number; streamed: string[] }[] = [];
    for (const streamFrom of [Infinity, 1024 * 1024]) {
      const o = mkdtempSync(join(tmpdir(), 'erst-report-records-out-'));
      const res = await writeCaseReport([path], {
        html: join(o, 'r.html'),
        csv: join(o, 'r.csv'),
        command: 'erst-viewer report records.cper',
        options: {},
        policy: { evidence: [path] },
        streamFrom,
      });
      out.push({ html: readFileSync(join(o, 'r.html'), 'utf8'), csv: readFileSync(join(o, 'r.csv'), 'utf8'), ...res });
    }
    const [whole, streamed] = out;
    expect([whole.streamed, streamed.streamed]).toEqual([[], [path]]);
    expect(streamed.status).toBe(whole.status);
    expect(csvRows(streamed.csv).length).toBeGreaterThan(1000);
    expect(streamed.csv).toBe(whole.csv);
    const dumps = articles(whole.html);
    expect(dumps.length).toBeGreaterThan(0);
    expect(whole.html).toContain('Kernel panic - not syncing');
    const bare = (html: string) =>
      html
        .replace(/<p class="muted">Read as it streamed[^<]*<\/p>\n/, '')
        .replace(/<article class="dump"[\s\S]*?<\/article>/g, (a) => a.slice(0, a.indexOf('</p>')));
    expect(bare(streamed.html)).toBe(bare(whole.html));
    expect(articles(streamed.html)[0]).toContain('are not in the report');
  });
});

describe("the export dialog's case report job", () => {
  it('of a store from 64 MiB on is written as the store streams, with progress', async () => {
    const { path, records } = storeFile(STREAM_REPORT_FROM);
    const dir = mkdtempSync(join(tmpdir(), 'erst-report-run-'));
    const posts: FromExportWorker[] = [];
    await runExport({ path, kind: 'report', dir, recovered: false }, (m) => posts.push(m));
    expect(posts.at(-1)).toEqual({ type: 'done', total: 100 });
    expect(posts.some((m) => m.type === 'step' && m.phase === 'writing the case report')).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('as it streamed');
    expect(csvRows(readFileSync(join(dir, 'records.csv'), 'utf8'))).toHaveLength(1 + records);
  }, 60_000);
});
