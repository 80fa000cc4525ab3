// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { join } from 'node:path';
import DmesgView from '../../renderer/views/DmesgView.vue';
import { useDmesg } from '../../renderer/stores/dmesg';
import { useFiles } from '../../renderer/stores/files';
import { generateStore } from '../../shared/generate/store';
import type { Dispatcher } from '../../main/services/dispatcher';
import { CORPUS_612, corpusPath } from '../helpers/corpus';
import { dispatcherTransport, flush } from './harness';

/** The dump list says which pstore generation wrote each dump, and why any of its text is missing. */
describe('dump list: producer and gaps', () => {
  let d: Dispatcher;
  beforeEach(() => {
    setActivePinia(createPinia());
    ({ d } = dispatcherTransport());
  });
  afterEach(() => d.dispose());

  const show = async (fileId: string) => {
    useFiles().currentId = fileId;
    await useDmesg().load(fileId, false);
    const w = mount(DmesgView);
    await flush(10);
    return w;
  };

  it('badges Linux ≤ 6.5 and Linux 6.6+ dumps of the real corpora, the evidence as tooltip and list', async () => {
    const old = d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
    let w = await show(old.info.id);
    const badges = w.findAll('[data-testid="dump-generation"]');
    expect(badges.map((b) => b.text())).toEqual(['Linux ≤ 6.5', 'Linux ≤ 6.5']);
    const evidence = useDmesg().dumps[0].producer.evidence;
    expect(evidence.length).toBeGreaterThan(0);
    expect(badges[0].attributes('title')).toBe(evidence.join('\n'));
    expect(
      w
        .findAll('[data-testid="dump-facts"]')[0]
        .findAll('.evidence li')
        .map((l) => l.text()),
    ).toEqual(evidence);
    // Whole real dumps: no gap listed, no recover switch.
    expect(w.findAll('[data-testid="dump-gaps"]')).toHaveLength(0);
    expect(w.findAll('[data-testid="dump-recover"]')).toHaveLength(0);
    w.unmount();
    const fresh = d.files.openPath(join(CORPUS_612, 'S1-default', 'backing.after-boot1'), 'command-line');
    w = await show(fresh.info.id);
    const b = w.get('[data-testid="dump-generation"]');
    expect(b.text()).toBe('Linux 6.6+');
    expect(b.attributes('title')).toMatch(/32 KiB window/);
    w.unmount();
  });

  it('lists a cleared part with its slot and reason verbatim, and its button stitches it back on the same dump', async () => {
    const boots = [
      {
        bootTime: 1_700_000_000,
        dumps: [
          { reason: 'Panic', lines: 700, compressed: false },
          { reason: 'Oops', lines: 300, compressed: false },
        ],
      },
    ];
    const spec = { size: 256 * 1024, boots, seed: 2, kmsgBytes: 30_000 };
    const middle = generateStore(spec).parts.find((p) => p.part === 2 && p.reason === 'Panic')!;
    const g = generateStore({ ...spec, clear: [middle.recordId] });
    const f = d.files.openBytes('cleared.erst', g.bytes, 'upload');
    const w = await show(f.info.id);
    const dm = useDmesg();
    const at = dm.dumps.findIndex((x) => x.reason === 'Panic');
    const item = w.findAll('[role="option"]')[at];
    const gap = dm.dumps[at].gaps.find((x) => x.kind === 'cleared')!;
    expect(gap.recoverableSlot).toBe(middle.slot);
    const row = item.get('[data-testid="dump-gaps"] li');
    expect(row.get('.head').text()).toBe(`Part2 cleared — recoverable from slot ${middle.slot}`);
    expect(row.get('.reason').text()).toBe(gap.reason);
    const button = item.get('[data-testid="dump-recover"]');
    expect(button.text()).toBe('include cleared (recovered) parts');
    // Another dump is shown; the button switches cleared parts in and shows this dump.
    expect(dm.current).not.toBe(at);
    await button.trigger('click');
    await flush(10);
    expect(dm.recovered).toBe(true);
    expect(dm.dump?.reason).toBe('Panic');
    expect(dm.dump?.parts.find((p) => p.part === 2)?.state).toBe('cleared');
    const again = w.findAll('[role="option"]')[dm.current];
    expect(again.get('[data-testid="dump-gaps"] .head').text()).toBe(`Part2 recovered from slot ${middle.slot}`);
    expect(again.get('[data-testid="dump-gaps"] .reason').text()).toMatch(new RegExp(`^recovered from cleared slot ${middle.slot}`));
    expect(again.get('[data-testid="dump-recover"]').text()).toBe('hide cleared (recovered) parts');
    w.unmount();
  });
});
