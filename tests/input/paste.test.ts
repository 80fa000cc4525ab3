/** input.paste: pasted hex, base64 and kernel text open as files and list their records. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hexDump } from '../../shared/bytes/hexdump';
import type { FileInfo } from '../../shared/contract/index';
import { testDispatcher } from '../helpers/dispatcher';

const rec = readFileSync('tests/fixtures/corpus/libcper/memory.cper');
const { d, ok } = testDispatcher();

describe('input.paste', () => {
  const forms = {
    hex: rec.toString('hex').replace(/(.{64})/g, '$1\n'),
    base64: rec.toString('base64'),
    'kernel-text': hexDump('[   12.5] {1}[Hardware Error]: ', new Uint8Array(rec), 4, true).join('\n'),
  };
  for (const [form, text] of Object.entries(forms)) {
    test(form, async () => {
      const f = await ok<FileInfo>('input.paste', { name: `pasted-${form}.txt`, text });
      expect(f.name).toBe(`pasted-${form}.txt`);
      const s = await ok<{ recordCount: number; inputForm?: string }>('store.inspect', { fileId: f.id });
      expect([s.recordCount, s.inputForm]).toEqual([1, form]);
      const w = await ok<{ rows: { sections: { name: string }[] }[] }>('records.window', { fileId: f.id, offset: 0, limit: 10 });
      expect(w.rows[0].sections[0].name).toBe('Platform Memory Error');
    });
  }
  test('a name is optional; empty text is refused by the contract', async () => {
    const f = await ok<FileInfo>('input.paste', { text: forms.base64 });
    expect(f.name).toBe('pasted.txt');
    const r = await d.call('input.paste', { text: '' }, { transport: 'test' });
    expect(r.ok).toBe(false);
  });
});
