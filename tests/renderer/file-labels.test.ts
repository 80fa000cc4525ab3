// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ReplayView from '../../renderer/views/ReplayView.vue';
import WhatIfView from '../../renderer/views/WhatIfView.vue';
import TimelineView from '../../renderer/views/TimelineView.vue';
import { useFiles } from '../../renderer/stores/files';
import { useTimeline } from '../../renderer/stores/timeline';
import type { Dispatcher } from '../../main/services/dispatcher';
import type { ErstApi, FileInfo } from '../../shared/contract/index';
import { corpusPath } from '../helpers/corpus';
import { dispatcherTransport, flush } from './harness';

/** Two open files of the same name are told apart in every list by their label, with where they came from as tooltip. */
describe('file labels in the replay, what-if and timeline lists', () => {
  let d: Dispatcher;
  let api: ErstApi;
  let open: FileInfo[];
  beforeEach(async () => {
    setActivePinia(createPinia());
    ({ d, api } = dispatcherTransport());
    d.files.openPath(corpusPath('S1-default', 'backing.after-boot1'), 'command-line');
    d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot1'), 'command-line');
    open = await api.call('files.list', {});
    useFiles().files = open;
  });
  afterEach(() => d.dispose());

  it('the two files share a name but not a label', () => {
    expect(open.map((f) => f.name)).toEqual(['backing.after-boot1', 'backing.after-boot1']);
    expect(new Set(open.map((f) => f.label)).size).toBe(2);
  });

  const options = (w: ReturnType<typeof mount>, sel: string) =>
    w
      .findAll(`${sel} option`)
      .filter((o) => open.some((f) => f.id === o.attributes('value')))
      .map((o) => [o.text(), o.attributes('title')]);

  it('replay and what-if pick lists show labels, details as tooltip', async () => {
    const r = mount(ReplayView);
    await flush(3);
    const want = open.map((f) => [f.label, f.detail]);
    const selects = r.findAll('select[aria-label="From an open file"]');
    expect(selects.length).toBeGreaterThanOrEqual(2);
    for (const s of selects)
      expect(
        s
          .findAll('option')
          .filter((o) => o.attributes('value'))
          .map((o) => [o.text(), o.attributes('title')]),
      ).toEqual(want);
    r.unmount();
    const w = mount(WhatIfView);
    await flush(3);
    expect(options(w, '[data-testid="whatif-source"]')).toEqual(open.map((f) => [`records of ${f.label}`, f.detail]));
    w.unmount();
  });

  it('timeline lanes by file are headed by labels, details as tooltip', async () => {
    useTimeline().groupBy = 'file';
    const w = mount(TimelineView);
    await flush(20);
    const heads = w.findAll('.lane-head strong').map((s) => [s.text(), s.attributes('title')]);
    for (const f of open) expect(heads).toContainEqual([f.label, f.detail]);
    w.unmount();
  });
});
