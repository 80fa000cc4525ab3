import { describe, expect, it } from 'vitest';
import type { RVReplayOperation } from '../../shared/contract/channels/sessions';
import { scrubPositions, slotsAt } from '../../renderer/lib/console-replay';
import { eventMeaning } from '../../main/replay/meaning';
import { parseTrace } from '../../main/replay/trace';

const op = (o: Partial<RVReplayOperation>): RVReplayOperation => ({ index: 0, kind: 'write', line: 1, changes: [], mismatches: 0, ...o });

describe('replay player helpers', () => {
  it('folds slot changes up to a step', () => {
    const init = [
      { index: 0, state: 'header' as const, recordId: null },
      { index: 1, state: 'empty' as const, recordId: null },
    ];
    const ops = [
      op({ changes: [{ slot: 1, kind: 'written', id: '7' }] }),
      op({ kind: 'clear', changes: [{ slot: 1, kind: 'cleared', id: '7' }] }),
    ];
    expect(slotsAt(init, ops, 0)[1]).toEqual({ index: 1, state: 'live', recordId: '7' });
    expect(slotsAt(init, ops, 1)[1].state).toBe('cleared');
    expect(init[1].state).toBe('empty');
  });
  it('places steps by trace time when every step has one, else evenly', () => {
    expect(scrubPositions([op({ time: 10 }), op({ time: 11 }), op({ time: 14 })])).toEqual([0, 25, 100]);
    expect(scrubPositions([op({}), op({ time: 3 }), op({})])).toEqual([0, 50, 100]);
  });
  it('decodes trace events with the action table', () => {
    const meaning = (line: string, lastAction?: number) => eventMeaning(parseTrace(line + '\n'), 0, lastAction);
    expect(meaning('acpi_erst_reg_write addr: 0x0000 <== 0x0000000000000005 (size: 4)')).toBe('ACTION ← EXECUTE_OPERATION');
    expect(meaning('acpi_erst_reg_write addr: 0x0008 <== 0x000000000000009c (size: 4)')).toBe('VALUE lo ← 0x9c (EXECUTE magic)');
    expect(meaning('acpi_erst_reg_read  addr: 0x0008 ==> 0x0000000000000001 (size: 4)', 7)).toBe(
      'guest reads VALUE lo = 0x1 (1) → NOT_ENOUGH_SPACE',
    );
    expect(meaning('17535@1795312512.671215:acpi_erst_reg_write addr: 0x0000 <== 0x0000000000000010 (size: 4)')).toBe(
      'ACTION ← GET_EXECUTE_OPERATION_TIMINGS',
    );
    expect(meaning('acpi_erst_reg_write addr: 0x0000 <== 0x0000000000000011 (size: 4)')).toBe('ACTION ← 0x11 (no action)');
    expect(meaning('acpi_erst_reset_in record_count 3')).toBe('device reset');
  });
});
