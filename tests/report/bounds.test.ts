import { describe, expect, it } from 'vitest';
import { buildTimeline, type TimelineSource } from '../../shared/timeline/build';
import { reportHtml } from '../../shared/report-html/html';
import type { FileView } from '../../shared/report-html/view';

describe('bounds of a large input in the report', () => {
  it('the timeline of more events than a call takes arguments has its range', () => {
    const n = 200_000;
    const records: TimelineSource['records'] = Array.from({ length: n }, (_, i) => ({
      index: i,
      recordId: String(i + 1),
      recordIdHex: null,
      timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      severity: 'corrected',
      state: 'live',
      slot: i,
      summary: 'memory error',
      hw: { kind: 'memory error', location: null },
    }));
    const t = buildTimeline([{ fileId: 'f0', name: 'big', records, dumps: [] }]);
    expect(t.events).toHaveLength(n);
    expect(t.range).toEqual({ lo: 1_700_000_000_000, hi: 1_700_000_000_000 + (n - 1) * 1000 });
  });

  it('says how many hardware errors of a large input are not listed, and that the CSV has them', () => {
    const view: FileView = {
      name: 'big.img',
      source: { size: 1, sha256: '00' },
      format: 'erst-store',
      fromPstoreFiles: false,
      counts: { records: 12_000, live: 12_000, cleared: 0, hw: 12_000, errors: 0, warnings: 0, incomplete: 0 },
      firstRecords: [],
      hwLeftOut: 2_000,
      dumpCount: 0,
      dumps: () => [],
      diagnostics: [],
      diagnosticsLeftOut: 0,
    };
    const html = reportHtml({
      title: 't',
      tool: 'erst-viewer',
      version: '0',
      command: 'c',
      files: [view],
      timeline: buildTimeline([]),
      inputs: [],
    });
    expect(html).toContain(
      'big.img: 2,000 more hardware errors not listed here nor linked to dumps (a large input keeps its first 10,000)',
    );
  });
});
