import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../helpers/corpus';

/** The panic: S2-accumulate after boot 1 (Panic#1 in slots 1 and 2, stamped with Unix seconds). */
export const PANIC_STORE = join(CORPUS, 'S2-accumulate', 'backing.after-boot1');
/** libcper's generated Platform Memory record (corrected; its fields are libcper's). */
const MEMORY_RECORD = join(CORPUS, 'libcper', 'memory.cper');

const bcd = (n: number) => ((Math.floor(n / 10) << 4) | (n % 10)) & 0xff;

/** The panic's time: the timestamp Linux wrote into the Part1 record (slot 1, offset 0x18). */
export function panicSeconds(): number {
  const b = readFileSync(PANIC_STORE);
  return Number(b.readBigUInt64LE(8192 + 24));
}

/**
 * A case built from real pieces: libcper's memory-error record with its CPER timestamp (BCD,
 * precise) set `before` seconds ahead of the corpus panic, written to a temp folder.
 */
export function memoryErrorBefore(before = 2): { path: string; at: Date } {
  const rec = Buffer.from(readFileSync(MEMORY_RECORD));
  const at = new Date((panicSeconds() - before) * 1000);
  const y = at.getUTCFullYear();
  rec.set(
    [
      bcd(at.getUTCSeconds()),
      bcd(at.getUTCMinutes()),
      bcd(at.getUTCHours()),
      0x01,
      bcd(at.getUTCDate()),
      bcd(at.getUTCMonth() + 1),
      bcd(y % 100),
      bcd(Math.floor(y / 100)),
    ],
    24,
  );
  const dir = mkdtempSync(join(tmpdir(), 'erst-case-'));
  const path = join(dir, 'bmc-memory-error.cper');
  writeFileSync(path, rec);
  return { path, at };
}
