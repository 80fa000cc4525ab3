import type { ByteChunk, DmesgLine, DumpLines, DumpSearch } from '../../shared/contract/index';
import { LIMITS, toBase64 } from '../../shared/contract/index';
import type { Dump } from '../../shared/pstore/dump';

/** Lines that start the story of a crash: the view's "jump to panic/oops" goes to the first. */
const PANIC = /Kernel panic|Oops|BUG:|Call Trace|general protection fault|Unable to handle kernel|kernel BUG at/;
const LEVEL = /^<(\d{1,3})>/;

const gapsOf = (d: Dump) => d.gaps ?? [];

/** A dump's text split into lines once, with each line's part, so windows and searches are cheap. */
export class DumpText {
  readonly lines: string[];
  private lower?: string[];
  private part: Int32Array;
  private partStart: Uint8Array;
  private gap: Uint8Array;
  private recovered: Uint8Array;
  private reasons = new Map<number, string>();
  readonly panicLine: number | null;

  constructor(
    readonly dump: Dump,
    readonly bytes: Uint8Array,
  ) {
    const text = new TextDecoder('utf-8').decode(bytes);
    const lines = text.split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    this.lines = lines;
    const n = lines.length;
    this.part = new Int32Array(n).fill(-1);
    this.partStart = new Uint8Array(n);
    this.gap = new Uint8Array(n);
    this.recovered = new Uint8Array(n);
    this.assignParts();
    let panic: number | null = null;
    for (let i = 0; i < n && panic === null; i++) if (PANIC.test(lines[i])) panic = i;
    this.panicLine = panic;
  }

  /** A bounded chunk of the exact stitched bytes (for Save and Copy). */
  read(offset: number, length: number): ByteChunk {
    const b = this.bytes;
    const chunk = b.subarray(Math.min(offset, b.length), Math.min(b.length, offset + length));
    return { offset, length: chunk.length, base64: toBase64(chunk) };
  }

  /**
   * Walks the stitch order of shared/pstore/dump.ts (highest part first; a missing range at its
   * first part): a present part covers its textLength bytes, each marker the stitcher writes
   * is one line. Byte lengths are walked on the bytes, so multi-byte text cannot shift a boundary.
   */
  private assignParts(): void {
    const d = this.dump;
    const starts: number[] = [0];
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 0x0a && i + 1 < this.bytes.length) starts.push(i + 1);
    const byPart = new Map(d.parts.map((p) => [p.part, p]));
    const gaps = gapsOf(d);
    const stops = [...new Set([...byPart.keys(), ...gaps.map((g) => g.part)])].sort((a, b) => b - a);
    let line = 0;
    const mark = (k: number, reason: string) => {
      if (line >= starts.length) return;
      this.gap[line] = 1;
      this.part[line] = k;
      this.reasons.set(line, reason);
      line++;
    };
    for (const k of stops) {
      const p = byPart.get(k);
      const here = gaps.filter((g) => g.part === k);
      const first = line;
      if (!p) {
        for (const g of here) mark(k, g.reason);
      } else {
        for (const g of here) if (g.kind === 'cleared' || g.kind === 'uncompressed-tail' || g.kind === 'discontinuity') mark(k, g.reason);
        if (!p.decoded) mark(k, `could not be decompressed: ${p.error ?? 'unknown error'}`);
        else {
          const end = (starts[line] ?? this.bytes.length) + p.textLength;
          while (line < starts.length && starts[line] < end) {
            this.part[line] = k;
            if (p.state === 'cleared') this.recovered[line] = 1;
            line++;
          }
        }
        for (const g of here) if (g.kind === 'uncompressed-head') mark(k, g.reason);
      }
      if (line > first) this.partStart[first] = 1;
    }
  }

  window(index: number, offset: number, limit: number): DumpLines {
    const end = Math.min(this.lines.length, offset + limit);
    const lines: DmesgLine[] = [];
    for (let i = offset; i < end; i++) {
      const text = this.lines[i];
      const part = this.part[i] >= 0 ? this.part[i] : null;
      const m = LEVEL.exec(text);
      const l: DmesgLine = {
        text,
        part,
        partStart: this.partStart[i] === 1,
        level: m ? Number(m[1]) & 7 : null,
        kind: this.gap[i] ? 'gap' : 'text',
        recovered: this.recovered[i] === 1,
      };
      if (this.gap[i]) l.reason = this.reasons.get(i) ?? text.replace(/^--- | ---$/g, '');
      lines.push(l);
    }
    return { dump: index, offset, lineCount: this.lines.length, byteLength: this.bytes.length, panicLine: this.panicLine, lines };
  }

  search(index: number, query: string, offset: number, limit: number): DumpSearch {
    const q = query.toLowerCase();
    this.lower ??= this.lines.map((l) => l.toLowerCase());
    const hits: { line: number; col: number }[] = [];
    let total = 0;
    let capped = false;
    outer: for (let i = 0; i < this.lower.length; i++) {
      const l = this.lower[i];
      for (let c = l.indexOf(q); c >= 0; c = l.indexOf(q, c + q.length)) {
        if (total >= offset && hits.length < limit) hits.push({ line: i, col: c });
        if (++total >= LIMITS.maxSearchHits) {
          capped = true;
          break outer;
        }
      }
    }
    return { dump: index, offset, total, capped, hits };
  }
}
