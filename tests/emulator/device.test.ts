import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ErstDevice } from '../../main/emulator/device';
import { ErstStartError } from '../../main/emulator/backing';
import { parseAccesses, runOnDevice } from '../../main/emulator/accesses';
import { fakeRecord, linuxWrite } from '../../main/emulator/linux';

const C = 'tests/fixtures/corpus';

describe('device model start-up against the corpus', () => {
  it('formats a zero file exactly as QEMU formatted the corpus files (header bytes except record_count, empty map)', () => {
    for (const [file, size] of [
      [`${C}/S1-default/backing.after-boot1`, 65536],
      [`${C}/S7-full/backing.after-boot1`, 32768],
    ] as const) {
      const real = new Uint8Array(readFileSync(file));
      const store = new Uint8Array(size);
      new ErstDevice(store);
      expect(store.subarray(0, 20)).toEqual(real.subarray(0, 20));
    }
  });

  it('writes a corpus record into a fresh store byte-identically to the corpus slot (0xFF tail included)', () => {
    const real = new Uint8Array(readFileSync(`${C}/S1-default/backing.after-boot1`));
    const rec = real.subarray(8192, 8192 + new DataView(real.buffer).getUint32(8192 + 20, true));
    const store = new Uint8Array(65536);
    const dev = new ErstDevice(store);
    runOnDevice(dev, linuxWrite(rec));
    expect(store.subarray(8192, 16384)).toEqual(real.subarray(8192, 16384));
  });

  it('refuses bad stores with QEMU’s messages and never repairs them', () => {
    const bad = new Uint8Array(readFileSync(`${C}/S1-default/backing.after-boot1`));
    bad[16] = 2;
    expect(() => new ErstDevice(bad)).toThrow(new ErstStartError('ERST backend storage header is invalid'));
    expect(bad[16]).toBe(2);
    const zero = new Uint8Array(65536);
    expect(() => new ErstDevice(zero, { recordSize: 5000 })).toThrow('ERST record_size 5000 is invalid');
    expect(() => new ErstDevice(zero)).toThrow('ERST record_size 5000 is invalid'); // the poisoned header stays
    expect(() => new ErstDevice(new Uint8Array(65536), { recordSize: 0 })).toThrow(/SIGFPE/);
    expect(() => new ErstDevice(new Uint8Array(3 * 16384), { recordSize: 32768 })).toThrow(
      'ACPI ERST requires storage size be multiple of record size (32768KiB)',
    );
  });

  it('access lists are validated before anything runs', () => {
    expect(() => parseAccesses([{ op: 'write', offset: 12, size: 8, value: '0x1' }])).toThrow(/go past the 16-byte register BAR/);
    expect(() => parseAccesses([{ op: 'write', offset: 8, size: 1, value: '0x100' }])).toThrow(/does not fit 1 byte/);
    expect(() => parseAccesses({})).toThrow(/JSON array/);
    const dev = new ErstDevice(new Uint8Array(65536));
    expect(() => runOnDevice(dev, parseAccesses([{ op: 'buf-read', offset: 8000, length: 500 }]))).toThrow(/exchange buffer/);
    expect(runOnDevice(dev, linuxWrite(fakeRecord(1n, 200))).map(Number)).toEqual([0, 0]);
  });
});
