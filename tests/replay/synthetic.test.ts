import { describe, expect, it } from 'vitest';
import { ErstDevice } from '../../main/emulator/device';
import { runOnDevice, type Access } from '../../main/emulator/accesses';
import { fakeRecord, linuxClear, linuxCount, linuxNextId, linuxRanges, linuxRead, linuxWrite } from '../../main/emulator/linux';
import { recordTrace, startTraceLines } from '../../main/emulator/trace-writer';
import { replayTrace, TraceError } from '../../main/replay/index';
import { formatStore, putRecord } from '../../shared/store/encode';

/** Runs accesses on the model and returns the QEMU-format trace it produced plus the store before and after. */
function traced(accesses: Access[], before?: Uint8Array, size = 65536) {
  const store = before ? before.slice() : new Uint8Array(size);
  const dev = new ErstDevice(store, { bar1Address: 0xfebf0000n });
  const lines = startTraceLines(dev);
  recordTrace(dev, lines);
  runOnDevice(dev, accesses);
  return { trace: lines.join('\n') + '\n', after: store.slice() };
}

describe('replay of model-generated traces', () => {
  it('a slot reused within one boot: the first write is reported as overwritten and the store still matches', () => {
    const acc = [
      ...linuxRanges(),
      ...linuxWrite(fakeRecord(0x100n, 900)),
      ...linuxWrite(fakeRecord(0x200n, 700)),
      ...linuxClear(0x100n),
      ...linuxWrite(fakeRecord(0x300n, 500)),
      ...linuxRead(0x100n),
      ...linuxNextId(),
      ...linuxNextId(),
      ...linuxCount(),
    ];
    const { trace, after } = traced(acc);
    const r = replayTrace({ trace, after });
    expect(r.store.differences).toEqual([]);
    expect(r.readMismatches).toEqual([]);
    expect(r.ok).toBe(true);
    const writes = r.operations.filter((o) => o.kind === 'write');
    expect(writes.map((w) => w.slot)).toEqual([1, 2, 1]);
    expect(writes.map((w) => w.source)).toEqual(['overwritten', 'after-file', 'after-file']);
    expect(r.overwrittenWrites).toEqual([{ operation: writes[0].index, line: writes[0].line, slot: 1, overwrittenBy: writes[2].index }]);
    // The clear of the overwritten record found it: the id came from the guest's SET_RECORD_IDENTIFIER.
    expect(r.operations.find((o) => o.kind === 'clear')?.status).toBe('SUCCESS');
    expect(r.operations.find((o) => o.kind === 'read')?.status).toBe('RECORD_NOT_FOUND');
  });

  it('works with the pid@sec.usec prefix and with unrelated lines mixed in', () => {
    const before = formatStore(65536);
    putRecord(before, 3, fakeRecord(0x42n, 300), 0x42n);
    const { trace, after } = traced(
      [...linuxNextId(), ...linuxRead(0x42n), ...linuxWrite(fakeRecord(0x43n, 400)), ...linuxClear(0x42n)],
      before,
    );
    let t = 0;
    const noisy = trace
      .trimEnd()
      .split('\n')
      .map((l) => `4242@1795314358.${String(100000 + t++).padStart(6, '0')}:${l}`)
      .flatMap((l, i) =>
        i % 5 === 0 ? ['qemu-system-x86_64: warning: something unrelated', 'pci_cfg_write ich9 00:1f.0 @0x44 <- 0x1', l] : [l],
      )
      .join('\n');
    const r = replayTrace({ trace: noisy, before, after });
    expect(r.ok).toBe(true);
    expect(r.lines.ignored).toBeGreaterThan(10);
    expect(r.operations.every((o) => typeof o.time === 'number' && o.time > 1795314358)).toBe(true);
    expect(r.operations.find((o) => o.kind === 'write')?.slot).toBe(1);
  });

  it('refuses a damaged register line with its line number', () => {
    const { trace, after } = traced(linuxCount());
    const bad = trace.replace('(size: 4)', '(size: 3)');
    expect(() => replayTrace({ trace: bad, after })).toThrow(TraceError);
    expect(() => replayTrace({ trace: bad, after })).toThrow(/trace line 8: access size 3/);
    expect(() => replayTrace({ trace: 'acpi_erst_reg_write addr: 0x0000 <== 0x5 (size: 4)\n', after })).toThrow(
      /trace line 1: malformed register access/,
    );
  });

  it('a trace without a realize line needs a before-file', () => {
    const { trace, after } = traced(linuxCount());
    const regsOnly = trace
      .split('\n')
      .filter((l) => l.startsWith('acpi_erst_reg'))
      .join('\n');
    expect(() => replayTrace({ trace: regsOnly, after })).toThrow(/store size is unknown/);
    expect(replayTrace({ trace: regsOnly, before: formatStore(65536), after }).ok).toBe(true);
  });
});
