import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErstDevice } from '../../main/emulator/device';
import { runOnDevice } from '../../main/emulator/accesses';
import { recordTrace } from '../../main/emulator/trace-writer';
import { fakeRecord, linuxClear, linuxCount, linuxNextId, linuxRanges, linuxRead, linuxWrite } from '../../main/emulator/linux';
import { BAR1_ADDR, QtestMachine } from '../../main/qtest/machine';
import { replayTrace } from '../../main/replay/index';
import { formatStore, putRecord } from '../../shared/store/encode';
import { DIRECTED } from './cases';
import { hasQemu, qemuLabel, qemus, skipReason } from './qemu';

const regLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/^\d+@\d+\.\d+:/, ''))
    .filter((l) => l.startsWith('acpi_erst_reg_'));

qemus.forEach((qemu, q) =>
  describe(`model vs ${qemuLabel(qemu, q)}: trace lines, and replay of real QEMU traces`, () => {
    it('the model traces every handler access exactly as QEMU does (splitting, sizes, unmasked values)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'erst-trace-'));
      try {
        for (const seq of DIRECTED.filter((s) => /^q[1-5] /.test(s.name))) {
          const path = join(dir, 'b.img');
          const log = join(dir, 'trace.log');
          writeFileSync(path, seq.initial ?? new Uint8Array(seq.size));
          const r = await QtestMachine.launch({
            storePath: path,
            size: seq.size,
            recordSize: seq.recordSize,
            tracePath: log,
            binary: qemu.path,
          });
          if (!r.ok) throw new Error(r.error);
          await r.machine.run(seq.segments[0]);
          await r.machine.close();
          const dev = new ErstDevice(seq.initial ? seq.initial.slice() : new Uint8Array(seq.size), {
            recordSize: seq.recordSize,
            bar1Address: BigInt(BAR1_ADDR),
            qemu: qemu.version,
          });
          const lines: string[] = [];
          recordTrace(dev, lines);
          runOnDevice(dev, seq.segments[0]);
          const q = regLines(readFileSync(log, 'utf8'));
          expect(q.length, seq.name).toBeGreaterThan(10);
          expect(lines, seq.name).toEqual(q);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a QEMU trace (with timestamps) of Linux-style work, including a reused slot, replays to exactly QEMU’s file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'erst-trace-'));
      try {
        const before = formatStore(65536);
        putRecord(before, 1, fakeRecord(0x6b00000000000001n, 900, 3), 0x6b00000000000001n);
        const path = join(dir, 'b.img');
        const log = join(dir, 'trace.log');
        writeFileSync(path, before);
        const r = await QtestMachine.launch({ storePath: path, size: 65536, tracePath: log, timestamps: true, binary: qemu.path });
        if (!r.ok) throw new Error(r.error);
        await r.machine.run([
          ...linuxRanges(),
          ...linuxNextId(),
          ...linuxRead(0x6b00000000000001n),
          ...linuxNextId(),
          ...linuxWrite(fakeRecord(0x6c00000000000001n, 3000, 5)),
          ...linuxWrite(fakeRecord(0x6c00000000000002n, 2000, 6)),
          ...linuxClear(0x6b00000000000001n),
          ...linuxClear(0x6c00000000000001n),
          ...linuxWrite(fakeRecord(0x6c00000000000003n, 1000, 7)),
          ...linuxWrite(fakeRecord(0x6c00000000000004n, 700, 8)),
          ...linuxCount(),
          { op: 'reset' },
          ...linuxNextId(),
          ...linuxNextId(),
        ]);
        await r.machine.close();
        const trace = readFileSync(log, 'utf8');
        expect(trace).toMatch(/^\d+@\d+\.\d{6}:acpi_erst_/m);
        const rep = replayTrace({ trace, before, after: new Uint8Array(readFileSync(path)), qemu: qemu.version });
        expect(rep.readMismatches).toEqual([]);
        expect(rep.store.differences).toEqual([]);
        expect(rep.resets).toBe(2); // machine start + our reset through 0xcf9
        const writes = rep.operations.filter((o) => o.kind === 'write');
        expect(writes.map((w) => w.slot)).toEqual([2, 3, 1, 2]);
        expect(rep.overwrittenWrites.map((o) => o.operation)).toEqual([writes[0].index]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }),
);

if (!hasQemu) describe('model vs QEMU: trace lines, and replay of real QEMU traces', () => it.skip(skipReason, () => undefined));
