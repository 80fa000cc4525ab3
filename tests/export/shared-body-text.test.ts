import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../shared/input/index';
import { bufferReader } from '../../shared/export/cper-json/index';
import { kernelText } from '../../shared/export/kernel-text/index';
import { sharedBombRecord } from '../../fuzz/bomb';

describe('kernel text of a record whose descriptors share one body', () => {
  it('dumps the body once and names the repeats, so 64 descriptors do not print 64 dumps', () => {
    const body = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    const res = decodeInput(sharedBombRecord(64, body));
    expect(res.records).toHaveLength(1);
    const text = kernelText(res.records, bufferReader(res.bytes), res.sections);
    const dumpRows = text.split('\n').filter((l) => /^\[Hardware Error\]:\s+[0-9a-f]{8}: /.test(l));
    expect(dumpRows).toHaveLength(4096 / 16);
    const repeats = text.split('\n').filter((l) => l.endsWith('(the same bytes as Error 0: not dumped again)'));
    expect(repeats).toHaveLength(63);
    expect(text.match(/section type: unknown|section_type: /g)?.length ?? 0).toBe(64);
  });
});
