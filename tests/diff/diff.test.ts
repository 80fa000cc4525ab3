import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { CORPUS, CORPUS_612 } from '../helpers/corpus';
import { openEvidence } from '../../main/services/decode-file';
import { replay } from '../../main/replay/index';
import { diffSnapshots, liveSlots, netReplayChanges, netSlotChanges, type DiffSide } from '../../shared/diff/store-diff';

const side = (path: string): DiffSide => {
  const ev = openEvidence(path);
  return { input: ev.input, bytes: ev.file };
};

/** Every boot of the series that has a trace: its before (none for boot 1), after and trace. */
function boots(root: string, scenario: string) {
  const dir = join(root, scenario);
  const out: { boot: number; before?: string; after: string; trace: string }[] = [];
  for (let n = 1; existsSync(join(dir, `backing.after-boot${n}`)); n++) {
    const trace = join(dir, `boot${n}.trace.log`);
    if (!existsSync(trace)) continue;
    out.push({
      boot: n,
      before: n > 1 ? join(dir, `backing.after-boot${n - 1}`) : undefined,
      after: join(dir, `backing.after-boot${n}`),
      trace,
    });
  }
  return out;
}

const SERIES: [string, string][] = [
  ...['S2-accumulate', 'S4-erase', 'S10-timestamped', 'S7-full'].map((s) => [CORPUS, s] as [string, string]),
  ...['S2-accumulate', 'S4-erase', 'S10-timestamped', 'S7-full', 'S13-compress-fallback']
    .filter((s) => existsSync(join(CORPUS_612, s)))
    .map((s) => [CORPUS_612, s] as [string, string]),
];

describe('snapshot diff against replay of the boot trace', () => {
  for (const [root, scenario] of SERIES) {
    it(`${root === CORPUS ? 'corpus' : 'corpus-612'}/${scenario}: every boot's writes and clears equal the replay's`, () => {
      const list = boots(root, scenario);
      expect(list.length).toBeGreaterThan(1);
      let changes = 0;
      for (const b of list) {
        const before = b.before ? side(b.before) : undefined;
        const after = side(b.after);
        const d = diffSnapshots(before, after);
        const r = replay({
          trace: readFileSync(b.trace, 'utf8'),
          before: b.before ? new Uint8Array(readFileSync(b.before)) : undefined,
          after: new Uint8Array(readFileSync(b.after)),
        }).report;
        expect(r.ok, `boot ${b.boot} replays`).toBe(true);
        const fromTrace = netReplayChanges(r.operations, liveSlots(before));
        expect(netSlotChanges(d), `boot ${b.boot}`).toEqual(fromTrace);
        changes += fromTrace.length;
      }
      expect(changes).toBeGreaterThan(0);
    });
  }
});

describe('erst-viewer diff', () => {
  const S4 = join(CORPUS, 'S4-erase');
  it('names the cleared slot, the record_count change and the cleared record (exit 1)', async () => {
    const r = await cli('diff', join(S4, 'backing.after-boot2'), join(S4, 'backing.after-boot3'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('record_count: 4 → 3');
    expect(r.out).toMatch(/slot +1 @0x2000 +cleared +0x6b02511d00000001/);
    expect(r.out).toContain('records: 0 added, 0 removed, 1 cleared');
  });

  it('identical snapshots: exit 0', async () => {
    const r = await cli('diff', join(S4, 'backing.after-boot3'), join(S4, 'backing.after-boot4'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('identical');
  });

  it('--json lists written slots, added records and the new dump', async () => {
    const r = await cli('diff', join(S4, 'backing.after-boot1'), join(S4, 'backing.after-boot2'), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.after.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.counts).toMatchObject({ written: 2, cleared: 0, overwritten: 0 });
    expect(doc.slots.filter((s: { kind: string }) => s.kind === 'written').map((s: { slot: number }) => s.slot)).toEqual([3, 4]);
    expect(doc.records.added.map((x: { recordIdHex: string }) => x.recordIdHex)).toEqual(['0x6b02512a00000001', '0x6b02512a00000002']);
    expect(doc.dumps.added).toHaveLength(1);
    expect(doc.dumps.added[0]).toMatchObject({ bootId: '0x6b02512a', reason: 'Panic', count: 1 });
  });

  it('--json OUT writes the comparison with provenance beside it; never over the evidence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-diff-'));
    const out = join(dir, 'diff.json');
    const a = join(S4, 'backing.after-boot2'),
      b = join(S4, 'backing.after-boot3');
    expect((await cli('diff', a, b, '--json', out)).code).toBe(1);
    const first = readFileSync(out);
    expect(JSON.parse(first.toString()).counts.cleared).toBe(1);
    const prov = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(prov.inputs.map((i: { path: string }) => i.path)).toEqual([a, b]);
    expect(readFileSync(`${out}.SHA256SUMS`, 'utf8')).toContain('  diff.json\n');
    expect((await cli('diff', a, b, '--json', out)).code).toBe(2);
    expect((await cli('diff', a, b, '--json', out, '--force')).code).toBe(1);
    expect(readFileSync(out)).toEqual(first);
    expect((await cli('diff', a, b, '--json', b, '--force')).code).toBe(2);
  });

  it('two CPER files: a record with the same id and other bytes is named as changed', async () => {
    const L = join(CORPUS, 'libcper');
    const r = await cli('diff', join(L, 'memory.cper'), join(L, 'multi-memory-pcie.cper'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('records: 0 added, 0 removed, 0 cleared, 1 changed');
    expect(r.out).toContain('! 0x000000006b8b4567  same id, different bytes');
    expect(r.out).not.toContain('slots:');
    expect(r.err).toContain('the files differ');
  });

  it('usage error is 2, unreadable or unrecognised input 3', async () => {
    expect((await cli('diff', join(S4, 'backing.after-boot1'))).code).toBe(2);
    expect((await cli('diff', join(S4, 'no-such-file'), join(S4, 'backing.after-boot1'))).code).toBe(3);
    const dir = mkdtempSync(join(tmpdir(), 'erst-diff-'));
    writeFileSync(join(dir, 'junk'), 'not a store at all\n');
    const r = await cli('diff', join(S4, 'backing.after-boot1'), join(dir, 'junk'));
    expect(r.code).toBe(3);
    expect(r.err).toContain('not an ERST store');
  });
});

describe('erst-viewer history', () => {
  it('S7-full: boot 1 fills the store, its trace shows the eight parts that did not fit', async () => {
    const S7 = join(CORPUS, 'S7-full');
    const r = await cli(
      'history',
      join(S7, 'backing.after-boot1'),
      join(S7, 'backing.after-boot2'),
      '--trace',
      `1=${join(S7, 'boot1.trace.log')}`,
      '--trace',
      join(S7, 'boot2.trace.log'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('boot 1: (no file before: QEMU created it)');
    expect(r.out).toContain('3 written, 0 cleared');
    for (let p = 4; p <= 11; p++) expect(r.out).toContain(`NOT_ENOUGH_SPACE (Panic#1 Part${p})`);
    expect(r.out).toMatch(/boot 2: .*\n {2}nothing changed/);
    expect(r.out.match(/its writes and clears match the diff/g)).toHaveLength(2);
  });

  it('S4-erase --json: boot 3 cleared one record', async () => {
    const S4 = join(CORPUS, 'S4-erase');
    const r = await cli('history', ...[1, 2, 3, 4].map((n) => join(S4, `backing.after-boot${n}`)), '--json');
    expect(r.code).toBe(0);
    const h = JSON.parse(r.out);
    expect(
      h.map((b: { diff: { counts: { written: number; cleared: number } } }) => [b.diff.counts.written, b.diff.counts.cleared]),
    ).toEqual([
      [2, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('a trace that names no boot is a usage error', async () => {
    const S4 = join(CORPUS, 'S4-erase');
    const r = await cli('history', join(S4, 'backing.after-boot1'), '--trace', join(S4, 'MANIFEST.md'));
    expect(r.code).toBe(2);
  });
});
