import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkOutput,
  openAtomic,
  openOutputDir,
  OutputRefused,
  writeFileAtomic,
  writeProvenance,
  InputChanged,
  hashFile,
} from '../../main/output/index';

let dir: string;
let evidence: string;
const EVIDENCE_BYTES = 'evidence bytes that must never change\n';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'erst-out-'));
  evidence = join(dir, 'backing.after-boot2');
  writeFileSync(evidence, EVIDENCE_BYTES);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OutputRefused) return e.reason;
    throw e;
  }
  return 'written';
}

describe('output refusals', () => {
  it('refuses the evidence path itself, even with force, and by another spelling', () => {
    const policy = { evidence: [evidence], force: true };
    expect(refusal(() => writeFileAtomic(evidence, 'x', policy))).toBe('evidence');
    mkdirSync(join(dir, 'sub'));
    expect(refusal(() => writeFileAtomic(join(dir, 'sub', '..', 'backing.after-boot2'), 'x', policy))).toBe('evidence');
    expect(readFileSync(evidence, 'utf8')).toBe(EVIDENCE_BYTES);
  });

  it('refuses a hard link to the evidence (same device and inode)', () => {
    const alias = join(dir, 'alias');
    linkSync(evidence, alias);
    expect(refusal(() => writeFileAtomic(alias, 'x', { evidence: [evidence], force: true }))).toBe('evidence');
    expect(readFileSync(evidence, 'utf8')).toBe(EVIDENCE_BYTES);
  });

  it('refuses a symlink to the evidence, and a path through a symlinked parent folder', () => {
    const link = join(dir, 'out.json');
    symlinkSync(evidence, link);
    expect(refusal(() => writeFileAtomic(link, 'x', { evidence: [evidence], force: true }))).toBe('evidence');
    const linkedDir = join(dir, 'linked');
    symlinkSync(dir, linkedDir);
    expect(
      refusal(() =>
        writeFileAtomic(join(linkedDir, 'backing.after-boot2'), 'x', {
          evidence: [evidence],
          force: true,
        }),
      ),
    ).toBe('evidence');
    expect(readFileSync(evidence, 'utf8')).toBe(EVIDENCE_BYTES);
  });

  it('never writes through a symlink, even one that points elsewhere', () => {
    const other = join(dir, 'other');
    writeFileSync(other, 'other');
    const link = join(dir, 'out.json');
    symlinkSync(other, link);
    expect(refusal(() => writeFileAtomic(link, 'x', { evidence: [evidence], force: true }))).toBe('symlink');
    expect(readFileSync(other, 'utf8')).toBe('other');
  });

  it('refuses a symlink planted inside an output folder (file and subfolder)', () => {
    const out = join(dir, 'export');
    mkdirSync(out);
    symlinkSync(evidence, join(out, 'dmesg-erst-1'));
    const od = openOutputDir(out, { evidence: [evidence], force: true });
    expect(refusal(() => od.writeFile('dmesg-erst-1', 'x'))).toBe('evidence');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'dumps'));
    expect(refusal(() => od.writeFile('dumps/dump-1.txt', 'x'))).toBe('symlink');
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readFileSync(evidence, 'utf8')).toBe(EVIDENCE_BYTES);
    expect(refusal(() => od.writeFile('../escape', 'x'))).toBe('special');
  });

  it('refuses an output folder that is a symlink', () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    symlinkSync(real, join(dir, 'out'));
    expect(refusal(() => openOutputDir(join(dir, 'out'), { evidence: [evidence] }))).toBe('symlink');
  });

  it('refuses an existing file without force and replaces it with force', () => {
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old');
    expect(refusal(() => writeFileAtomic(out, 'new', { evidence: [evidence] }))).toBe('exists');
    expect(readFileSync(out, 'utf8')).toBe('old');
    writeFileAtomic(out, 'new', { evidence: [evidence], force: true });
    expect(readFileSync(out, 'utf8')).toBe('new');
    expect(statSync(out).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('refuses writing into an evidence folder tree, by any path', () => {
    const tree = join(dir, 'pstore');
    mkdirSync(join(tree, 'deep'), { recursive: true });
    const policy = { evidence: [tree], force: true };
    expect(refusal(() => writeFileAtomic(join(tree, 'deep', 'x'), 'x', policy))).toBe('inside-evidence');
    expect(refusal(() => openOutputDir(join(tree, 'new', 'folder'), policy))).toBe('inside-evidence');
    expect(refusal(() => openOutputDir(tree, policy))).toBe('evidence');
    symlinkSync(join(tree, 'deep'), join(dir, 'alias'));
    expect(refusal(() => writeFileAtomic(join(dir, 'alias', 'x'), 'x', policy))).toBe('inside-evidence');
    expect(readdirSync(join(tree, 'deep'))).toEqual([]);
  });

  it('refuses a FIFO and a folder as the output file', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => checkOutput(fifo, { evidence: [], force: true }))).toBe('special');
    expect(refusal(() => writeFileAtomic(fifo, 'x', { evidence: [], force: true }))).toBe('special');
    expect(refusal(() => writeFileAtomic(dir, 'x', { evidence: [], force: true }))).toBe('special');
  });

  it('a missing folder is named in the error, not the temporary file', () => {
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'out.json'), 'x', { evidence: [] })).toThrow(
      /out\.json: the folder .*no\/such does not exist/,
    );
  });

  it('an aborted write leaves no file and no temporary behind', () => {
    const out = join(dir, 'save.bin');
    const f = openAtomic(out, { evidence: [evidence] });
    f.write(new Uint8Array(1000));
    expect(f.bytesWritten).toBe(1000);
    f.abort();
    expect(readdirSync(dir).sort()).toEqual(['backing.after-boot2']);
  });

  it('a file that appears between open and commit is kept without force', () => {
    const out = join(dir, 'save.bin');
    const f = openAtomic(out, { evidence: [] });
    f.write('new');
    writeFileSync(out, 'raced');
    expect(refusal(() => f.commit())).toBe('exists');
    expect(readFileSync(out, 'utf8')).toBe('raced');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('provenance', () => {
  it('writes provenance.json and SHA256SUMS that sha256sum -c accepts, deterministically', () => {
    const h = hashFile(evidence)!;
    const info = {
      tool: 'erst-viewer',
      version: '0.1.0',
      command: 'export',
      options: { json: true },
      inputs: [{ path: evidence, ...h }],
    };
    const write = (name: string): string => {
      const od = openOutputDir(join(dir, name), { evidence: [evidence] });
      od.writeFile('b.txt', 'bee\n');
      od.writeFile('dumps/a.txt', 'ay\n');
      writeProvenance({ dir: od }, info, { evidence: [evidence] });
      return readFileSync(join(dir, name, 'SHA256SUMS'), 'utf8');
    };
    const sums = write('one');
    expect(
      sums
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(66)),
    ).toEqual(['b.txt', 'dumps/a.txt', 'provenance.json']);
    expect(write('two')).toBe(sums);
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], {
      cwd: join(dir, 'one'),
    });
    const prov = JSON.parse(readFileSync(join(dir, 'one', 'provenance.json'), 'utf8'));
    expect(prov.inputs[0].sha256).toBe(h.sha256);
    expect(prov.outputs.map((o: { name: string }) => o.name)).toEqual(['b.txt', 'dumps/a.txt']);
  });

  it('a single file gets OUT.provenance.json and OUT.SHA256SUMS', () => {
    const out = join(dir, 'save.bin');
    const f = openAtomic(out, { evidence: [evidence] });
    f.write('saved');
    f.commit();
    const h = hashFile(evidence)!;
    writeProvenance(
      { file: out, sha256: f.sha256(), bytes: f.bytesWritten },
      {
        tool: 't',
        version: '1',
        command: 'emulate',
        options: {},
        inputs: [{ path: evidence, ...h }],
      },
      { evidence: [evidence] },
    );
    execFileSync('sha256sum', ['-c', '--quiet', 'save.bin.SHA256SUMS'], {
      cwd: dir,
    });
    expect(readFileSync(join(dir, 'save.bin.SHA256SUMS'), 'utf8')).toContain('  save.bin.provenance.json\n');
  });

  it('throws InputChanged when an input changed after it was opened', () => {
    const h = hashFile(evidence)!;
    writeFileSync(evidence, 'tampered');
    const od = openOutputDir(join(dir, 'out'), { evidence: [evidence] });
    expect(() =>
      writeProvenance(
        { dir: od },
        {
          tool: 't',
          version: '1',
          command: 'c',
          options: {},
          inputs: [{ path: evidence, ...h }],
        },
        { evidence: [evidence] },
      ),
    ).toThrow(InputChanged);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });
});
