// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import FileBanner from '../../renderer/components/FileBanner.vue';
import { count, formatName } from '../../renderer/lib/format';
import { useUi } from '../../renderer/stores/ui';
import type { FileInfo } from '../../shared/contract/index';

describe('counts', () => {
  it('one noun, singular for exactly one', () => {
    expect(count(1, 'part')).toBe('1 part');
    expect(count(2, 'part')).toBe('2 parts');
    expect(count(0, 'record')).toBe('0 records');
    expect(count(1, 'header slot')).toBe('1 header slot');
    expect(count(1, 'entry', 'entries')).toBe('1 entry');
    expect(count(12345, 'entry', 'entries')).toBe('12,345 entries');
  });
  it('formats in words', () => {
    expect(formatName('erst-store')).toBe('ERST store');
    expect(formatName('unrecognised')).toBe('unrecognised file');
  });
});

describe('empty and unrecognised files are said to be so', () => {
  const file = (o: Partial<FileInfo>): FileInfo =>
    ({
      id: 'f1',
      name: 'x.bin',
      size: 5000,
      origin: 'upload',
      format: 'cper',
      recordCount: 0,
      openedAt: '',
      label: 'x.bin',
      detail: '',
      status: 'ready',
      ...o,
    }) as FileInfo;
  it('an empty file', () => {
    const w = mount(FileBanner, { props: { file: file({ size: 0, name: 'empty.bin' }) } });
    expect(w.get('[data-testid="file-banner"]').text()).toMatch(/^empty\.bin is empty/);
  });
  it('bytes that are no known format', () => {
    const w = mount(FileBanner, { props: { file: file({ format: 'unrecognised', name: 'random.bin' }) } });
    expect(w.get('[data-testid="file-banner"]').text()).toMatch(/^random\.bin is not a recognised format/);
  });
  it('nothing for a recognised file', () => {
    expect(
      mount(FileBanner, { props: { file: file({ format: 'erst-store', recordCount: 4 }) } })
        .find('[data-testid="file-banner"]')
        .exists(),
    ).toBe(false);
  });
});

describe('theme', () => {
  beforeEach(() => {
    localStorage.clear();
    delete document.documentElement.dataset.theme;
    setActivePinia(createPinia());
  });
  it('follows the system until chosen, then sets data-theme and remembers it', () => {
    const ui = useUi();
    expect(ui.theme).toBe('system');
    ui.setTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    setActivePinia(createPinia());
    expect(useUi().theme).toBe('dark');
    useUi().setTheme('system');
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });
});
