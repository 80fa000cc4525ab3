// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import StoreView from '../../renderer/views/StoreView.vue';
import RecordView from '../../renderer/views/RecordView.vue';
import { useFiles } from '../../renderer/stores/files';
import { useReport } from '../../renderer/stores/report';
import { useRecord } from '../../renderer/stores/record';
import type { Dispatcher } from '../../main/services/dispatcher';
import { qemu71Store } from '../contract/qemu71-store';
import { dispatcherTransport, flush } from './harness';

/** Slots QEMU 7.0/7.1 wrote: marked on the slot map, named in Health, their remnant shown in the record view. */
describe('QEMU 7.0/7.1 slots in the overview and the record view', () => {
  let d: Dispatcher;
  beforeEach(() => {
    setActivePinia(createPinia());
    ({ d } = dispatcherTransport());
  });
  afterEach(() => d.dispose());

  it('marks the slot with its remnant range, explains the mark in the legend, and the record view highlights the remnant', async () => {
    const g = qemu71Store(256 * 1024);
    const f = d.files.openBytes('q71.erst', g.bytes, 'upload');
    useFiles().files = [f.info];
    useFiles().currentId = f.info.id;
    await useReport().load(f.info.id);
    const rem = useReport().report!.store!.qemu71!.slots[0].remnant!;
    expect(rem.offset).toBe(g.slot * g.recordSize + g.shortLength + 255);
    const w = mount(StoreView);
    await flush(5);
    const marked = w.findAll('[data-qemu71]');
    expect(marked.map((c) => c.attributes('data-slot'))).toEqual([String(g.slot)]);
    expect(marked[0].classes()).toContain('q71');
    const hx = (n: number) => `0x${n.toString(16)}`;
    expect(marked[0].attributes('title')).toContain(
      `written by QEMU 7.0/7.1: bytes ${hx(rem.offset)}–${hx(rem.offset + rem.length - 1)} (${rem.length}) are a remnant of an earlier record`,
    );
    expect(w.get('[data-testid="legend-qemu71"]').text()).toMatch(/written by QEMU 7\.0\/7\.1 .* 1$/);
    // Other slots carry no mark.
    expect(w.findAll('[data-slot]').filter((c) => c.classes().includes('q71'))).toHaveLength(1);
    expect(w.text()).toContain('1 slot was written by QEMU 7.0 or 7.1');
    // Clicking the slot opens its record.
    await marked[0].trigger('click');
    await flush(10);
    const rec = useRecord();
    expect(rec.detail?.summary.slot).toBe(g.slot);
    w.unmount();
    const r = mount(RecordView);
    await flush(5);
    const strip = r.get('[data-testid="record-qemu71"]');
    expect(strip.text()).toContain(`Slot ${g.slot} was written by QEMU 7.0/7.1`);
    expect(strip.text()).toContain(
      `Bytes ${hx(rem.offset)}–${hx(rem.offset + rem.length - 1)} (${rem.length}) are a remnant of an earlier record.`,
    );
    await r.get('[data-testid="record-remnant"]').trigger('click');
    await flush(10);
    expect(rec.cursor).toBe(rem.offset);
    const tinted = r.findAll('[data-testid="hex"] .b.rem').map((c) => Number(c.attributes('data-o')));
    expect(tinted.length).toBeGreaterThan(0);
    expect(tinted.every((o) => o >= rem.offset && o < rem.offset + rem.length)).toBe(true);
    expect(tinted).toContain(rem.offset);
    r.unmount();
  });

  it('a store the 7.2 model wrote the same way has no mark, no legend entry and no strip', async () => {
    const g = qemu71Store(256 * 1024, '7.2');
    const f = d.files.openBytes('q72.erst', g.bytes, 'upload');
    useFiles().currentId = f.info.id;
    await useReport().load(f.info.id);
    const w = mount(StoreView);
    await flush(5);
    expect(w.findAll('[data-qemu71]')).toHaveLength(0);
    expect(w.find('[data-testid="legend-qemu71"]').exists()).toBe(false);
    await w.get(`[data-slot="${g.slot}"]`).trigger('click');
    await flush(10);
    w.unmount();
    const r = mount(RecordView);
    await flush(5);
    expect(useRecord().detail?.summary.slot).toBe(g.slot);
    expect(r.find('[data-testid="record-qemu71"]').exists()).toBe(false);
    r.unmount();
  });
});
