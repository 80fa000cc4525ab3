import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { playback } from '../../main/replay/player';

/**
 * The player's output for every corpus trace (steps, trace lines with their meanings,
 * disagreements, starting slots) hashed as recorded before the player moved into
 * main/replay and read the one parse of the trace: any change in what it shows fails here.
 */
const golden: Record<string, string> = JSON.parse(readFileSync('tests/replay/playback-golden.json', 'utf8'));

describe('replay player output is unchanged on the corpus', () => {
  for (const [key, hash] of Object.entries(golden)) {
    it(key, () => {
      const [corpus, sc, b] = key.split('/');
      const dir = `tests/fixtures/${corpus}/${sc}`;
      const boot = Number(b);
      const before = boot > 1 ? new Uint8Array(readFileSync(`${dir}/backing.after-boot${boot - 1}`)) : undefined;
      expect(existsSync(`${dir}/boot${boot}.trace.log`)).toBe(true);
      const p = playback({
        trace: readFileSync(`${dir}/boot${boot}.trace.log`, 'utf8'),
        before,
        after: new Uint8Array(readFileSync(`${dir}/backing.after-boot${boot}`)),
        names: { trace: 't', before: null, after: 'a' },
      });
      expect(createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16)).toBe(hash);
    });
  }
});
