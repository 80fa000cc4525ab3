/**
 * Every corpus input's CPER-JSON, kernel text, dmesg export and inspect JSON, compared byte for
 * byte with the outputs recorded in tests/fixtures/golden (see its README to re-record one).
 * `GOLDEN_RECORD=1 npx vitest run tests/golden` records them instead of comparing.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { GOLDEN, goldenInputs, goldenName, goldenOutputs, type GoldenEntry, type GoldenOutputs } from './outputs';

const MANIFEST = join(GOLDEN, 'manifest.json');
/** Outputs up to this size are stored whole, so a change shows as a readable diff. */
const KEEP_WHOLE = 32 * 1024;
const RECORD = process.env.GOLDEN_RECORD;

function stored(input: string, kind: 'json' | 'text' | 'inspect'): string {
  return join(GOLDEN, 'files', `${goldenName(input)}.${kind === 'inspect' ? 'inspect.json' : kind === 'json' ? 'cper.json' : 'txt'}`);
}

function keep(input: string, out: GoldenOutputs): void {
  for (const kind of ['json', 'text', 'inspect'] as const) {
    const p = stored(input, kind);
    rmSync(p, { force: true });
    const b = out[kind];
    if (b && b.length <= KEEP_WHOLE) writeFileSync(p, b);
  }
}

const inputs = goldenInputs();

if (RECORD) {
  test('record golden outputs', async () => {
    // GOLDEN_RECORD=<path under tests/fixtures> re-records one input; 1 re-records all.
    const only = RECORD === '1' ? null : RECORD;
    const manifest: Record<string, GoldenEntry> = existsSync(MANIFEST) && only ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : {};
    mkdirSync(join(GOLDEN, 'files'), { recursive: true });
    for (const input of inputs) {
      if (only && input !== only) continue;
      const out = await goldenOutputs(input);
      manifest[input] = out.entry;
      keep(input, out);
    }
    expect(only === null || only in manifest, `${only} is not a corpus input`).toBe(true);
    const sorted = Object.fromEntries(
      Object.keys(manifest)
        .sort()
        .map((k) => [k, manifest[k]]),
    );
    writeFileSync(MANIFEST, JSON.stringify(sorted, null, 2) + '\n');
  });
} else {
  const manifest: Record<string, GoldenEntry> = JSON.parse(readFileSync(MANIFEST, 'utf8'));

  test('the manifest covers exactly the corpus inputs', () => {
    expect(Object.keys(manifest).sort()).toEqual([...inputs].sort());
  });

  describe.each(inputs)('%s', (input) => {
    test('outputs equal the recorded ones', async () => {
      const out = await goldenOutputs(input);
      const want = manifest[input];
      // Whole stored files first: their diff says what changed.
      for (const kind of ['json', 'text', 'inspect'] as const) {
        const p = stored(input, kind);
        if (existsSync(p)) expect(out[kind]?.toString('utf8'), `${kind} of ${input}`).toBe(readFileSync(p, 'utf8'));
      }
      expect(out.entry).toEqual(want);
    });
  });
}
