import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { cperJsonTextOf } from '../../shared/export/cper-json/index';
import { runCli } from '../../main/cli/index';

const DIR = 'tests/fixtures/corpus/libcper/';
const io = () => {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get: () => ({ out, err }) };
};

describe('malformed inputs: partial results, diagnostics at byte offsets, non-zero exit (libcper printed null and exited 0)', () => {
  test('truncated header: diagnostic, nothing hidden, exit 1', async () => {
    const b = new Uint8Array(readFileSync(DIR + 'malformed/truncated-header-100B.cper'));
    const res = decodeInput(b);
    expect(res.records).toHaveLength(1);
    expect(res.records[0].diagnostics.some((d) => d.code === 'record.truncated-header' && d.offset === 0)).toBe(true);
    expect(res.records[0].header.children!.find((c) => c.key === 'recordId')!.validity).toBe('absent');
  });
  test('truncated body: memory section decoded as far as bytes allow', () => {
    const b = new Uint8Array(readFileSync(DIR + 'malformed/truncated-body-250of280B.cper'));
    const rec = decodeInput(b).records[0];
    const sec = rec.sections[0];
    expect(sec.diagnostics.some((d) => d.code === 'section.length-past-end')).toBe(true);
    expect(sec.body).toBeDefined();
    const present = sec.body!.children!.filter((c) => c.validity !== 'absent').map((c) => c.key);
    expect(present).toContain('physicalAddress');
    expect(sec.body!.children!.find((c) => c.key === 'moduleHandle')!.validity).toBe('absent');
  });
  test('section count 5 but 1: the real section still decodes; count diagnostic at offset 10', () => {
    const bytes = new Uint8Array(readFileSync(DIR + 'malformed/section-count-5-but-1.cper'));
    const rec = decodeInput(bytes).records[0];
    expect(rec.diagnostics.some((d) => d.code === 'record.section-count' && d.offset === 10)).toBe(true);
    expect(rec.sections[0].body?.children?.length).toBeGreaterThan(10);
    const json = JSON.parse(cperJsonTextOf(bytes)) as { sections: { Memory?: unknown }[] };
    expect(json.sections[0].Memory).toBeDefined();
  });
  test('section offset past end', () => {
    const rec = decodeInput(new Uint8Array(readFileSync(DIR + 'malformed/section-offset-past-end.cper'))).records[0];
    expect(rec.sections[0].diagnostics.some((d) => d.code === 'section.offset-past-end')).toBe(true);
  });
  test('two records concatenated: both decode (libcper ignored the second)', () => {
    const res = decodeInput(new Uint8Array(readFileSync(DIR + 'malformed/two-records-concatenated.cper')));
    expect(res.records.length).toBe(2);
  });
  for (const f of readdirSync(DIR + 'malformed').filter((x) => x.endsWith('.cper') && !x.startsWith('two-'))) {
    test(`CLI export --json ${f}: JSON written, exit 1`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'ev-')), 'out.json');
      const c = io();
      const code = await runCli(['export', DIR + 'malformed/' + f, '--json', out], c.io);
      expect(code).toBe(1);
      expect(readFileSync(out, 'utf8')).toContain('"header"');
    });
  }
  test('not CPER at all: exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-'));
    writeFileSync(join(dir, 'junk.bin'), new Uint8Array(300).fill(0x5a));
    const c = io();
    expect(await runCli(['export', join(dir, 'junk.bin'), '--json', join(dir, 'o.json')], c.io)).toBe(3);
  });
});
