/**
 * Text forms of CPER bytes: hex (WHEA RawData, `xxd -p`, "0x.." lists), base64 (Redfish
 * `DiagnosticData`, libcper), and kernel `[Hardware Error]` hex-dump lines in dmesg or
 * journal text, reassembled into one buffer per dump (offsets restarting at 0 start a new one).
 */
import { fromBase64 } from '../bytes/base64';
import { fromHex } from '../bytes/hex';

/** Mostly printable ASCII (allowing CR/LF/TAB)? */
export function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 9 || c === 10 || c === 13) continue;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

export interface Dump {
  /** 1-based line where the dump starts in the text. */
  line: number;
  bytes: Uint8Array;
  /** Offset of `bytes[0]` in the dumped buffer (0 unless a leading gap was too large to fill). */
  base: number;
  /** Gaps between dump lines that were not filled (larger than the bytes present). */
  gaps: { line: number; at: number; size: number }[];
}

const HW_LINE = /\[Hardware Error\]:\s*(?:\{\d+\}\s*)?([0-9a-f]{8}):\s?(.*)$/i;

/** One run of consecutive hex-dump lines: where it claims to start, its bytes, its first line. */
interface Run {
  line: number;
  off: number;
  bytes: number[];
}

/**
 * Kernel `print_hex_dump(DUMP_PREFIX_OFFSET)` lines after a `[Hardware Error]:` prefix.
 * Each group is a host-endian (little-endian) word of 1, 2, 4 or 8 bytes; an ASCII column,
 * if present, follows after two or more spaces. A line whose offset is not where the previous
 * one ended starts a new run; offset 0 starts a new dump.
 *
 * Offsets come from the text, so they are bounded by what the text holds: a missing stretch
 * (a dropped line) is filled with zeros only while the filling stays within the number of
 * bytes actually present; a larger gap (a forged or corrupt offset) is reported and not filled,
 * so the memory used never exceeds twice the input's bytes.
 */
export function parseHardwareErrorDumps(text: string): Dump[] {
  const runs: Run[] = [];
  let cur: Run | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = HW_LINE.exec(lines[i]);
    if (!m) continue;
    const off = parseInt(m[1], 16);
    const groups = rowGroups(m[2]);
    if (!groups.length) continue;
    if (!cur || off !== cur.off + cur.bytes.length) {
      cur = { line: i + 1, off, bytes: [] };
      runs.push(cur);
    }
    for (const g of groups) {
      const be = fromHex(g)!;
      for (let k = be.length - 1; k >= 0; k--) cur.bytes.push(be[k]);
    }
  }
  return assemble(runs);
}

/**
 * The hex groups of one dump row: groups of one width, at most 16 bytes. The ASCII column is
 * not counted on to be two spaces away (a short last row of single bytes may leave only one).
 */
function rowGroups(rest: string): string[] {
  // Linux pads the ASCII column out to a fixed column, so two spaces end the groups when present.
  const tokens = rest
    .trim()
    .split(/\s{2,}/)[0]
    .split(/\s+/);
  const width = tokens[0]?.length ?? 0;
  if (![2, 4, 8, 16].includes(width)) return [];
  const out: string[] = [];
  for (const t of tokens) {
    if (t.length !== width || !/^[0-9a-f]+$/i.test(t) || (out.length + 1) * (width / 2) > 16) break;
    out.push(t);
  }
  return out;
}

/** Joins runs into dumps, filling gaps with zeros only within the bytes present. */
function assemble(runs: Run[]): Dump[] {
  let budget = runs.reduce((n, r) => n + r.bytes.length, 0);
  const dumps: Dump[] = [];
  let d: (Dump & { acc: number[] }) | undefined;
  const flush = () => {
    if (d?.acc.length) dumps.push({ line: d.line, bytes: Uint8Array.from(d.acc), base: d.base, gaps: d.gaps });
    d = undefined;
  };
  for (const r of runs) {
    if (r.off === 0 || !d || r.off < d.base + d.acc.length) {
      flush();
      d = { line: r.line, bytes: new Uint8Array(0), base: 0, gaps: [], acc: [] };
    }
    const gap = r.off - (d.base + d.acc.length);
    if (gap > 0) {
      if (gap <= budget) {
        budget -= gap;
        for (let k = 0; k < gap; k++) d.acc.push(0);
      } else {
        const hole = { line: r.line, at: d.base + d.acc.length, size: gap };
        if (d.acc.length) {
          flush();
          d = { line: r.line, bytes: new Uint8Array(0), base: r.off, gaps: [], acc: [] };
        } else d.base = r.off;
        d.gaps.push(hole);
      }
    }
    for (const b of r.bytes) d.acc.push(b);
  }
  flush();
  return dumps;
}

/** Plain hex text (whitespace, `0x`, commas, colons, semicolons, dashes ignored); `undefined` if not hex or empty. */
export function parseHexText(text: string): Uint8Array | undefined {
  // A semicolon separates like a space (it is never part of a `0x`).
  const b = fromHex(text.replace(/;/g, ' '));
  return b?.length ? b : undefined;
}

export function parseBase64Text(text: string): Uint8Array | undefined {
  const t = text.trim().replace(/^"|"$/g, '');
  if (t.length < 4 || /[^A-Za-z0-9+/=\s_-]/.test(t)) return undefined;
  return fromBase64(t);
}

export function textOf(b: Uint8Array): string {
  return new TextDecoder('latin1').decode(b);
}
