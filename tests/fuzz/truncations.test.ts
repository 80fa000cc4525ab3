import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../../main/evidence/native-inflate';
import { decodeRecord } from '../../shared/cper/record';
import { cperJsonText } from '../../shared/export/cper-json/index';
import { kernelText } from '../../shared/export/kernel-text/index';
import { corpusPath } from '../helpers/corpus';

const DIR = corpusPath('libcper');
const BAD = /undefined|NaN|\[object Object\]/;

// Exporters read section bytes themselves: a section cut short (memory, CXL protocol…) once
// made the kernel text mix BigInt and number, or print "Record Identifier: undefined".
describe('exporters on every truncation of every libcper record', () => {
  it('CPER-JSON and kernel text: no exception, no undefined/NaN/[object Object], whether the record length says the cut or the full size', () => {
    const problems: string[] = [];
    let inputs = 0;
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.cper'))) {
      const full = new Uint8Array(readFileSync(`${DIR}/${f}`));
      // Below 100 bytes no section is reached; the header's own truncation is covered elsewhere.
      for (let cut = Math.min(100, full.length); cut <= full.length; cut++) {
        for (const lie of [false, true]) {
          const b = full.slice(0, cut);
          // lie: the header still claims the full length; otherwise it claims exactly the bytes present.
          if (!lie && b.length >= 24) new DataView(b.buffer).setUint32(20, cut, true);
          inputs++;
          try {
            const r = decodeRecord(b);
            const read = (o: number, l: number) => b.subarray(o, o + l);
            const text = kernelText([r], read, []) + cperJsonText([r], read, []);
            const m = BAD.exec(text);
            if (m)
              problems.push(`${f} cut at ${cut}${lie ? ' (length lying)' : ''}: …${text.slice(Math.max(0, m.index - 60), m.index + 20)}`);
          } catch (e) {
            problems.push(`${f} cut at ${cut}${lie ? ' (length lying)' : ''}: ${(e as Error).message}`);
          }
        }
      }
    }
    expect(inputs).toBeGreaterThan(10000);
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
