import { fromHex, toHex } from '../../shared/bytes/hex';
import type { Access } from '../../shared/erst/access';
import type { ErstDevice } from './device';

/** The access-list format, declared in shared/erst/access.ts so the console and the contract use it too. */
export type { Access };

/** A bad access list; the message names the entry. */
export class AccessError extends Error {}

/** Longest buffer read/write one access may carry (the largest exchange buffer we accept). */
const MAX_BUF_ACCESS = 1 << 24;
const SIZES = new Set([1, 2, 4, 8]);

/** Checks parsed JSON against the format and returns it typed; values are normalised to 0x-hex. */
export function parseAccesses(json: unknown): Access[] {
  if (!Array.isArray(json)) throw new AccessError('accesses must be a JSON array');
  return json.map((a, i) => parseAccess(a, i));
}

function parseAccess(a: unknown, i: number): Access {
  const where = `access #${i}`;
  if (!a || typeof a !== 'object') throw new AccessError(`${where}: not an object`);
  const o = a as Record<string, unknown>;
  const int = (k: string, max: number): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
      throw new AccessError(`${where}: "${k}" must be an integer 0..${max}`);
    return v;
  };
  switch (o.op) {
    case 'write':
    case 'read': {
      const size = o.size;
      if (typeof size !== 'number' || !SIZES.has(size)) throw new AccessError(`${where}: "size" must be 1, 2, 4 or 8`);
      const offset = int('offset', 15);
      if (offset + size > 16) throw new AccessError(`${where}: ${size} bytes at offset ${offset} go past the 16-byte register BAR`);
      if (o.op === 'read') return { op: 'read', offset, size: size as 1 | 2 | 4 | 8 };
      const value = parseValue(o.value, size, where);
      return { op: 'write', offset, size: size as 1 | 2 | 4 | 8, value: '0x' + value.toString(16) };
    }
    case 'buf-write': {
      const offset = int('offset', MAX_BUF_ACCESS);
      if (typeof o.hex !== 'string' || o.hex.length > 2 * MAX_BUF_ACCESS + 2)
        throw new AccessError(`${where}: "hex" must be a hex string of at most ${MAX_BUF_ACCESS} bytes`);
      const b = fromHex(o.hex);
      if (!b) throw new AccessError(`${where}: "hex" is not valid hex`);
      return { op: 'buf-write', offset, hex: toHex(b) };
    }
    case 'buf-read':
      return { op: 'buf-read', offset: int('offset', MAX_BUF_ACCESS), length: int('length', MAX_BUF_ACCESS) };
    case 'reset':
      return { op: 'reset' };
    default:
      throw new AccessError(`${where}: "op" must be write, read, buf-write, buf-read or reset`);
  }
}

function parseValue(v: unknown, size: number, where: string): bigint {
  let n: bigint;
  if (typeof v === 'string' && /^(0x[0-9a-f]+|[0-9]+)$/i.test(v.trim())) n = BigInt(v.trim());
  else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
  else throw new AccessError(`${where}: "value" must be a non-negative integer or a "0x…" string`);
  if (n >> BigInt(8 * size) !== 0n) throw new AccessError(`${where}: value ${'0x' + n.toString(16)} does not fit ${size} byte(s)`);
  return n;
}

/** How a read result is printed: registers as 0x + 2·size hex digits, buffers as plain hex. */
export function formatRegister(v: bigint, size: number): string {
  return '0x' + v.toString(16).padStart(2 * size, '0');
}

/** Something that runs access lists: the model, or QEMU over qtest. */
export interface AccessTarget {
  /** Runs the accesses in order; resolves to the result of each read / buf-read, in order. */
  run(accesses: Access[]): Promise<string[]>;
}

export function checkBuf(offset: number, length: number, exchangeSize: number, where: string): void {
  if (offset + length > exchangeSize)
    throw new AccessError(`${where}: ${length} bytes at ${offset} go past the ${exchangeSize}-byte exchange buffer`);
}

/** Runs one access on the model; returns the read result, if the access is a read. */
export function applyAccess(dev: ErstDevice, a: Access, index = 0): string | undefined {
  switch (a.op) {
    case 'write':
      dev.write(a.offset, a.size, BigInt(a.value));
      return undefined;
    case 'read':
      return formatRegister(dev.read(a.offset, a.size), a.size);
    case 'buf-write': {
      const b = fromHex(a.hex) ?? new Uint8Array(0);
      checkBuf(a.offset, b.length, dev.exchange.length, `access #${index}`);
      dev.exchange.set(b, a.offset);
      return undefined;
    }
    case 'buf-read':
      checkBuf(a.offset, a.length, dev.exchange.length, `access #${index}`);
      return toHex(dev.exchange.subarray(a.offset, a.offset + a.length));
    case 'reset':
      dev.reset();
      return undefined;
  }
}

export function runOnDevice(dev: ErstDevice, accesses: Access[]): string[] {
  const out: string[] = [];
  accesses.forEach((a, i) => {
    const r = applyAccess(dev, a, i);
    if (r !== undefined) out.push(r);
  });
  return out;
}
