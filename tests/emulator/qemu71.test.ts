import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErstDevice, QemuWouldCrash } from '../../main/emulator/device';
import { runOnDevice, type Access } from '../../main/emulator/accesses';
import { fakeRecord, linuxClear, linuxWrite } from '../../main/emulator/linux';
import { createSession, Session } from '../../main/emulator/service';
import { recordTrace, startTraceLines } from '../../main/emulator/trace-writer';
import { replayTrace } from '../../main/replay/index';
import { parseQemuVersion, swappedFillByte } from '../../shared/erst/qemu-version';
import type { EmulatorState } from '../../shared/contract/channels/sessions';
import { cli } from '../helpers/cli';
import { testDispatcher } from '../helpers/dispatcher';

const RS = 8192;
const SIZE = 8 * RS;

/** A store where slot 1 held a 1000-byte record (written the 7.2 way, then cleared), then `acc` ran on a QEMU `qemu` model. */
function generated(qemu: '7.1' | '7.2', acc: Access[]): Uint8Array {
  const store = new Uint8Array(SIZE);
  runOnDevice(new ErstDevice(store), [...linuxWrite(fakeRecord(0xa1n, 1000, 0x11)), ...linuxClear(0xa1n)]);
  runOnDevice(new ErstDevice(store, { qemu }), acc);
  return store;
}

describe('QEMU 7.0/7.1 write behaviour (memset value and length swapped)', () => {
  it('after a write: 255 bytes of (record_size - length) & 0xFF, the rest of the slot keeps the older record', () => {
    const rec = fakeRecord(0xb2n, 300, 0x22);
    const old = generated('7.2', linuxWrite(rec));
    const legacy = generated('7.1', linuxWrite(rec));
    const at = RS; // slot 1: the first free one again after the clear
    expect(legacy.subarray(at, at + 300)).toEqual(rec.subarray(0, 300));
    expect(swappedFillByte(RS, 300)).toBe(0xd4);
    expect([...new Set(legacy.subarray(at + 300, at + 555))]).toEqual([0xd4]);
    // Bytes 555..999 are the cleared record's, then 0xFF from its own (7.2) fill.
    const first = fakeRecord(0xa1n, 1000, 0x11);
    expect(legacy.subarray(at + 555, at + 1000)).toEqual(first.subarray(555, 1000));
    expect([...new Set(legacy.subarray(at + 1000, at + RS))]).toEqual([0xff]);
    // 7.2: 0xFF from the record's end to the slot's end; header and map are the same in both.
    expect([...new Set(old.subarray(at + 300, at + RS))]).toEqual([0xff]);
    expect(legacy.subarray(0, RS)).toEqual(old.subarray(0, RS));
    expect(new ErstDevice(legacy.slice()).slotOf(0xb2n)).toBe(1);
  });

  it('a record longer than record_size - 255: the fill runs into the next slot', () => {
    const len = RS - 92;
    const legacy = generated('7.1', linuxWrite(fakeRecord(0xc3n, len, 0x33, len)));
    const next = 2 * RS;
    expect([...new Set(legacy.subarray(RS + len, next))]).toEqual([92]);
    expect([...new Set(legacy.subarray(next, next + 255 - 92))]).toEqual([92]);
    expect(legacy[next + 255 - 92]).toBe(0);
  });

  it('7.0 behaves as 7.1; 7.2 and 10.0 as 7.2', () => {
    const rec = fakeRecord(0xd4n, 400);
    const run = (qemu: string) => {
      const store = new Uint8Array(SIZE);
      runOnDevice(new ErstDevice(store, { qemu: parseQemuVersion(qemu) }), linuxWrite(rec));
      return store;
    };
    expect(run('7.0')).toEqual(run('7.1'));
    expect(run('10.0.2')).toEqual(run('7.2'));
    expect(run('7.1')).not.toEqual(run('7.2'));
    expect(parseQemuVersion('6.2')).toBeUndefined();
    expect(parseQemuVersion('seven')).toBeUndefined();
  });

  it('a length that wraps record_offset + length in u32: FAILED on 7.2, an overrun on 7.1', () => {
    const rec = fakeRecord(0xe5n, 0xffffff00, 0x44, 256);
    const acc = linuxWrite(rec, 0x100);
    const dev72 = new ErstDevice(new Uint8Array(SIZE));
    runOnDevice(dev72, acc);
    expect(dev72.lastEffect?.status).toBe(3);
    expect(() => runOnDevice(new ErstDevice(new Uint8Array(SIZE), { qemu: '7.1' }), acc)).toThrow(QemuWouldCrash);
  });

  it('replay: a trace of a 7.1 boot agrees with its after-file only when replayed as 7.1', () => {
    const store = generated('7.2', []);
    const before = store.slice();
    const dev = new ErstDevice(store, { qemu: '7.1', bar1Address: 0xfebf0000n });
    const lines = startTraceLines(dev);
    recordTrace(dev, lines);
    runOnDevice(dev, [...linuxWrite(fakeRecord(0xf6n, 300, 0x55)), ...linuxWrite(fakeRecord(0xf7n, 500, 0x66))]);
    const trace = lines.join('\n') + '\n';
    expect(replayTrace({ trace, before, after: store, qemu: '7.1' }).ok).toBe(true);
    const as72 = replayTrace({ trace, before, after: store });
    expect(as72.ok).toBe(false);
    expect(as72.store.differences[0].region).toBe('slot 1 byte 0x12c');
  });
});

describe('the QEMU switch in the CLI and the session API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu71-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { ok, d } = testDispatcher();

  it('emulate --qemu 7.1 saves the bytes the 7.1 model gives; a release without the device is a usage error', async () => {
    const acc = join(dir, 'acc.json');
    const rec = fakeRecord(0xb2n, 300, 0x22);
    writeFileSync(acc, JSON.stringify(linuxWrite(rec)));
    const r = await cli('emulate', '--size', String(SIZE), '--accesses', acc, '--save', join(dir, 'out71'), '--qemu', '7.1');
    expect(r.code, r.err).toBe(0);
    const expected = new Uint8Array(SIZE);
    runOnDevice(new ErstDevice(expected, { qemu: '7.1' }), linuxWrite(rec));
    expect(new Uint8Array(readFileSync(join(dir, 'out71')))).toEqual(expected);
    const bad = await cli('emulate', '--size', String(SIZE), '--accesses', acc, '--qemu', '6.2');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--qemu "6.2" is not a QEMU release/);
  });

  it('emulator.create { qemu: "7.1" }: the state says so and the journal replays with the same behaviour', async () => {
    const s = await ok<EmulatorState>('emulator.create', { size: SIZE, qemu: '7.1' });
    expect(s.qemu).toBe('7.1');
    expect((await ok<EmulatorState>('emulator.create', { size: SIZE })).qemu).toBe('7.2');
    const refused = await d.call('emulator.create', { size: SIZE, qemu: '6.2' }, { transport: 'test' });
    expect(refused.ok).toBe(false);
    const session = createSession({ size: SIZE, qemu: '7.1' });
    session.writeRecord(fakeRecord(0xb2n, 300, 0x22));
    const again = Session.fromJournal(session.journal());
    expect(again.device.qemu).toBe('7.1');
    expect(again.snapshot()).toEqual(session.snapshot());
    expect(again.snapshot()[RS + 300]).toBe(0xd4);
  });
});

describe('replay --qemu', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu71-replay-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a 7.1 boot agrees with its after-file only with --qemu 7.1', async () => {
    const store = new Uint8Array(SIZE);
    const dev = new ErstDevice(store, { qemu: '7.1', bar1Address: 0xfebf0000n });
    const lines = startTraceLines(dev);
    recordTrace(dev, lines);
    runOnDevice(dev, [...linuxWrite(fakeRecord(0xf6n, 300, 0x55)), ...linuxWrite(fakeRecord(0xf7n, 200, 0x66)), ...linuxClear(0xf6n)]);
    writeFileSync(join(dir, 'boot.trace.log'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'after'), store);
    const args = ['replay', join(dir, 'boot.trace.log'), '--after', join(dir, 'after')];
    expect((await cli(...args, '--qemu', '7.1')).code).toBe(0);
    expect((await cli(...args)).code).toBe(1);
    expect((await cli(...args, '--qemu', 'x')).code).toBe(2);
  });
});
