import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { generateStore } from '../../shared/generate/store';
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

/** The last line a run wrote to stderr. */
const lastLine = (err: string): string => err.trimEnd().split('\n').pop() ?? '';

describe('CLI: a closing line whenever the exit code is not 0', () => {
  it('says why for 1, 2 and 3, and prints nothing extra for 0', async () => {
    const cut = file('cut2.img', corpusBytes('S2-accumulate', 'backing.after-boot3').slice(0, 4 * 8192 + 1000));
    const damaged = await cli('inspect', cut);
    expect(damaged.code).toBe(1);
    expect(lastLine(damaged.err)).toMatch(/^erst-viewer: exit 1: .*error/);
    const usage = await cli('inspect');
    expect(usage.code).toBe(2);
    expect(lastLine(usage.err)).toMatch(/^erst-viewer: exit 2: usage error/);
    const junk = await cli('inspect', file('junk2.bin', new TextEncoder().encode('not a record at all, just words')));
    expect(junk.code).toBe(3);
    expect(lastLine(junk.err)).toMatch(/^erst-viewer: exit 3: /);
    const ok = await cli('inspect', corpusPath('S1-default', 'backing.after-boot1'));
    expect(ok.err).toBe('');
  });
});

describe('CLI: special files are refused before they are opened', () => {
  it('a FIFO is refused at once (never blocks), exit 3 with its kind named', async () => {
    const fifo = join(tmp, 'evidence.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await cli('inspect', fifo);
    expect(r.code).toBe(3);
    expect(lastLine(r.err)).toMatch(/^erst-viewer: exit 3: .*evidence\.fifo: is a FIFO/);
    const ex = await cli('export', fifo, '--json', join(tmp, 'fifo.json'));
    expect(ex.code).toBe(3);
    const rp = await cli('replay', fifo, '--after', corpusPath('S1-default', 'backing.after-boot1'));
    expect(rp.code).toBe(3);
    expect(rp.err).toMatch(/is a FIFO/);
  });

  it('a character device is refused with its kind', async () => {
    const dev = await cli('inspect', '/dev/zero');
    expect(dev.code).toBe(3);
    expect(dev.err).toMatch(/is a character device/);
    const rp = await cli('emulate', '--store', '/dev/zero', '--accesses', '/dev/null');
    expect(rp.code).toBe(3);
    expect(rp.err).toMatch(/is a character device/);
  });
});

describe('CLI: --save and --out never overwrite evidence or existing files', () => {
  const accesses = (): string => {
    const p = join(mkdtempSync(join(tmpdir(), 'erst-acc-')), 'acc.json');
    writeFileSync(p, JSON.stringify([{ op: 'write', offset: 0, size: 4, value: '0x5' }]));
    return p;
  };

  it('emulate --save refuses its inputs, a symlink to them and an existing file without --force', async () => {
    const acc = accesses();
    const before = readFileSync(acc, 'utf8');
    const self = await cli('emulate', '--size', '64K', '--accesses', acc, '--save', acc, '--force');
    expect(self.code).toBe(2);
    expect(lastLine(self.err)).toMatch(/^erst-viewer: exit 2: .*evidence/);
    const link = join(tmp, 'link-to-acc');
    symlinkSync(acc, link);
    expect((await cli('emulate', '--size', '64K', '--accesses', acc, '--save', link, '--force')).code).toBe(2);
    expect(readFileSync(acc, 'utf8')).toBe(before);

    const out = join(tmp, 'saved.erst');
    writeFileSync(out, 'old');
    const exists = await cli('emulate', '--size', '64K', '--accesses', acc, '--save', out);
    expect(exists.code).toBe(2);
    expect(exists.err).toMatch(/already exists \(use --force/);
    expect(readFileSync(out, 'utf8')).toBe('old');
    const forced = await cli('emulate', '--size', '64K', '--accesses', acc, '--save', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(out).length).toBe(64 * 1024);
    expect(readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('replay --out refuses the after-file and the trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-rp-'));
    const after = join(dir, 'backing.after-boot1');
    writeFileSync(after, corpusBytes('S1-default', 'backing.after-boot1'));
    const trace = corpusPath('S1-default', 'boot1.trace.log');
    const r = await cli('replay', trace, '--after', after, '--out', after, '--force');
    expect(r.code).toBe(2);
    expect(readFileSync(after)).toEqual(Buffer.from(corpusBytes('S1-default', 'backing.after-boot1')));
    expect((await cli('replay', trace, '--after', after, '--out', trace, '--force')).code).toBe(2);
    const link = join(dir, 'model-link.erst');
    symlinkSync(after, link);
    const viaLink = await cli('replay', trace, '--after', after, '--out', link, '--force');
    expect(viaLink.code).toBe(2);
    expect(lastLine(viaLink.err)).toMatch(/^erst-viewer: exit 2: .*evidence/);
    expect(readFileSync(after)).toEqual(Buffer.from(corpusBytes('S1-default', 'backing.after-boot1')));
    const ok = await cli('replay', trace, '--after', after, '--out', join(dir, 'model.erst'));
    expect(ok.code).toBe(0);
    expect(existsSync(join(dir, 'model.erst'))).toBe(true);
  });
});

describe('CLI as a process', () => {
  // Bundled from source, so the test does not depend on a build having run first.
  const bundle = join(mkdtempSync(join(tmpdir(), 'erst-cli-bin-')), 'cli.mjs');
  buildSync({
    entryPoints: [join(import.meta.dirname, '..', '..', 'main', 'cli', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });

  it('a reader that goes away (| head -1) ends the CLI quietly: exit 0, no stack trace', async () => {
    // Far more than a pipe holds, so the CLI is still writing when the reader leaves.
    const big = generateStore({
      size: 4 << 20,
      boots: [
        {
          bootTime: 1700000000,
          dumps: Array.from({ length: 16 }, () => ({
            reason: 'Oops',
            lines: 3000,
            compressed: false,
          })),
        },
      ],
    });
    const p = spawn(process.execPath, [bundle, 'inspect', '--json', file('big.erst', big.bytes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.stdout.once('data', () => p.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => p.on('close', (c, s) => res([c, s])));
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(err).not.toMatch(/EPIPE|at .*:\d+:\d+/);
  });
});
