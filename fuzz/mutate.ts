import { guidBytes } from '../shared/bytes/guid';
import { DESCRIPTOR_SIZE, HEADER_SIZE } from '../shared/cper/layout';
import { STORE_HEADER_AT, STORE_HEADER_SIZE } from '../shared/store/layout';
import { deflateBomb } from './bomb';
import type { Seed } from './corpus';

export type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, n: number): number => Math.floor(r() * n);

/** Values that make lengths, counts and offsets lie: zero, one, edges, huge, just past the end. */
function lyingU32(r: Rand, near: number): number {
  const options = [
    0,
    1,
    2,
    0x7f,
    0x80,
    0xff,
    0x100,
    0xffff,
    0x10000,
    0x10000000,
    0x7fffffff,
    0x80000000,
    0xfffffffe,
    0xffffffff,
    near - 1,
    near,
    near + 1,
    near * 2,
    near + 72,
    int(r, 0x100000000),
  ];
  return pick(r, options) >>> 0;
}

/** Offsets of every CPER signature (records inside stores and files). */
function recordsIn(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length && out.length < 64; i++)
    if (b[i] === 0x43 && b[i + 1] === 0x50 && b[i + 2] === 0x45 && b[i + 3] === 0x52) out.push(i);
  return out;
}

const u32 = (b: Uint8Array, at: number): number => (at + 4 <= b.length ? new DataView(b.buffer, b.byteOffset).getUint32(at, true) : 0);
function setU32(b: Uint8Array, at: number, v: number): void {
  if (at >= 0 && at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);
}
function setU16(b: Uint8Array, at: number, v: number): void {
  if (at >= 0 && at + 2 <= b.length) new DataView(b.buffer, b.byteOffset).setUint16(at, v & 0xffff, true);
}

const guidCache = new WeakMap<readonly Seed[], Uint8Array[]>();
/** Section type GUIDs named by the corpus' records (every type libcper has a sample of), plus pstore's. */
function guids(seeds: readonly Seed[]): Uint8Array[] {
  let out = guidCache.get(seeds);
  if (out) return out;
  const seen = new Map<string, Uint8Array>();
  for (const g of ['c197e04e-d545-4a70-9c17-a5549419eb12', '4f118707-04dd-4055-b5dd-956d34ddfac6', 'fe08ffbe-95e4-4be7-bc73-4096044a38fc'])
    seen.set(g, guidBytes(g));
  for (const s of seeds) {
    if (s.kind !== 'cper') continue;
    for (const at of recordsIn(s.bytes)) {
      const count = Math.min(64, s.bytes.length > at + 11 ? s.bytes[at + 10] | (s.bytes[at + 11] << 8) : 0);
      for (let i = 0; i < count; i++) {
        const g = s.bytes.slice(at + HEADER_SIZE + i * DESCRIPTOR_SIZE + 16, at + HEADER_SIZE + i * DESCRIPTOR_SIZE + 32);
        if (g.length === 16) seen.set(Array.from(g).join(','), g);
      }
    }
  }
  out = [...seen.values()];
  guidCache.set(seeds, out);
  return out;
}

type Mutation = (r: Rand, b: Uint8Array, seed: Seed, others: readonly Seed[]) => Uint8Array;

const bitFlips: Mutation = (r, b) => {
  const n = 1 + int(r, 8);
  for (let i = 0; i < n && b.length; i++) b[int(r, b.length)] ^= 1 << int(r, 8);
  return b;
};

const interestingBytes: Mutation = (r, b) => {
  const n = 1 + int(r, 4);
  for (let i = 0; i < n && b.length; i++) b[int(r, b.length)] = pick(r, [0, 0xff, 0x7f, 0x80, 0x01, 0x20, 0x0a]);
  return b;
};

/** The record header's section count and length, and the descriptors' offsets and lengths, lie. */
const lyingRecordFields: Mutation = (r, b) => {
  const recs = recordsIn(b);
  if (!recs.length) return bitFlips(r, b, undefined as never, []);
  const at = pick(r, recs);
  const len = u32(b, at + 20);
  const count = b.length > at + 11 ? b[at + 10] | (b[at + 11] << 8) : 0;
  switch (int(r, 5)) {
    case 0:
      setU16(b, at + 10, pick(r, [0, 1, count + 1, count * 2, 0xff, 0xffff, 0x7fff]));
      break;
    case 1:
      setU32(b, at + 20, lyingU32(r, len));
      break;
    case 2:
    case 3: {
      const i = int(r, Math.max(1, Math.min(count, 16)));
      const d = at + HEADER_SIZE + i * DESCRIPTOR_SIZE;
      const field = int(r, 2) * 4;
      setU32(b, d + field, lyingU32(r, u32(b, d + field)));
      break;
    }
    default: {
      // Every descriptor names the same body: the shape that multiplied inflation.
      const first = at + HEADER_SIZE;
      for (let i = 1; i < Math.min(count, 64); i++) {
        setU32(b, first + i * DESCRIPTOR_SIZE, u32(b, first));
        setU32(b, first + i * DESCRIPTOR_SIZE + 4, u32(b, first + 4));
      }
    }
  }
  return b;
};

/** A section type GUID (or creator/notification) replaced by another known section type. */
const swapGuid: Mutation = (r, b, _s, others) => {
  const recs = recordsIn(b);
  if (!recs.length) return b;
  const at = pick(r, recs);
  const count = Math.min(16, b.length > at + 11 ? b[at + 10] | (b[at + 11] << 8) : 0);
  const g = pick(r, guids(others));
  const where = count && r() < 0.85 ? at + HEADER_SIZE + int(r, count) * DESCRIPTOR_SIZE + 16 : at + pick(r, [48, 64, 80]);
  if (where + 16 <= b.length) b.set(g, where);
  return b;
};

/** The store header's record size, storage offset and record count, and map entries, lie. */
const lyingStoreFields: Mutation = (r, b) => {
  if (b.length < STORE_HEADER_SIZE) return b;
  switch (int(r, 4)) {
    case 0:
      setU32(b, STORE_HEADER_AT.recordSize, lyingU32(r, u32(b, STORE_HEADER_AT.recordSize)));
      break;
    case 1:
      setU32(b, STORE_HEADER_AT.storageOffset, lyingU32(r, u32(b, STORE_HEADER_AT.storageOffset)));
      break;
    case 2:
      setU32(b, STORE_HEADER_AT.recordCount, lyingU32(r, u32(b, STORE_HEADER_AT.recordCount)));
      break;
    default: {
      const entry = STORE_HEADER_SIZE + 8 * int(r, 16);
      setU32(b, entry, pick(r, [0, 0xffffffff, u32(b, entry) + 1, int(r, 0x100000000)]));
      setU32(b, entry + 4, pick(r, [0, 0xffffffff, u32(b, entry + 4)]));
    }
  }
  return b;
};

const truncate: Mutation = (r, b) => {
  const recs = recordsIn(b);
  // Cut inside a record's header, descriptors or body, or anywhere.
  const at = recs.length && r() < 0.6 ? pick(r, recs) + int(r, 400) : int(r, b.length + 1);
  return b.subarray(0, Math.min(b.length, at));
};

const splice: Mutation = (r, b, _s, others) => {
  const o = pick(r, others).bytes;
  if (!o.length || !b.length) return b;
  const from = int(r, o.length);
  const len = Math.min(o.length - from, 1 + int(r, 2048));
  const at = int(r, b.length);
  if (r() < 0.5) {
    const out = b.slice();
    out.set(o.subarray(from, from + Math.min(len, out.length - at)), at);
    return out;
  }
  const out = new Uint8Array(b.length + len);
  out.set(b.subarray(0, at));
  out.set(o.subarray(from, from + len), at);
  out.set(b.subarray(at), at + len);
  return out;
};

let bombSizes = [1 << 16, 1 << 20, 4 << 20];

/** A small deflate bomb written over a record body, its descriptors all naming it. */
const plantBomb: Mutation = (r, b) => {
  const recs = recordsIn(b);
  if (!recs.length) return b;
  const at = pick(r, recs);
  const count = Math.min(32, b.length > at + 11 ? b[at + 10] | (b[at + 11] << 8) : 0);
  if (!count) return b;
  const bomb = deflateBomb(pick(r, bombSizes));
  const body = at + HEADER_SIZE + count * DESCRIPTOR_SIZE;
  if (body + bomb.length > b.length) return b;
  b.set(bomb, body);
  b.set(guidBytes('4f118707-04dd-4055-b5dd-956d34ddfac6'), at + HEADER_SIZE + 16);
  for (let i = 0; i < count; i++) {
    setU32(b, at + HEADER_SIZE + i * DESCRIPTOR_SIZE, body - at);
    setU32(b, at + HEADER_SIZE + i * DESCRIPTOR_SIZE + 4, bomb.length);
    b.set(guidBytes('4f118707-04dd-4055-b5dd-956d34ddfac6'), at + HEADER_SIZE + i * DESCRIPTOR_SIZE + 16);
  }
  return b;
};

/** Text-level: numbers in the text become huge (part numbers, hex-dump offsets, trace values). */
const hugeNumbers: Mutation = (r, b) => {
  const s = Buffer.from(b).toString('latin1');
  const re = pick(r, [/Part\d+/g, /\b[0-9a-f]{8}:/g, /0x[0-9a-f]+/gi, /\b\d+\b/g, /#\d+/g]);
  const matches = [...s.matchAll(re)];
  if (!matches.length) return bitFlips(r, b, undefined as never, []);
  const m = pick(r, matches);
  const repl = m[0].startsWith('Part')
    ? `Part${pick(r, ['4294967295', '0', '65536', '99999999999'])}`
    : m[0].endsWith(':')
      ? `${pick(r, ['10000000', 'ffffffff', '7fffffff', '00100000'])}:`
      : m[0].startsWith('0x')
        ? pick(r, ['0xffffffffffffffff', '0x10000000', '0x0', '0xffffffff'])
        : m[0].startsWith('#')
          ? `#${pick(r, ['4294967295', '0'])}`
          : pick(r, ['4294967295', '0', '18446744073709551615', '-1', '1e309']);
  const out = s.slice(0, m.index) + repl + s.slice(m.index! + m[0].length);
  return new Uint8Array(Buffer.from(out, 'latin1'));
};

/** Trace lines deleted, duplicated, swapped, cut, or their event names exchanged. */
const traceLines: Mutation = (r, b) => {
  const lines = Buffer.from(b).toString('latin1').split('\n');
  if (lines.length < 2) return b;
  const i = int(r, lines.length);
  const j = int(r, lines.length);
  switch (int(r, 6)) {
    case 0:
      lines.splice(i, 1 + int(r, 8));
      break;
    case 1:
      lines.splice(i, 0, ...lines.slice(j, j + 1 + int(r, 16)));
      break;
    case 2:
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    case 3:
      lines[i] = lines[i].slice(0, int(r, lines[i].length + 1));
      break;
    case 4:
      lines[i] = lines[i].replace(
        /acpi_erst_\w+/,
        pick(r, [
          'acpi_erst_reg_write',
          'acpi_erst_reg_read',
          'acpi_erst_reset_in',
          'acpi_erst_reset_out',
          'acpi_erst_realizefn_out',
          'acpi_erst_mem_write',
        ]),
      );
      break;
    default:
      // The whole write/read cycle of a record repeated: the shape that widens a write search.
      lines.splice(i, 0, ...Array.from({ length: 1 + int(r, 8) }, () => lines.slice(j, j + 40)).flat());
  }
  return new Uint8Array(Buffer.from(lines.join('\n'), 'latin1'));
};

const BINARY: Mutation[] = [
  bitFlips,
  interestingBytes,
  lyingRecordFields,
  lyingRecordFields,
  swapGuid,
  truncate,
  splice,
  plantBomb,
  hugeNumbers,
];
const STORE: Mutation[] = [...BINARY, lyingStoreFields, lyingStoreFields];
const TEXT: Mutation[] = [bitFlips, truncate, splice, hugeNumbers, hugeNumbers, traceLines];
const TRACE: Mutation[] = [traceLines, traceLines, traceLines, hugeNumbers, hugeNumbers, truncate, bitFlips];

/** One to three mutations chosen for the seed's kind, applied to a copy of its bytes. */
export function mutate(r: Rand, seed: Seed, others: readonly Seed[], opts: { largeBombs?: boolean } = {}): Uint8Array {
  bombSizes = opts.largeBombs === false ? [1 << 12, 1 << 16] : [1 << 16, 1 << 20, 4 << 20];
  const table = seed.kind === 'store' ? STORE : seed.kind === 'trace' ? TRACE : seed.kind === 'text' ? TEXT : BINARY;
  let b: Uint8Array = seed.bytes.slice();
  const n = 1 + int(r, 3);
  for (let k = 0; k < n; k++) {
    const m = pick(r, table);
    // plantBomb is costly to run on every input; keep it rare.
    if (m === plantBomb && r() < 0.8) continue;
    b = m(r, b, seed, others);
  }
  return b;
}
