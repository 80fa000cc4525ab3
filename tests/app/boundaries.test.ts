import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every .ts file under a folder (recursive). */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}
const importsElectron = (file: string) =>
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/.test(readFileSync(file, 'utf8'));

describe('only app/ imports electron', () => {
  it.each(['main', 'shared', 'tests/app'])('%s/ never imports electron', (dir) => {
    expect(tsFiles(dir).filter(importsElectron)).toEqual([]);
  });

  it('the electron-free desktop rules do not reach into app/', () => {
    const offenders = tsFiles('main/desktop').filter((f) => /from\s+['"][./]*app\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('bundles', () => {
  it('the sandboxed preload bundles to CommonJS that requires nothing but electron', async () => {
    // A sandboxed preload gets a tiny require(): electron and a few polyfills, no node:* and no files.
    const out = await build({
      entryPoints: ['app/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const js = out.outputFiles[0]!.text;
    const required = [...js.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(js).not.toMatch(/\bimport\s*\(|\bimport\s+[{*\w]/);
  });

  it('the main bundle builds and leaves electron external', async () => {
    const out = await build({
      entryPoints: ['app/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const externals = Object.values(out.metafile!.outputs)[0]!
      .imports.filter((i) => i.external)
      .map((i) => i.path);
    expect(externals).toContain('electron');
  });
});
