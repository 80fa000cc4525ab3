/**
 * An atomic output put on disk ahead of its commit (flushAhead, from a background thread) still
 * appears whole under its name only at commit, and never when aborted.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openAtomic } from '../../main/output/index';

const chunk = (i: number) => new Uint8Array(1 << 20).fill(i);

it('flushAhead then commitAsync: the whole file, under its name only once committed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'erst-flush-'));
  const out = join(dir, 'out.bin');
  const f = openAtomic(out, { evidence: [] });
  for (let i = 0; i < 8; i++) {
    f.write(chunk(i));
    f.flushAhead();
    expect(existsSync(out)).toBe(false);
  }
  await f.commitAsync();
  const got = readFileSync(out);
  expect(got.length).toBe(8 << 20);
  for (let i = 0; i < 8; i++) expect(got[(i << 20) + 12345]).toBe(i);
  expect(readdirSync(dir)).toEqual(['out.bin']);
});

it('flushAhead then abort: nothing left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'erst-flush-'));
  const f = openAtomic(join(dir, 'out.bin'), { evidence: [] });
  f.write(chunk(1));
  f.flushAhead();
  f.abort();
  expect(readdirSync(dir)).toEqual([]);
});
