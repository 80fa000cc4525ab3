/**
 * The outputs the golden test pins, produced by the real CLI commands in-process:
 * `export FILE --json --text --dmesg DIR --recovered` and `inspect FILE --json`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { cli } from '../helpers/cli';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const GOLDEN = join(FIXTURES, 'golden');
/** The corpora whose inputs are pinned (folders under tests/fixtures). */
const CORPORA = ['corpus', 'corpus-612'];

/** Every input of the corpora a user could open: backing files, CPER records, section-only and text forms. */
export function goldenInputs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!/^(oracle-|_tools)/.test(name)) walk(p);
      } else if (
        /^backing\.after-boot\d+$/.test(name) ||
        /\.(cper|cpersection)$/.test(name) ||
        (/\.txt$/.test(name) && dir.endsWith('malformed'))
      ) {
        out.push(relative(FIXTURES, p));
      }
    }
  };
  for (const c of CORPORA) walk(join(FIXTURES, c));
  return out;
}

export interface GoldenEntry {
  /** Exit codes of export and inspect. */
  exit: { export: number; inspect: number };
  /** null when the command wrote no file (an unrecognised input). */
  json: Digest | null;
  text: Digest | null;
  inspect: Digest;
  /** dmesg export: path under the output folder → sha256 of its bytes. */
  dmesg: Record<string, string>;
}

export interface Digest {
  sha256: string;
  bytes: number;
}

export interface GoldenOutputs {
  entry: GoldenEntry;
  json: Buffer | null;
  text: Buffer | null;
  inspect: Buffer;
}

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');
const digest = (b: Buffer | null): Digest | null => (b ? { sha256: sha(b), bytes: b.length } : null);
const readIf = (p: string): Buffer | null => (existsSync(p) ? readFileSync(p) : null);

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export async function goldenOutputs(input: string): Promise<GoldenOutputs> {
  const tmp = mkdtempSync(join(tmpdir(), 'erst-golden-'));
  try {
    const file = join(FIXTURES, input);
    const json = join(tmp, 'out.json');
    const text = join(tmp, 'out.txt');
    const dmesg = join(tmp, 'dmesg');
    const ex = await cli('export', file, '--json', json, '--text', text, '--dmesg', dmesg, '--recovered');
    const ins = await cli('inspect', file, '--json');
    // The report names the file it read: pin the corpus-relative name, not this machine's path.
    const inspect = Buffer.from(ins.out.split(JSON.stringify(file).slice(1, -1)).join(input));
    const jsonBytes = readIf(json);
    const textBytes = readIf(text);
    return {
      entry: {
        exit: { export: ex.code, inspect: ins.code },
        json: digest(jsonBytes),
        text: digest(textBytes),
        inspect: digest(inspect)!,
        dmesg: existsSync(dmesg) ? filesUnder(dmesg) : {},
      },
      json: jsonBytes,
      text: textBytes,
      inspect,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Folder-safe name of an input's stored copies. */
export function goldenName(input: string): string {
  return input.replace(/[\\/]/g, '__');
}
