import type { PstoreInfo } from '../cper/section';
import { unixIso } from '../bytes/time';

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
}

export interface Dump {
  /** High 32 bits of the Linux record ids: the boot's wall-clock seconds when it first wrote a record. */
  bootId: string;
  bootTime: string | null;
  reason: string;
  count: number;
  /** Parts in part order (Part1 = newest chunk of the log). */
  parts: DumpPart[];
  /** Part numbers below the highest present part that are not in the store. */
  missingParts: number[];
  recordIds: string[];
  /** Bytes of the stitched text (markers included). */
  textLength: number;
  /**
   * The stitched log tail in reading (chronological) order, with markers where parts are
   * missing; absent when payloads were not kept (see stitchDump).
   */
  text?: Uint8Array;
}

const enc = new TextEncoder();

export function bootIdOf(recordId: string): { bootId: string; bootTime: string | null } {
  const id = BigInt(recordId);
  const hi = id >> 32n;
  // cper_next_record_id(): before 2038 the high 32 bits are the boot's first-record seconds.
  const time = hi < 0x80000000n && hi > 0n ? unixIso(hi) : null;
  return { bootId: '0x' + hi.toString(16).padStart(8, '0'), bootTime: time };
}

/**
 * Groups pstore dmesg parts into dumps (same boot, reason and count), orders them, names the
 * missing parts and stitches the text oldest-first (PartN … Part1), as systemd-pstore does.
 * A live record wins over a cleared copy of the same id.
 */
export function reassembleDumps(inputs: readonly DumpPartInput[]): Dump[] {
  const byKey = new Map<string, { bootId: string; bootTime: string | null; reason: string; count: number; parts: Map<number, { input: DumpPartInput }> }>();
  const ordered = [...inputs].sort((a, b) => (a.state === b.state ? 0 : a.state === 'live' ? -1 : 1));
  for (const input of ordered) {
    const p = input.pstore;
    if (p.kind !== 'dmesg' || p.reason === undefined || p.part === undefined) continue;
    const { bootId, bootTime } = bootIdOf(input.recordId);
    const key = `${bootId}/${p.reason}/${p.count}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { bootId, bootTime, reason: p.reason, count: p.count!, parts: new Map() }));
    if (!g.parts.has(p.part)) g.parts.set(p.part, { input });
  }
  const dumps: Dump[] = [];
  for (const g of byKey.values()) {
    const nums = [...g.parts.keys()].sort((a, b) => a - b);
    const max = nums[nums.length - 1];
    const missingParts: number[] = [];
    for (let k = 1; k <= max; k++) if (!g.parts.has(k)) missingParts.push(k);
    const parts: DumpPart[] = nums.map((k) => {
      const { input } = g.parts.get(k)!;
      const p = input.pstore;
      const decoded = !p.compressed || !!p.decompressed;
      const part: DumpPart = { part: k, recordId: input.recordId, slot: input.slot, state: input.state, textLength: decoded ? p.textLength - (p.headerLength ?? 0) : 0, compressed: p.compressed, decoded };
      if (!decoded) part.error = p.decompressError;
      return part;
    });
    const dump: Dump = { bootId: g.bootId, bootTime: g.bootTime, reason: g.reason, count: g.count, parts, missingParts, recordIds: parts.map((p) => p.recordId), textLength: 0 };
    const byPart = new Map([...g.parts].map(([k, v]) => [k, v.input.pstore]));
    const chunks = stitchChunks(dump, (part) => byPart.get(part)!.text);
    dump.textLength = chunks.reduce<number>((s, c) => s + (typeof c === 'number' ? c : c.length), 0);
    if (chunks.every((c) => typeof c !== 'number')) dump.text = concat(chunks as Uint8Array[]);
    dumps.push(dump);
  }
  return dumps.sort((a, b) => (BigInt(a.recordIds[0]) < BigInt(b.recordIds[0]) ? -1 : 1));
}

/**
 * The pieces of a dump's text, oldest first: each part's text without its header line, or a
 * marker where a part is missing or undecodable. A part whose payload is not at hand gives
 * its length instead, so lengths are right even in summary mode.
 */
function stitchChunks(d: Dump, textOf: (part: number) => Uint8Array | undefined): (Uint8Array | number)[] {
  const chunks: (Uint8Array | number)[] = [];
  const max = d.parts.length ? d.parts[d.parts.length - 1].part : 0;
  const byPart = new Map(d.parts.map((p) => [p.part, p]));
  for (let k = max; k >= 1; k--) {
    const label = `${d.reason}#${d.count} Part${k}`;
    const p = byPart.get(k);
    if (!p) {
      chunks.push(enc.encode(`--- ${label} is missing from this store ---\n`));
    } else if (!p.decoded) {
      chunks.push(enc.encode(`--- ${label} could not be decompressed: ${p.error} ---\n`));
    } else {
      const t = textOf(k);
      chunks.push(t ? t.subarray(t.length - p.textLength) : p.textLength);
    }
  }
  return chunks;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Stitches a dump whose payloads were not kept, fetching each part's payload by record id. */
export function stitchDump(d: Dump, payloadOf: (recordId: string) => Uint8Array | undefined): Uint8Array {
  const chunks = stitchChunks(d, (part) => payloadOf(d.parts.find((p) => p.part === part)!.recordId));
  return concat(chunks.map((c) => (typeof c === 'number' ? new Uint8Array(0) : c)));
}

/** File name for a stitched dump: boot, reason and count, e.g. `dump-0x6b025166-Panic1.txt`. */
export function dumpFileName(d: Dump): string {
  return `dump-${d.bootId}-${d.reason}${d.count}.txt`;
}
