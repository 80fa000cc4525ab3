import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPERT, type ExpertInfo } from '../../shared/decode/expert';
import type { StructSpec } from '../../shared/decode/spec';
import { flatFields } from '../../shared/decode/spec';
import { RECORD_HEADER, SECTION_DESCRIPTOR } from '../../shared/cper/layout';
import { STORE_HEADER } from '../../shared/store/layout';
import { sectionTypes } from '../../shared/sections/registry';
import { decodeInput } from '../../shared/input/index';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { backings, corpusBytes, CORPUS } from '../helpers/corpus';
import type { Diagnostic } from '../../shared/decode/diagnostics';

const ROOT = join(import.meta.dirname, '..', '..');
const registry: Readonly<Record<string, ExpertInfo>> = EXPERT;
const levels = (code: string): readonly string[] => {
  const l = registry[code].level;
  return typeof l === 'string' ? [l] : l;
};

/** Files whose diagnostics go through `expert()` only. */
const EXPERT_ONLY = [
  'shared/cper/record.ts',
  'shared/sections/define.ts',
  'shared/sections/arm.ts',
  'shared/sections/ia32x64.ts',
  'shared/sections/ccix.ts',
  'shared/sections/cxl-component.ts',
  'shared/sections/cxl-protocol.ts',
  'shared/sections/pci.ts',
  'shared/sections/vendor.ts',
];

describe('diagnostics are declared in one registry', () => {
  it('the record decoder and the section declarations report only declared codes, through expert()', () => {
    for (const file of EXPERT_ONLY) {
      const src = readFileSync(join(ROOT, file), 'utf8');
      expect(src, file).not.toMatch(/\bdiag\(|level: '(error|warning|info)', code:/);
      for (const m of src.matchAll(/expert\('([^']+)'/g)) expect(registry[m[1]], `${file}: ${m[1]}`).toBeDefined();
    }
  });

  it('each declared field a diagnostic points at exists in its declaration', () => {
    const specs: StructSpec[] = [
      RECORD_HEADER,
      SECTION_DESCRIPTOR,
      STORE_HEADER,
      ...sectionTypes().flatMap((d) => (d.spec ? [d.spec] : [])),
    ];
    const fields = new Set(specs.flatMap((s) => [s.key, ...flatFields(s).map((f) => `${s.key}.${f.key}`)]));
    const pointing = Object.entries(registry).filter(([, e]) => e.field);
    expect(pointing.length).toBeGreaterThan(20);
    for (const [code, e] of pointing) expect(fields.has(e.field!), `${code} → ${e.field}`).toBe(true);
  });

  it('every diagnostic the corpus raises has a declared code and one of its declared levels', () => {
    const seen: Diagnostic[] = [];
    for (const b of backings()) {
      const store = decodeStore(bufferSource(corpusBytes(b)));
      seen.push(
        ...store.diagnostics,
        ...store.slots.flatMap((s) => [
          ...s.diagnostics,
          ...(s.record?.diagnostics ?? []),
          ...(s.record?.sections.flatMap((x) => x.diagnostics) ?? []),
        ]),
      );
    }
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    for (const f of walk(join(CORPUS, 'libcper')).filter((p) => /\.(cper|cpersection|txt)$/.test(p))) {
      const res = decodeInput(new Uint8Array(readFileSync(f)));
      seen.push(
        ...res.diagnostics,
        ...res.records.flatMap((r) => [...r.diagnostics, ...r.sections.flatMap((s) => s.diagnostics)]),
        ...res.sections.flatMap((s) => s.diagnostics),
      );
    }
    const codes = new Set(seen.map((d) => d.code));
    // The malformed samples raise the record decoder's own diagnostics.
    expect([...codes]).toEqual(expect.arrayContaining(['record.length-past-end', 'record.section-count', 'section.offset-past-end']));
    // The record decoder's and the sections' codes must be declared; any declared code must keep its levels.
    const mine = /^(record|section|arm|ia32|ccix|cxl|pcidev|nvidia)\./;
    for (const d of seen) {
      if (mine.test(d.code)) expect(registry[d.code], d.code).toBeDefined();
      if (registry[d.code]) expect(levels(d.code), d.code).toContain(d.level);
    }
  });
});
