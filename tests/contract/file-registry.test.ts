import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/contract/index';
import { FileRegistry } from '../../main/services/file-registry';
import { corpusPath } from '../helpers/corpus';

const S2 = corpusPath('S2-accumulate', 'backing.after-boot3');

describe('file registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
  const regs: FileRegistry[] = [];
  const make = () => {
    const r = new FileRegistry(undefined, {}, { workerPath: null });
    regs.push(r);
    return r;
  };
  afterAll(() => {
    for (const r of regs) r.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to open past the limit instead of closing a file without a word', () => {
    const reg = make();
    const bytes = new Uint8Array(64).fill(1);
    const opened = Array.from({ length: LIMITS.maxOpenFiles }, (_, i) => reg.openBytes(`f${i}.bin`, bytes, 'upload').info.id);
    expect(() => reg.openPath(S2, 'dialog')).toThrow(
      expect.objectContaining({
        code: 'too-many-files',
        message: expect.stringMatching(/16 files are open.*close one before opening backing\.after-boot3/),
      }),
    );
    expect(reg.list().map((f) => f.id)).toEqual(opened);
  });

  it('tells files with the same name apart by the end of their folder path, in every list', () => {
    const reg = make();
    for (const sub of ['a', 'b']) mkdirSync(join(dir, sub, 'x'), { recursive: true });
    mkdirSync(join(dir, 'd'), { recursive: true });
    copyFileSync(S2, join(dir, 'a', 'x', 'backing'));
    writeFileSync(join(dir, 'b', 'x', 'backing'), readFileSync(S2).subarray(0, 32768));
    copyFileSync(S2, join(dir, 'd', 'backing'));
    reg.openPath(join(dir, 'a', 'x', 'backing'), 'dialog');
    expect(reg.list()[0].label).toBe('backing');
    reg.openPath(join(dir, 'd', 'backing'), 'dialog');
    expect(reg.list().map((f) => f.label)).toEqual(['backing (x)', 'backing (d)']);
    reg.openPath(join(dir, 'b', 'x', 'backing'), 'dialog');
    expect(reg.list().map((f) => f.label)).toEqual(['backing (a/x)', 'backing (d)', 'backing (b/x)']);
    reg.openBytes('backing', new Uint8Array(16), 'upload');
    reg.openBytes('backing', new Uint8Array(16), 'upload');
    expect(
      reg
        .list()
        .map((f) => f.label)
        .slice(3),
    ).toEqual(['backing (upload 1)', 'backing (upload 2)']);
    const [a, , b] = reg.list();
    expect(a.detail).toMatch(/^in x\/ · 65536 bytes · sha256 [0-9a-f]{12}$/);
    expect(b.detail).toMatch(/^in x\/ · 32768 bytes · sha256 [0-9a-f]{12}$/);
    for (const f of reg.list()) expect(f.detail).not.toContain(dir);
  });

  it('removes an upload copy when it is closed, and copies of dead processes at start', () => {
    // A folder left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max default).
    const stale = join(tmpdir(), `erst-viewer-${(1 << 22) + 1}-test`);
    mkdirSync(stale, { recursive: true });
    const reg = make();
    expect(existsSync(stale)).toBe(false);
    const f = reg.openBytes('up.bin', new Uint8Array(32), 'upload');
    const copies = () =>
      readdirSync(tmpdir())
        .filter((n) => n.startsWith(`erst-viewer-${process.pid}-`))
        .flatMap((n) => readdirSync(join(tmpdir(), n)));
    const before = copies().length;
    reg.close(f.info.id);
    expect(copies().length).toBe(before - 1);
  });

  it('keeps inputs that are not evidence apart: not listed, not counted, not indexed', () => {
    const reg = make();
    const inputs = Array.from({ length: LIMITS.maxOpenFiles + 2 }, (_, i) =>
      reg.openInput(`trace${i}.log`, new TextEncoder().encode('acpi_erst_reg_write\n'), 'trace'),
    );
    expect(reg.list()).toEqual([]);
    expect(reg.input(inputs[0].id)).toMatchObject({ name: 'trace0.log', kind: 'trace' });
    reg.openPath(S2, 'dialog');
    expect(reg.list()).toHaveLength(1);
    expect(() => reg.input('iNOPE')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
