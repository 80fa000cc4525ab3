// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PasteBox from '../../renderer/components/PasteBox.vue';
import { useFiles } from '../../renderer/stores/files';
import type { Dispatcher } from '../../main/services/dispatcher';
import { dispatcherTransport, flush } from './harness';

let d: Dispatcher;
beforeEach(() => {
  setActivePinia(createPinia());
  ({ d } = dispatcherTransport());
});
afterEach(() => d.dispose());

it('PasteBox: pasted base64 opens as a file with its record, selected', async () => {
  const w = mount(PasteBox);
  expect((w.get('[data-testid="paste-open"]').element as HTMLButtonElement).disabled).toBe(true);
  await w.get('[data-testid="paste-text"]').setValue(readFileSync('tests/fixtures/corpus/libcper/memory.cper').toString('base64'));
  await w.get('[data-testid="paste-open"]').trigger('click');
  await flush(20);
  const open = d.files.list();
  expect(open.map((f) => [f.name, f.recordCount])).toEqual([['pasted.txt', 1]]);
  expect(useFiles().currentId).toBe(open[0].id);
  expect((w.get('[data-testid="paste-text"]').element as HTMLTextAreaElement).value).toBe('');
  w.unmount();
});
