import { describe, expect, it } from 'vitest';
import { MAX_SPACER, maxTopRow, rowForScroll, scrollForRow, spacerHeight } from '../../renderer/lib/scroll';
import { inspectAt } from '../../renderer/lib/inspector';

describe('scaled scrollbar', () => {
  const g = { totalRows: 1024 ** 3 / 16, rowHeight: 20, viewportHeight: 600 };
  it('caps the spacer far below Chromium’s element height limit', () => {
    expect(spacerHeight(g)).toBe(MAX_SPACER);
    expect(spacerHeight({ ...g, totalRows: 10 })).toBe(200);
  });
  it('maps both ends and round-trips rows', () => {
    expect(rowForScroll(0, g)).toBe(0);
    expect(rowForScroll(spacerHeight(g) - g.viewportHeight, g)).toBe(maxTopRow(g));
    for (const row of [0, 1234, 33_000_000, maxTopRow(g)]) {
      const back = rowForScroll(scrollForRow(row, g), g);
      expect(Math.abs(back - row)).toBeLessThanOrEqual(Math.ceil(maxTopRow(g) / (spacerHeight(g) - g.viewportHeight)));
    }
  });
});

describe('data inspector', () => {
  it('reads little-endian integers, GUIDs and times at the cursor', () => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 1_700_000_000n, true);
    const rows = Object.fromEntries(inspectAt(b).map((r) => [r.label, r.value]));
    expect(rows['u32 LE']).toBe(`${1_700_000_000} (0x${(1_700_000_000).toString(16)})`);
    expect(rows['Unix time']).toMatch(/^2023-11-14T22:13:20/);
    expect(rows['GUID']).toMatch(/^[0-9a-f]{8}-/);
    expect(Object.fromEntries(inspectAt(b.subarray(0, 2)).map((r) => [r.label, r.value]))['u64 LE']).toBe('—');
  });
});
