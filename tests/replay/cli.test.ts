import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/index';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { linuxCount, linuxNextId, linuxRead } from '../../main/emulator/linux';

const C = 'tests/fixtures/corpus';

async function cli(args: string[]) {
  let out = '',
    err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('erst-viewer replay', () => {
  it('S7-full boot1 (no before-file) agrees, names the failed parts, and --out saves the replayed store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-cli-'));
    const out = join(dir, 'replayed.img');
    const r = await cli(['replay', `${C}/S7-full/boot1.trace.log`, '--after', `${C}/S7-full/backing.after-boot1`, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Result: trace and files AGREE');
    for (let p = 4; p <= 11; p++) expect(r.out).toContain(`NOT_ENOUGH_SPACE, carried Panic#1 Part${p} `);
    expect(sha(out)).toBe(sha(`${C}/S7-full/backing.after-boot1`));
  });

  it('--json gives the report; a wrong after-file exits 1 and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-cli-'));
    const j = await cli([
      'replay',
      `${C}/S10-timestamped/boot3.trace.log`,
      '--before',
      `${C}/S10-timestamped/backing.after-boot2`,
      '--after',
      `${C}/S10-timestamped/backing.after-boot3`,
      '--json',
    ]);
    expect(j.code).toBe(0);
    const rep = JSON.parse(j.out);
    expect(rep.ok).toBe(true);
    expect(rep.operations.filter((o: { kind: string }) => o.kind === 'clear').length).toBeGreaterThan(0);
    // Boot 3's trace replayed against boot 2's before-file as "after": the clears are missing from it.
    const before = sha(`${C}/S10-timestamped/backing.after-boot2`);
    const bad = await cli([
      'replay',
      `${C}/S10-timestamped/boot3.trace.log`,
      '--before',
      `${C}/S10-timestamped/backing.after-boot2`,
      '--after',
      `${C}/S10-timestamped/backing.after-boot2`,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('DISAGREE');
    expect(bad.out).toMatch(/header record_count: after \w+, model \w+/);
    expect(sha(`${C}/S10-timestamped/backing.after-boot2`)).toBe(before);
    void dir;
  });

  it('bad input: damaged trace exits 3 with the line, missing option exits 2, missing file exits 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-cli-'));
    const t = join(dir, 'bad.log');
    writeFileSync(t, 'acpi_erst_realizefn_out total nvram size 65536 bytes\nacpi_erst_reg_write addr: 0x0000 <== 0x00000000zz (size: 4)\n');
    const r = await cli(['replay', t, '--after', `${C}/S1-default/backing.after-boot1`]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('trace line 2: malformed register access');
    expect((await cli(['replay', t])).code).toBe(2);
    expect((await cli(['replay', join(dir, 'nope.log'), '--after', t])).code).toBe(3);
  });
});

describe('erst-viewer emulate', () => {
  it('runs Linux-style accesses over a copy of a corpus store: count and ids match the decoded store; the file is untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-cli-'));
    const storePath = `${C}/S2-accumulate/backing.after-boot3`;
    const before = sha(storePath);
    const decoded = decodeStore(bufferSource(new Uint8Array(readFileSync(storePath))), { records: false });
    const live = decoded.slots.filter((s) => s.state === 'live');
    const acc = [...linuxCount(), ...live.flatMap(() => linuxNextId()), ...linuxNextId(), ...linuxRead(BigInt(live[0].mapId!), 0, 4)];
    const f = join(dir, 'acc.json');
    writeFileSync(f, JSON.stringify(acc));
    const saved = join(dir, 'saved.img');
    const r = await cli(['emulate', '--store', storePath, '--accesses', f, '--save', saved]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(Number(lines[0])).toBe(live.length);
    const ids = [];
    for (let i = 0; i < live.length; i++) ids.push(((BigInt(lines[1 + 2 * i + 1]) << 32n) | BigInt(lines[1 + 2 * i])).toString());
    expect(ids).toEqual(live.map((s) => s.mapId));
    expect(lines[1 + 2 * live.length]).toBe('0xffffffff');
    expect(lines.at(-1)).toBe('43504552'); // the record read into the buffer starts with "CPER"
    expect(sha(storePath)).toBe(before);
    expect(sha(saved)).toBe(before); // reads change nothing
  });

  it('a new store: 8-byte reads, sub-dword writes and JSON output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-cli-'));
    const f = join(dir, 'acc.json');
    writeFileSync(
      f,
      JSON.stringify([
        { op: 'write', offset: 0, size: 4, value: '0xe' },
        { op: 'read', offset: 8, size: 8 },
        { op: 'write', offset: 8, size: 1, value: 255 },
        { op: 'read', offset: 8, size: 2 },
      ]),
    );
    const r = await cli(['emulate', '--size', '128K', '--record-size', '16384', '--accesses', f, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((x: { value: string }) => x.value)).toEqual(['0x0000000000004000', '0x00ff']);
  });

  it('bad input gives one clear message and exit 2/3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-cli-'));
    const f = join(dir, 'acc.json');
    writeFileSync(f, '[{"op":"write","offset":8,"size":3,"value":"0x1"}]');
    let r = await cli(['emulate', '--size', '65536', '--accesses', f]);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('access #0: "size" must be 1, 2, 4 or 8')]);
    writeFileSync(f, '[{"op":"write",');
    r = await cli(['emulate', '--size', '65536', '--accesses', f]);
    expect([r.code, r.err]).toEqual([3, expect.stringContaining('not valid JSON')]);
    writeFileSync(f, '[{"op":"buf-write","offset":8190,"hex":"010203"}]');
    r = await cli(['emulate', '--size', '65536', '--accesses', f]);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('go past the 8192-byte exchange buffer')]);
    r = await cli(['emulate', '--size', '65536', '--store', f, '--accesses', f]);
    expect(r.code).toBe(2);
    r = await cli(['emulate', '--size', '99999999999', '--accesses', f]);
    expect(r.code).toBe(2);
    writeFileSync(f, '[]');
    r = await cli(['emulate', '--size', '65536', '--record-size', '100', '--accesses', f]);
    expect([r.code, r.err]).toEqual([3, expect.stringContaining('ERST record_size 100 is invalid')]);
  });
});
