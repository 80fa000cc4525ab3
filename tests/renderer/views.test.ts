// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../renderer/App.vue';
import HexPane from '../../renderer/components/HexPane.vue';
import FieldTree from '../../renderer/components/FieldTree.vue';
import SlotMap from '../../renderer/components/SlotMap.vue';
import type { FieldNode } from '../../shared/decode/node';
import { corpusPath } from '../helpers/corpus';
import { dispatcherTransport, flush } from './harness';
import type { Dispatcher } from '../../main/services/dispatcher';

describe('views', () => {
  let d: Dispatcher;
  beforeEach(() => {
    setActivePinia(createPinia());
    ({ d } = dispatcherTransport());
  });
  afterEach(() => d.dispose());

  it('App: welcome → sample store → overview, records, record detail', async () => {
    const w = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body });
    await flush();
    expect(w.text()).toContain('Open sample store');
    await w.get('[data-testid="open-sample"]').trigger('click');
    await flush(20);
    expect(w.find('[data-testid="store-view"]').exists()).toBe(true);
    const count = d.files.list()[0].recordCount;
    expect(w.get('[data-testid="record-count"]').text()).toMatch(new RegExp(`^${count} \\(`));
    expect(w.findAll('[data-testid="slot-map"] .cell.cleared').length).toBe(1);
    await w.get('button[data-view="records"]').trigger('click');
    await flush();
    expect(w.findAll('[data-record-id]').length).toBe(count);
    await w.get('[data-record-id]').trigger('click');
    await flush(10);
    expect(w.find('[data-testid="record-view"]').exists()).toBe(true);
    expect(w.find('[data-testid="field-tree"]').text()).toContain('Record header');
    w.unmount();
  });

  it('HexPane: a 1 GiB file renders only the rows in view, with a capped spacer', async () => {
    const w = mount(HexPane, { props: { size: 1024 ** 3, cursor: 0, highlight: null }, global: { plugins: [createPinia()] } });
    await flush();
    const rows = w.findAll('.hex-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    const spacer = parseFloat((w.get('.hex-spacer').element as HTMLElement).style.height);
    expect(spacer).toBeLessThan(5_000_000);
    (w.vm as unknown as { setTop(r: number): void }).setTop(67_108_000);
    await flush();
    expect(w.get('.hex-off').text()).toBe((67_108_000 * 16).toString(16).padStart(10, '0'));
  });

  it('FieldTree: flags invalid and absent fields; keyboard moves the selection', async () => {
    const leaf = (key: string, offset: number, validity: FieldNode['validity']): FieldNode => ({
      key,
      label: key,
      offset,
      length: 4,
      type: 'u32',
      text: '1',
      validity,
    });
    const root: FieldNode = {
      key: 'r',
      label: 'root',
      offset: 0,
      length: 12,
      type: 'struct',
      text: '',
      validity: 'valid',
      children: [leaf('a', 0, 'valid'), leaf('b', 4, 'invalid'), leaf('c', 8, 'absent')],
    };
    const w = mount(FieldTree, { props: { root, selected: 'r/a', expanded: new Set(['r']) } });
    expect(w.get('[data-key="b"]').classes()).toContain('invalid');
    expect(w.get('[data-key="b"] .badge').text()).toBe('invalid');
    expect(w.get('[data-key="c"] .badge').text()).toBe('absent');
    await w.get('.tree').trigger('keydown', { key: 'ArrowDown' });
    expect(w.emitted('select')![0]).toEqual(['r/b']);
  });

  it('SlotMap: one cell per slot, clickable live slots', async () => {
    const report = d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line').report();
    const w = mount(SlotMap, { props: { slots: report.store!.slots } });
    expect(w.findAll('.cell[data-slot]').length).toBe(report.store!.slotCount);
    await w.get('button.live').trigger('click');
    expect(w.emitted('open')![0][0]).toMatchObject({ state: 'live' });
  });
});
