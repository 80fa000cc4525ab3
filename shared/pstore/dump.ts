import type { PstoreInfo } from '../cper/section';
import { concatBytes } from '../bytes/concat';
import { hex0x } from '../bytes/hex';
import { dumpPartName } from './header';
import { unixIso } from '../bytes/time';
import { dumpProducer, fallbackOf, PSTORE_RECORD_OVERHEAD, type Fallback, type Producer } from './producer';

/** One dmesg record as the reassembler sees it. */
export interface DumpPartInput {
  recordId: string;
  slot?: number;
  state: 'live' | 'cleared';
  pstore: PstoreInfo;
}

export interface DumpPart {
  part: number;
  recordId: string;
  slot?: number;
  state: 'live' | 'cleared';
  /** Bytes of kernel log text in this part (header line excluded). */
  textLength: number;
  compressed: boolean;
  /** False when a compressed part could not be inflated: its text is missing from the stitch. */
  decoded: boolean;
  /** Why it could not be inflated. */
  error?: string;
  /** Stored uncompressed after compression failed, keeping this end of its chunk. */
  fallback?: Fallback;
}

export type DumpGapKind =
  'never-written' | 'cleared' | 'overwritten' | 'uncompressed-head' | 'uncompressed-tail' | 'undecodable' | 'discontinuity';

/** A place where a dump's text is not whole, with the reason in words. */
export interface DumpGap {
  /** The part concerned (the first of a range of missing parts). */
  part: number;
  /** Last part of a range of missing parts, when the range is more than one part. */
  lastPart?: number;
  kind: DumpGapKind;
  reason: string;
  /** A cleared slot that still holds the part. */
  recoverableSlot?: number;
}

/** What names a dump: the boot that wrote it and the `Reason#count` of its parts' header lines. */
export interface DumpName {
  /** High 32 bits of the Linux record ids: the boot's wall-clock seconds when it first wrote a record. */
  bootId: string;
  bootTime: string | null;
  reason: string;
  count: number;
}

export interface Dump extends DumpName {
  /** Parts in part order (Part1 = newest chunk of the log). */
  parts: DumpPart[];
  /** Part numbers below the highest present part that are not in the stitch (at most MAX_LISTED_MISSING). */
  missingParts: number[];
  /** Every gap in the dump's text, each with its reason, in part order. */
  gaps: DumpGap[];
  /** The pstore generation that wrote the dump, with what shows it. */
  producer: Producer;
  recordIds: string[];
  /** Bytes of the stitched text (markers included). */
  textLength: number;
  /**
   * The stitched log tail in reading (chronological) order, with markers where parts are
   * missing; absent when payloads were not kept (see stitchDump).
   */
  text?: Uint8Array;
}

/** Facts about the store around the dumps, for the reasons of their gaps. */
export interface DumpContext {
  /** Use cleared copies of parts in the stitch (marked), not only name them. */
  recovered?: boolean;
  /** The store's slot size: a pstore part's buffer is this less 200 bytes. */
  recordSize?: number;
  /** The store has no free slot. */
  storeFull?: boolean;
  /** Writes a replayed trace saw fail, by dump part (`Panic#1 Part4`). */
  failedWrites?: readonly { part: string; status: string; line?: number }[];
}

/** missingParts lists at most this many numbers; gaps give every range in full. */
export const MAX_LISTED_MISSING = 1024;

const enc = new TextEncoder();

export function bootIdOf(recordId: string): { bootId: string; bootTime: string | null } {
  const id = BigInt(recordId);
  const hi = id >> 32n;
  // cper_next_record_id(): before 2038 the high 32 bits are the boot's first-record seconds.
  const time = hi < 0x80000000n && hi > 0n ? unixIso(hi) : null;
  return { bootId: hex0x(hi, 8), bootTime: time };
}

interface Group extends DumpName {
  live: Map<number, DumpPartInput>;
  cleared: Map<number, DumpPartInput>;
}

/**
 * Groups pstore dmesg parts into dumps (same boot, reason and count), orders them, gives every
 * gap its reason and stitches the text oldest-first (PartN … Part1), as systemd-pstore does.
 * A live record wins over a cleared copy of the same part; cleared copies are used in the
 * stitch only when `recovered`, and otherwise named as recoverable.
 */
export function reassembleDumps(inputs: readonly DumpPartInput[], ctx: DumpContext = {}): Dump[] {
  const byKey = new Map<string, Group>();
  let newestId = 0n;
  for (const input of inputs) {
    const p = input.pstore;
    const id = BigInt(input.recordId);
    if (id > newestId) newestId = id;
    if (p.kind !== 'dmesg' || p.reason === undefined || p.part === undefined) continue;
    const { bootId, bootTime } = bootIdOf(input.recordId);
    const key = `${bootId}/${p.reason}/${p.count}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { bootId, bootTime, reason: p.reason, count: p.count!, live: new Map(), cleared: new Map() }));
    const side = input.state === 'live' ? g.live : g.cleared;
    if (!side.has(p.part)) side.set(p.part, input);
  }
  const bufsize = ctx.recordSize ? ctx.recordSize - PSTORE_RECORD_OVERHEAD : undefined;
  const dumps: Dump[] = [];
  for (const g of byKey.values()) {
    const chosen = new Map(g.live);
    if (ctx.recovered) for (const [k, v] of g.cleared) if (!chosen.has(k)) chosen.set(k, v);
    if (!chosen.size) continue;
    const nums = [...chosen.keys()].sort((a, b) => a - b);
    const parts: DumpPart[] = nums.map((k) => partOf(k, chosen.get(k)!, bufsize));
    const gaps = gapsOf(g, parts, chosen, newestId, ctx);
    const missingParts: number[] = [];
    for (const gap of gaps) {
      if (gap.kind !== 'never-written' && gap.kind !== 'overwritten' && gap.kind !== 'cleared') continue;
      if (chosen.has(gap.part)) continue; // a recovered part: present in the stitch
      for (let k = gap.part; k <= (gap.lastPart ?? gap.part) && missingParts.length < MAX_LISTED_MISSING && k <= nums[nums.length - 1]; k++)
        missingParts.push(k);
    }
    const producer = dumpProducer(
      nums.map((k) => ({ part: k, pstore: chosen.get(k)!.pstore })),
      bufsize,
    );
    const dump: Dump = {
      bootId: g.bootId,
      bootTime: g.bootTime,
      reason: g.reason,
      count: g.count,
      parts,
      missingParts,
      gaps,
      producer,
      recordIds: parts.map((p) => p.recordId),
      textLength: 0,
    };
    const chunks = stitchChunks(dump, (part) => chosen.get(part)!.pstore.text);
    dump.textLength = chunks.reduce<number>((s, c) => s + (typeof c === 'number' ? c : c.length), 0);
    if (chunks.every((c) => typeof c !== 'number')) dump.text = concatBytes(chunks as Uint8Array[]);
    dumps.push(dump);
  }
  return dumps.sort((a, b) => (BigInt(a.recordIds[0]) < BigInt(b.recordIds[0]) ? -1 : 1));
}

function partOf(k: number, input: DumpPartInput, bufsize: number | undefined): DumpPart {
  const p = input.pstore;
  const decoded = !p.compressed || !!p.decompressed;
  const part: DumpPart = {
    part: k,
    recordId: input.recordId,
    slot: input.slot,
    state: input.state,
    textLength: decoded ? p.textLength - (p.headerLength ?? 0) : 0,
    compressed: p.compressed,
    decoded,
  };
  if (!decoded) part.error = p.decompressError;
  const fb = fallbackOf(p, bufsize);
  if (fb) part.fallback = fb;
  return part;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Every gap, in part order. Linux numbers a dump's records consecutively (Part k has the id of
 * Part1 plus k−1), so a missing part's record id is known and can be looked for.
 */
function gapsOf(g: Group, parts: DumpPart[], chosen: Map<number, DumpPartInput>, newestId: bigint, ctx: DumpContext): DumpGap[] {
  const gaps: DumpGap[] = [];
  const failed = ctx.failedWrites ?? [];
  const dumpNewest = parts.reduce((m, p) => (BigInt(p.recordId) > m ? BigInt(p.recordId) : m), 0n);
  const failedParts = new Map<number, NonNullable<DumpContext['failedWrites']>[number]>();
  for (const f of failed) {
    const m = /^(\w+)#(\d+) Part(\d+)$/.exec(f.part);
    if (m && m[1] === g.reason && Number(m[2]) === g.count) failedParts.set(Number(m[3]), f);
  }
  /** Parts from..to are not in the stitch: say why, walking only the parts something is known of. */
  const missingRange = (from: number, to: number) => {
    const known = [...new Set([...failedParts.keys(), ...g.cleared.keys()])].filter((k) => k >= from && k <= to).sort((a, b) => a - b);
    let k = from;
    for (const s of [...known, to + 1]) {
      if (s > k) unknownRange(k, s - 1);
      if (s > to) break;
      const f = failedParts.get(s);
      const cleared = g.cleared.get(s);
      if (f) {
        gaps.push({
          part: s,
          kind: 'never-written',
          reason: `never written: the guest's write failed with ${f.status}${f.line ? ` (trace line ${f.line})` : ''}${f.status === 'NOT_ENOUGH_SPACE' ? ', the store was full' : ''}`,
        });
      } else if (cleared) {
        gaps.push({
          part: s,
          kind: 'cleared',
          recoverableSlot: cleared.slot,
          reason: `cleared, but its bytes are still in ${cleared.slot !== undefined ? `slot ${cleared.slot}` : 'the input'}: recoverable (export with --recovered, or show recovered text)`,
        });
      }
      k = s + 1;
    }
  };
  const unknownRange = (k: number, end: number) => {
    const n = end - k + 1;
    const what = n === 1 ? 'no slot holds it' : `no slot holds any of these ${n} parts`;
    const gap: DumpGap =
      newestId > dumpNewest
        ? {
            part: k,
            kind: 'overwritten',
            reason: `${what}: cleared and its slot reused by a later record, or never written (the store holds records written after this dump)`,
          }
        : ctx.storeFull
          ? {
              part: k,
              kind: 'never-written',
              reason: `${what}: most likely never written, the store is full (give the boot's QEMU trace to name the failed write)`,
            }
          : { part: k, kind: 'never-written', reason: `${what}: never written, or its slot was wiped` };
    if (n > 1) gap.lastPart = end;
    gaps.push(gap);
  };
  let prev = 0;
  for (const part of parts) {
    if (part.part > prev + 1) missingRange(prev + 1, part.part - 1);
    const input = chosen.get(part.part)!;
    if (part.state === 'cleared') {
      gaps.push({
        part: part.part,
        kind: 'cleared',
        recoverableSlot: part.slot,
        reason: `recovered from cleared ${part.slot !== undefined ? `slot ${part.slot}` : 'record'}: the guest had erased it`,
      });
    }
    if (!part.decoded)
      gaps.push({
        part: part.part,
        kind: 'undecodable',
        reason: `could not be decompressed (${part.error ?? 'unknown format'}): its text is missing`,
      });
    if (part.fallback === 'head') {
      gaps.push({
        part: part.part,
        kind: 'uncompressed-head',
        reason: `stored uncompressed after compression failed: only the first ${plural(input.pstore.textLength, 'byte')} of its chunk were kept (header and oldest lines, cut mid-line); the rest of that chunk is in no record (Linux 6.6+)`,
      });
    }
    if (part.fallback === 'tail') {
      gaps.push({
        part: part.part,
        kind: 'uncompressed-tail',
        reason: `stored uncompressed after compression failed: only the header and the last ${plural(part.textLength, 'byte')} of its chunk were kept (cut mid-line at the start); its older lines are in no record (Linux ≤ 6.5)`,
      });
    }
    prev = part.part;
  }
  // Writes past the last stored part that a trace saw fail (a full store ends a dump early).
  for (const k of [...failedParts.keys()].sort((a, b) => a - b)) if (k > prev) missingRange(k, k);
  // Continuity: Part k+1 holds the log just before Part k, so its last line cannot be newer.
  for (let i = 0; i + 1 < parts.length; i++) {
    const newer = parts[i];
    const older = parts[i + 1];
    if (older.part !== newer.part + 1 || newer.fallback || older.fallback) continue;
    const a = chosen.get(older.part)!.pstore.lastTime;
    const b = chosen.get(newer.part)!.pstore.firstTime;
    if (a !== undefined && b !== undefined && a > b) {
      gaps.push({
        part: newer.part,
        kind: 'discontinuity',
        reason: `log continuity broken: Part${older.part} ends at [${a.toFixed(6)}] but Part${newer.part} starts earlier, at [${b.toFixed(6)}]; the parts do not come from one contiguous log`,
      });
    }
  }
  return gaps.sort((x, y) => x.part - y.part);
}

/**
 * The pieces of a dump's text, oldest first: each part's text without its header line, with a
 * marker saying why wherever text is missing, recovered or cut. A part whose payload is not at
 * hand gives its length instead, so lengths are right even in summary mode.
 */
function stitchChunks(d: Dump, textOf: (part: number) => Uint8Array | undefined): (Uint8Array | number)[] {
  const chunks: (Uint8Array | number)[] = [];
  const marker = (s: string) => chunks.push(enc.encode(`--- ${s} ---\n`));
  const label = (k: number) => dumpPartName(d.reason, d.count, k);
  const byPart = new Map(d.parts.map((p) => [p.part, p]));
  const gapsAt = new Map<number, DumpGap[]>();
  for (const g of d.gaps) gapsAt.set(g.part, [...(gapsAt.get(g.part) ?? []), g]);
  // Present parts and missing ranges, newest number first = oldest text first.
  const stops = [...new Set([...byPart.keys(), ...d.gaps.map((g) => g.part)])].sort((a, b) => b - a);
  for (const k of stops) {
    const p = byPart.get(k);
    const here = gapsAt.get(k) ?? [];
    if (!p) {
      for (const g of here)
        marker(`${g.lastPart ? `${label(k)} to Part${g.lastPart} are` : `${label(k)} is`} missing from this store: ${g.reason}`);
      continue;
    }
    // Before the text: what comes from elsewhere or is cut at its start; after it: what is cut at its end.
    for (const g of here)
      if (g.kind === 'cleared' || g.kind === 'uncompressed-tail' || g.kind === 'discontinuity') marker(`${label(k)} ${g.reason}`);
    if (!p.decoded) {
      marker(`${label(k)} could not be decompressed: ${p.error}`);
    } else {
      const t = textOf(k);
      chunks.push(t ? t.subarray(t.length - p.textLength) : p.textLength);
    }
    for (const g of here) if (g.kind === 'uncompressed-head') marker(`${label(k)} ${g.reason}`);
  }
  return chunks;
}

/** Stitches a dump whose payloads were not kept, fetching each part's payload by record id. */
export function stitchDump(d: Dump, payloadOf: (recordId: string) => Uint8Array | undefined): Uint8Array {
  const chunks = stitchChunks(d, (part) => payloadOf(d.parts.find((p) => p.part === part)!.recordId));
  return concatBytes(chunks.map((c) => (typeof c === 'number' ? new Uint8Array(0) : c)));
}

/** File name for a stitched dump: boot, reason and count, e.g. `dump-0x6b025166-Panic1.txt`. */
export function dumpFileName(d: Dump): string {
  return `dump-${d.bootId}-${d.reason}${d.count}.txt`;
}
