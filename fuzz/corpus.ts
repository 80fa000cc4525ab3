import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateBomb, distinctBombsRecord, sharedBombRecord } from './bomb';

/** What an input is, so the fuzzer mutates its structure and drives the right decoders. */
export type SeedKind = 'store' | 'cper' | 'text' | 'trace';

export interface Seed {
  name: string;
  kind: SeedKind;
  bytes: Uint8Array;
  /** For traces: the backing file after that boot, so replay can run on the mutated trace. */
  after?: Uint8Array;
}

const hex = (b: Uint8Array, from: number, to: number): string =>
  Array.from(b.subarray(from, to), (x) => x.toString(16).padStart(2, '0')).join('');

/** Linux's print_hex_dump of a record as `[Hardware Error]: 00000000: 43504552 ...` lines. */
function kernelHexDump(rec: Uint8Array): string {
  const lines: string[] = [];
  for (let o = 0; o < rec.length; o += 16) {
    const words: string[] = [];
    for (let w = o; w < Math.min(o + 16, rec.length); w += 4) words.push(hex(rec, w, Math.min(w + 4, rec.length)));
    lines.push(`[Hardware Error]: ${o.toString(16).padStart(8, '0')}: ${words.join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

const enc = new TextEncoder();

/**
 * The seeds: every backing file, libcper record and QEMU trace of the test corpus, text forms
 * of some records (hex, base64, kernel hex dumps), and the hostile shapes known to have hurt
 * (shared and distinct deflate bombs, huge hex-dump offsets, huge part numbers).
 */
export function loadSeeds(corpusRoot: string): Seed[] {
  const seeds: Seed[] = [];
  const scenarios = readdirSync(corpusRoot)
    .filter((d) => /^S\d+-/.test(d))
    .sort();
  for (const s of scenarios) {
    const dir = join(corpusRoot, s);
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (/^backing\.after-boot\d+$/.test(f)) seeds.push({ name: `${s}/${f}`, kind: 'store', bytes: new Uint8Array(readFileSync(p)) });
      const m = /^boot(\d+)\.trace\.log$/.exec(f);
      if (m && existsSync(join(dir, `backing.after-boot${m[1]}`))) {
        seeds.push({
          name: `${s}/${f}`,
          kind: 'trace',
          bytes: new Uint8Array(readFileSync(p)),
          after: new Uint8Array(readFileSync(join(dir, `backing.after-boot${m[1]}`))),
        });
      }
    }
  }
  const lib = join(corpusRoot, 'libcper');
  if (existsSync(lib)) {
    for (const f of readdirSync(lib).sort()) {
      if (!f.endsWith('.cper') || statSync(join(lib, f)).size > 1 << 20) continue;
      const bytes = new Uint8Array(readFileSync(join(lib, f)));
      seeds.push({ name: `libcper/${f}`, kind: 'cper', bytes });
    }
  }
  // Text forms of a few records: every sniffer gets its inputs.
  const recs = seeds.filter((s) => s.kind === 'cper').slice(0, 12);
  for (const r of recs) {
    seeds.push({ name: `${r.name}.hex`, kind: 'text', bytes: enc.encode(hex(r.bytes, 0, r.bytes.length).replace(/(.{64})/g, '$1\n')) });
    seeds.push({
      name: `${r.name}.b64`,
      kind: 'text',
      bytes: enc.encode(
        Buffer.from(r.bytes)
          .toString('base64')
          .replace(/(.{76})/g, '$1\n'),
      ),
    });
    seeds.push({
      name: `${r.name}.dmesg`,
      kind: 'text',
      bytes: enc.encode(
        `[  12.345678] {1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 1\n${kernelHexDump(r.bytes)}`,
      ),
    });
  }
  // Hostile shapes: a 37-byte hex dump far from offset 0, huge part numbers, shared bombs.
  seeds.push({ name: 'hostile/hexdump-offset', kind: 'text', bytes: enc.encode('[Hardware Error]: 10000000: 43504552\n') });
  seeds.push({ name: 'hostile/shared-bomb', kind: 'cper', bytes: sharedBombRecord(16, deflateBomb(1 << 18)) });
  seeds.push({ name: 'hostile/distinct-bombs', kind: 'cper', bytes: distinctBombsRecord(4, 1 << 18) });
  // Full size: only in the long run (their kernel text alone is megabytes of hex dump).
  seeds.push({ name: 'hostile-large/shared-bomb', kind: 'cper', bytes: sharedBombRecord(64, deflateBomb(4 << 20)) });
  seeds.push({ name: 'hostile-large/distinct-bombs', kind: 'cper', bytes: distinctBombsRecord(6, 1 << 20) });
  return seeds;
}
