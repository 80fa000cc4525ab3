/**
 * A section-only file is listed as a record everywhere records are listed (inspect text and
 * JSON, the app's record list and detail), and its exports stay libcper's section form.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { runCli } from '../../main/cli/index';
import { openEvidence } from '../../main/services/decode-file';
import { cperExportInput } from '../../main/services/export-cper';
import { recordDetail } from '../../main/services/record-detail';
import { buildInspectReport } from '../../shared/report/inspect';

const FILE = 'tests/fixtures/corpus/libcper/section-memory.cpersection';

test('inspect (text and JSON) lists the section as one record', async () => {
  let out = '';
  const io = { out: (s: string) => (out += s), err: () => {} };
  expect(await runCli(['inspect', FILE], io)).toBe(0);
  expect(out).toMatch(/records:[\s\S]*@0 +file .*Memory Error occurred/);
  out = '';
  await runCli(['inspect', FILE, '--json'], io);
  const j = JSON.parse(out) as { records: { sections: { name: string }[]; state: string }[]; sections: unknown[] };
  expect(j.records).toHaveLength(1);
  expect(j.records[0].sections[0].name).toBe('Platform Memory Error');
  expect(j.sections).toHaveLength(1);
});

test('the app: record row and detail; exports keep the section form', () => {
  const ev = openEvidence(FILE);
  const report = buildInspectReport({ path: FILE, size: 0, sha256: '' }, ev.input);
  expect(report.records).toHaveLength(1);
  expect(report.records[0].summary).toContain('Memory Error');
  const detail = recordDetail(ev, 0);
  expect(JSON.stringify(detail)).toContain('Platform Memory Error');
  const x = cperExportInput(ev);
  expect([x.records.length, x.sections?.length]).toEqual([0, 1]);
  expect(readFileSync(FILE).length).toBeGreaterThan(72);
});
