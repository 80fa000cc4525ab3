import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { CORPORA, CORPUS, oracles } from '../helpers/corpus';
import { openEvidence } from '../../main/services/decode-file';
import { testDispatcher } from '../helpers/dispatcher';
import type { FileInfo } from '../../shared/contract/index';
import type { TimelineSource } from '../../shared/timeline/build';
import { dumpsOf, type DecodedInput } from '../../shared/report/inspect';
import type { Dump } from '../../shared/pstore/dump';

/**
 * A gap marker names the missing part and then why; only the store can know a part was cleared
 * (its bytes are still in a slot), so the reason is left out of the comparison.
 */
const withoutGapReasons = (t: Uint8Array) =>
  Buffer.from(t)
    .toString('latin1')
    .replace(/^(--- .*? missing from this store)[^\n]*---$/gm, '$1 ---');

/** What must agree between a folder and its backing file: the dump, not how it was stored. */
function shape(d: Dump) {
  return {
    bootId: d.bootId,
    reason: d.reason,
    count: d.count,
    parts: d.parts.map((p) => [p.part, p.recordId]),
    missingParts: d.missingParts,
    sha: createHash('sha256')
      .update(withoutGapReasons(d.text ?? new Uint8Array(0)), 'latin1')
      .digest('hex'),
  };
}

const dumpsOfPath = (p: string, drop: Set<string> = new Set()) => {
  const ev = openEvidence(p);
  try {
    const input: DecodedInput = { ...ev.input, records: ev.input.records.filter((r) => !drop.has(r.record.recordId ?? '')) };
    return dumpsOf(input, false).map(shape);
  } finally {
    ev.file.close();
  }
};

/** Ids the oracle boot itself erased (rm in /sys/fs/pstore) before it dumped the folder. */
function erasedBy(oracleDir: string): Set<string> {
  const f = join(oracleDir, 'meta', 'erased.txt');
  if (!existsSync(f)) return new Set();
  return new Set([...readFileSync(f, 'utf8').matchAll(/dmesg-erst-(\d+)/g)].map((m) => m[1]));
}

const tmp = () => mkdtempSync(join(tmpdir(), 'erst-pstore-'));

describe('oracle pstore folders give the dumps of the backing file they came from', () => {
  for (const root of CORPORA) {
    for (const o of oracles(root)) {
      it(`${o.corpus}/${o.scenario}/oracle-boot${o.boot}`, () => {
        const fromFolder = dumpsOfPath(join(o.dir, 'pstore'));
        const fromStore = dumpsOfPath(o.before, erasedBy(o.dir));
        expect(fromFolder.length).toBeGreaterThan(0);
        expect(fromFolder).toEqual(fromStore);
      });
    }
  }
});

describe('pstore inputs', () => {
  const { ok } = testDispatcher();
  const S4 = join(CORPUS, 'S4-erase', 'oracle-boot3', 'pstore');

  it('a systemd-pstore archive (files moved into <id>/ with dmesg.txt) and its dmesg.txt alone give the same dumps', () => {
    const dir = tmp();
    const names = readdirSync(S4).sort();
    // As systemd-pstore does: highest id first into dmesg.txt, files moved into a folder per dump.
    const byPrefix = new Map<string, string[]>();
    for (const n of names) {
      const id = n.replace(/^dmesg-erst-/, '');
      const k = id.slice(0, id.length - 6);
      byPrefix.set(k, [...(byPrefix.get(k) ?? []), n]);
    }
    const txtOnly = join(dir, 'txt-only');
    for (const [k, list] of byPrefix) {
      const sub = join(dir, 'archive', k);
      mkdirSync(sub, { recursive: true });
      mkdirSync(join(txtOnly, k), { recursive: true });
      const chunks: Buffer[] = [];
      for (const n of [...list].reverse()) {
        copyFileSync(join(S4, n), join(sub, n));
        chunks.push(Buffer.from(`${n}:\n`), readFileSync(join(S4, n)));
      }
      writeFileSync(join(sub, 'dmesg.txt'), Buffer.concat(chunks));
      writeFileSync(join(txtOnly, k, 'dmesg.txt'), Buffer.concat(chunks));
    }
    const expected = dumpsOfPath(S4);
    expect(dumpsOfPath(join(dir, 'archive'))).toEqual(expected);
    expect(dumpsOfPath(txtOnly)).toEqual(expected);
  });

  it('a .enc.z file is inflated; one that cannot be is kept compressed, named, and reported', async () => {
    const dir = tmp();
    // The compressed payload of a real DMESG_Z record (S2 after boot 1, slot 1).
    const backing = readFileSync(join(CORPUS, 'S2-accumulate', 'backing.after-boot1'));
    const slot = backing.subarray(8192, 16384);
    const len = slot.readUInt32LE(20);
    const payload = slot.subarray(200, len);
    const id = slot.readBigUInt64LE(96).toString();
    writeFileSync(join(dir, `dmesg-erst-${id}.enc.z`), payload);
    const ev = openEvidence(dir);
    const p = ev.input.records[0].record.sections[0].pstore!;
    expect(p.decompressed).toBe(true);
    expect(`${p.reason}#${p.count} Part${p.part}`).toBe('Panic#1 Part1');
    ev.file.close();

    const bad = tmp();
    writeFileSync(join(bad, `dmesg-erst-${id}.enc.z`), payload.subarray(0, 100));
    const out = join(tmp(), 'out');
    const r = await cli('export', bad, '--dmesg', out);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toContain(`dmesg-erst-${id}.enc.z`);
    expect(readFileSync(join(out, `dmesg-erst-${id}.enc.z`))).toEqual(payload.subarray(0, 100));
  });

  it('inspect of one dmesg-erst file names the parts missing beside it; export --dmesg gives the file back byte for byte', async () => {
    const one = join(S4, 'dmesg-erst-7710814752842186754');
    const r = await cli('inspect', one, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.dumps).toHaveLength(1);
    expect(doc.dumps[0]).toMatchObject({ bootId: '0x6b02512a', reason: 'Panic', count: 1, missingParts: [1] });
    const out = join(tmp(), 'out');
    expect((await cli('export', S4, '--dmesg', out)).code).toBe(0);
    for (const n of readdirSync(S4)) expect(readFileSync(join(out, n))).toEqual(readFileSync(join(S4, n)));
  });

  it('the app opens a folder like a file, read-only', async () => {
    const before = readdirSync(S4).map((n) => [n, readFileSync(join(S4, n))]);
    const f = await ok<FileInfo>('files.openDropped', { path: S4 });
    const src = await ok<TimelineSource>('timeline.source', { fileId: f.id });
    expect(src.records.map((r) => r.recordIdHex)).toEqual(['0x6b02511d00000002', '0x6b02512a00000001', '0x6b02512a00000002']);
    expect(src.dumps.map((d) => [d.bootId, d.missingParts])).toEqual([
      ['0x6b02511d', [1]],
      ['0x6b02512a', []],
    ]);
    expect(readdirSync(S4).map((n) => [n, readFileSync(join(S4, n))])).toEqual(before);
  });

  it('a dmesg-erst file uploaded from a browser is read as one', async () => {
    const name = 'dmesg-erst-7710814752842186754';
    const f = await ok<FileInfo>('files.upload', { name, base64: readFileSync(join(S4, name)).toString('base64') });
    const src = await ok<TimelineSource>('timeline.source', { fileId: f.id });
    expect(src.dumps.map((d) => [d.bootId, d.reason, d.missingParts])).toEqual([['0x6b02512a', 'Panic', [1]]]);
  });

  it('export --json of a folder names every file it read in its provenance', async () => {
    const out = join(tmp(), 'records.json');
    const r = await cli('export', S4, '--json', out);
    expect(r.code).toBe(0);
    const prov = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(prov.inputs.map((i: { path: string }) => i.path.split('/').pop()).sort()).toEqual(readdirSync(S4).sort());
  });

  it('a folder with no pstore file is unrecognised (exit 3)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'nothing here\n');
    const r = await cli('inspect', dir);
    expect(r.code).toBe(3);
  });
});
