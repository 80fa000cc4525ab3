/**
 * The CPER header timestamp is 8 bytes that producers disagree on:
 * UEFI writes BCD (sec, min, hour, precise-flag, day, month, year, century); Linux's ERST
 * writer stores a raw u64 of Unix seconds; both may leave it zero. We tell them apart by
 * shape and check plausibility instead of trusting the validation bit alone.
 */
export type TimestampEncoding = 'bcd' | 'unix' | 'absent' | 'invalid';

export interface DecodedTime {
  encoding: TimestampEncoding;
  /** ISO 8601 (UTC for Unix seconds; BCD carries no zone, printed as given with Z). */
  iso: string | null;
  precise?: boolean;
  /** Why it is not plausible, when it is not. */
  problem?: string;
}

// A plausible wall-clock window for error records: 1990 .. 2100.
const MIN_UNIX = 631152000n;
const MAX_UNIX = 4102444800n;

function bcd(v: number): number | undefined {
  const hi = v >> 4;
  const lo = v & 0xf;
  return hi > 9 || lo > 9 ? undefined : hi * 10 + lo;
}

export function decodeBcdTime(b: Uint8Array, o: number): { iso: string; precise: boolean } | undefined {
  const sec = bcd(b[o]);
  const min = bcd(b[o + 1]);
  const hour = bcd(b[o + 2]);
  const day = bcd(b[o + 4]);
  const mon = bcd(b[o + 5]);
  const year = bcd(b[o + 6]);
  const cent = bcd(b[o + 7]);
  if ([sec, min, hour, day, mon, year, cent].some((x) => x === undefined)) return undefined;
  if (sec! > 59 || min! > 59 || hour! > 23 || day! < 1 || day! > 31 || mon! < 1 || mon! > 12) return undefined;
  const p2 = (n: number) => String(n).padStart(2, '0');
  const iso = `${p2(cent!)}${p2(year!)}-${p2(mon!)}-${p2(day!)}T${p2(hour!)}:${p2(min!)}:${p2(sec!)}Z`;
  return { iso, precise: (b[o + 3] & 1) === 1 };
}

export function unixIso(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Classifies the 8 bytes at `o`. `validBit` is the header's timestamp validation bit; a
 * timestamp is reported even when the bit is clear, with the problem named, so nothing hides.
 */
export function decodeCperTimestamp(b: Uint8Array, o: number, validBit: boolean): DecodedTime {
  let raw = 0n;
  for (let i = 7; i >= 0; i--) raw = (raw << 8n) | BigInt(b[o + i]);
  if (raw === 0n) return { encoding: 'absent', iso: null, problem: validBit ? 'timestamp marked valid but zero' : undefined };
  const note = validBit ? undefined : 'timestamp validation bit is clear';
  // Raw seconds: the top three bytes are zero for any date before year 2^40 s; BCD always
  // has a non-zero century byte (0x19/0x20/0x21), so the two shapes do not overlap.
  if (raw >> 40n === 0n) {
    if (raw >= MIN_UNIX && raw <= MAX_UNIX) return { encoding: 'unix', iso: unixIso(raw), problem: note };
    return { encoding: 'invalid', iso: null, problem: `raw seconds ${raw} outside 1990..2100` };
  }
  const t = decodeBcdTime(b, o);
  if (t) {
    const year = Number(t.iso.slice(0, 4));
    const problem = year < 1990 || year > 2100 ? `BCD year ${year} is implausible` : note;
    return { encoding: 'bcd', iso: t.iso, precise: t.precise, problem };
  }
  return { encoding: 'invalid', iso: null, problem: 'neither BCD nor Unix seconds' };
}
