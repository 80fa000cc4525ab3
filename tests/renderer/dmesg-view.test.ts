// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import DmesgView from '../../renderer/views/DmesgView.vue';
import { useDmesg } from '../../renderer/stores/dmesg';
import { useFiles } from '../../renderer/stores/files';
import { generateStore } from '../../shared/generate/store';
import type { Dispatcher } from '../../main/services/dispatcher';
import { corpusPath } from '../helpers/corpus';
import { dispatcherTransport, flush } from './harness';

/** The dmesg view over the real dispatcher: what it marks on the lines of real and generated dumps. */
describe('DmesgView', () => {
  let d: Dispatcher;
  beforeEach(() => {
    setActivePinia(createPinia());
    ({ d } = dispatcherTransport());
  });
  afterEach(() => d.dispose());

  const show = async (fileId: string, recovered = false) => {
    useFiles().currentId = fileId;
    await useDmesg().load(fileId, recovered);
    const w = mount(DmesgView);
    await flush(10);
    return w;
  };

  it('opens the most recent dump, with part boundaries, log levels and the panic to jump to', async () => {
    const f = d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
    const w = await show(f.info.id);
    const options = w.findAll('[role="option"]');
    expect(options.length).toBe(2);
    expect(options[1].attributes('aria-selected')).toBe('true');
    const lines = w.findAll('[data-line]');
    expect(lines.length).toBeGreaterThan(10);
    expect(w.get('[data-line="0"]').classes()).toContain('boundary');
    expect(w.get('[data-line="0"]').attributes('data-part')).toMatch(/^Panic#1 Part\d+$/);
    // `<N>` prefixes give the kernel level: info (6) and notice (5) lines are in the first window.
    expect(w.findAll('.line.info').length).toBeGreaterThan(0);
    const jump = w.get('[data-testid="dmesg-panic"]');
    expect(jump.attributes('disabled')).toBeUndefined();
    expect(jump.attributes('title')).toBe(`Line ${useDmesg().panicLine! + 1}`);
    expect(useDmesg().lineAt(useDmesg().panicLine!)?.text).toMatch(/Kernel panic|Oops|BUG:|Call Trace/);
    w.unmount();
  });

  it('marks missing text with its reason, and recovered text when cleared parts are used', async () => {
    const boots = [{ bootTime: 1_700_000_000, dumps: [{ reason: 'Panic', lines: 700, compressed: false }] }];
    const probe = generateStore({ size: 256 * 1024, boots, seed: 2, kmsgBytes: 30_000 });
    const middle = probe.parts.find((p) => p.part === 2)!;
    expect(probe.parts.length).toBeGreaterThanOrEqual(3);
    const g = generateStore({ size: 256 * 1024, boots, seed: 2, kmsgBytes: 30_000, clear: [middle.recordId] });
    const f = d.files.openBytes('cleared.erst', g.bytes, 'upload');
    let w = await show(f.info.id);
    const dm = useDmesg();
    const at = Array.from({ length: dm.lineCount }, (_, i) => i).find((i) => dm.lineAt(i)?.kind === 'gap')!;
    expect(at).toBeGreaterThan(0);
    // Scroll the virtual list there: the marker line is drawn with its reason.
    const body = w.get('[data-testid="dmesg-text"]');
    (body.element as HTMLElement).scrollTop = at * 18;
    await body.trigger('scroll');
    await flush(10);
    const gap = w.get(`[data-line="${at}"]`);
    expect(gap.classes()).toContain('gap');
    expect(gap.text()).toMatch(/Part2/);
    expect(gap.attributes('title')!.length).toBeGreaterThan(10);
    expect(w.findAll('.line.recovered')).toHaveLength(0);
    w.unmount();
    w = await show(f.info.id, true);
    const dm2 = useDmesg();
    const rec = Array.from({ length: dm2.lineCount }, (_, i) => i).find((i) => dm2.lineAt(i)?.recovered)!;
    const body2 = w.get('[data-testid="dmesg-text"]');
    (body2.element as HTMLElement).scrollTop = rec * 18;
    await body2.trigger('scroll');
    await flush(10);
    expect(w.get(`[data-line="${rec}"]`).classes()).toContain('recovered');
    w.unmount();
  });
});
