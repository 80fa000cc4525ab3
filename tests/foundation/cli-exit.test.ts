import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { corpusBytes, corpusPath } from '../helpers/corpus';

const tmp = mkdtempSync(join(tmpdir(), 'erst-cli-'));
function file(name: string, bytes: Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

describe('CLI exit codes and messages', () => {
  it('0 for a clean store, summary on stdout', async () => {
    const r = await cli('inspect', corpusPath('S1-default', 'backing.after-boot1'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('record_size 8192');
    expect(r.out).toContain('Panic#1 Part1');
    expect(r.err).toBe('');
  });

  it('2 for usage errors', async () => {
    expect((await cli('inspect')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('export', corpusPath('S1-default', 'backing.after-boot1'))).code).toBe(2);
  });

  it('3 for a missing file or one that is neither a store nor CPER, with a one-line message', async () => {
    const missing = await cli('inspect', join(tmp, 'nope'));
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/^erst-viewer: .*ENOENT/);
    const junk = await cli('inspect', file('junk.bin', new TextEncoder().encode('hello world, not an error record')));
    expect(junk.code).toBe(3);
    expect(junk.err).not.toMatch(/at .*\.ts:\d+/);
    const dir = await cli('inspect', tmp);
    expect(dir.code).toBe(3);
  });

  it('1 for a damaged store, with partial results still printed', async () => {
    const b = corpusBytes('S2-accumulate', 'backing.after-boot3').slice(0, 4 * 8192 + 1000);
    const r = await cli('inspect', file('cut.img', b), '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.records.length).toBeGreaterThanOrEqual(3);
    const codes = j.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toContain('store.size-not-multiple');
    expect(codes).toContain('slot.truncated');
    // The cut record is still shown, flagged, with what could be decoded.
    const cut = j.records.find((x: { slot: number }) => x.slot === 4);
    expect(cut.diagnostics.map((d: { code: string }) => d.code)).toContain('record.length-past-end');
  });

  it('accepts a plain .cper file with several records back to back', async () => {
    const store = corpusBytes('S2-accumulate', 'backing.after-boot3');
    const dv = new DataView(store.buffer, store.byteOffset);
    const recs = [1, 2, 3].map((s) => store.slice(s * 8192, s * 8192 + dv.getUint32(s * 8192 + 20, true)));
    const joined = new Uint8Array(recs.reduce((n, r) => n + r.length, 0));
    let o = 0;
    for (const r of recs) {
      joined.set(r, o);
      o += r.length;
    }
    const r = await cli('inspect', file('three.cper', joined), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('cper');
    expect(j.records.map((x: { offset: number }) => x.offset)).toEqual([0, recs[0].length, recs[0].length + recs[1].length]);
  });

  it('never writes the evidence file', async () => {
    const p = file('evidence.img', corpusBytes('S4-erase', 'backing.after-boot3'));
    const { statSync, chmodSync } = await import('node:fs');
    chmodSync(p, 0o444);
    const before = statSync(p).mtimeMs;
    const out = mkdtempSync(join(tmpdir(), 'erst-ro-'));
    const r = await cli('export', p, '--dmesg', out, '--recovered');
    expect(r.code).toBe(0);
    expect(statSync(p).mtimeMs).toBe(before);
  });
});
