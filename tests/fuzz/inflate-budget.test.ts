import { describe, expect, it } from 'vitest';
import { inflateSync } from 'fflate';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../main/evidence/native-inflate';
import { decodeInput } from '../../shared/input/index';
import { decodeRecord } from '../../shared/cper/record';
import { useInflater, type Inflater } from '../../shared/pstore/inflate';
import { inflateBudget, withInflateBudget } from '../../shared/pstore/budget';
import { deflateBomb, distinctBombsRecord, sharedBombRecord } from '../../fuzz/bomb';
import { cli } from '../helpers/cli';

/** Counts inflations and the bytes they produced, around whichever inflater is installed. */
function counting<T>(run: () => T): { result: T; calls: number; bytes: number } {
  let calls = 0;
  let bytes = 0;
  const prev = useInflater(undefined);
  useInflater(((input, zlib, limit) => {
    calls++;
    const out = prev(input, zlib, limit);
    bytes += out.length;
    return out;
  }) as Inflater);
  try {
    return { result: run(), calls, bytes };
  } finally {
    useInflater(prev);
  }
}

const MiB = 1024 * 1024;
const codes = (r: ReturnType<typeof decodeRecord>) => r.sections.flatMap((s) => s.diagnostics.map((d) => d.code));

describe('one inflate budget per file', () => {
  it('the bomb builder makes a raw deflate stream of the asked size', () => {
    const b = deflateBomb(1000003, 0x42);
    const out = inflateSync(b);
    expect(out.length).toBe(1000003);
    expect(out.every((x) => x === 0x42)).toBe(true);
    expect(b.length).toBeLessThan(8000);
  });

  it('a stream named by 128 descriptors is inflated once, and memory stays bounded', () => {
    const rec = sharedBombRecord(128, deflateBomb(32 * MiB));
    expect(rec.length).toBeLessThan(256 * 1024);
    const rss = process.memoryUsage().rss;
    const { result, calls, bytes } = counting(() => decodeInput(rec));
    const grew = process.memoryUsage().rss - rss;
    expect(calls).toBe(1);
    expect(bytes).toBe(32 * MiB);
    const secs = result.records[0].sections;
    expect(secs).toHaveLength(128);
    expect(secs.every((s) => s.pstore?.decompressed && s.pstore.textLength === 32 * MiB)).toBe(true);
    // Per section, this was 128 × 32 MiB = 4 GiB.
    expect(grew).toBeLessThan(512 * MiB);
  });

  it('distinct bombs stop at the file budget with a specific diagnostic', () => {
    const rec = distinctBombsRecord(12, 8 * MiB);
    const { result, bytes } = counting(() => decodeRecord(rec));
    expect(bytes).toBeLessThanOrEqual(64 * MiB);
    const done = result.sections.filter((s) => s.pstore?.decompressed).length;
    expect(done).toBe(8);
    expect(codes(result).filter((c) => c === 'pstore.inflate-budget')).toHaveLength(4);
    const d = result.sections[11].diagnostics.find((x) => x.code === 'pstore.inflate-budget')!;
    expect(d.message).toMatch(/budget for one file/);
    expect(d.offset).toBe(result.sections[11].offset);
  });

  it('an explicit budget bounds a file, and a session budget bounds several files', () => {
    const one = distinctBombsRecord(3, 8 * MiB, 0x5f00000010n);
    const r = withInflateBudget(inflateBudget(16 * MiB), () => decodeRecord(one));
    expect(r.sections.map((s) => !!s.pstore?.decompressed)).toEqual([true, true, false]);
    const session = inflateBudget(24 * MiB);
    const a = withInflateBudget(inflateBudget(64 * MiB, session), () => decodeRecord(one));
    const b = withInflateBudget(inflateBudget(64 * MiB, session), () => decodeRecord(distinctBombsRecord(3, 8 * MiB, 0x5f00000011n)));
    expect(a.sections.filter((s) => s.pstore?.decompressed)).toHaveLength(3);
    expect(b.sections.filter((s) => s.pstore?.decompressed)).toHaveLength(0);
    expect(codes(b)).toContain('pstore.inflate-budget');
  });

  it('the CLI reports the spent budget and exits 1 with its closing line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-bomb-'));
    const p = join(dir, 'bombs.cper');
    writeFileSync(p, distinctBombsRecord(10, 8 * MiB));
    const r = await cli('inspect', p, '--json', '--no-fields');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    const all = [...j.diagnostics, ...j.records.flatMap((x: { diagnostics: unknown[] }) => x.diagnostics)] as { code: string }[];
    expect(all.filter((d) => d.code === 'pstore.inflate-budget')).toHaveLength(2);
    expect(r.err).toMatch(/erst-viewer: exit 1: /);
  });
});

describe('the inflate cache never serves stale bytes', () => {
  it('a buffer changed in place and decoded again is inflated again', () => {
    const rec = distinctBombsRecord(1, 1000, 0x5f00000020n);
    const first = decodeRecord(rec).sections[0].pstore!;
    const at = first.text!.length ? decodeRecord(rec).sections[0].offset : 0;
    // Same buffer, same (offset, length), different bytes: another fill letter.
    rec.set(deflateBomb(1000, 0x5a).subarray(0, rec.length - at), at);
    const second = decodeRecord(rec).sections[0].pstore!;
    expect(first.text![0]).toBe(0x41);
    expect(second.text![0]).toBe(0x5a);
  });
});
