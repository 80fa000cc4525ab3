/** Linux MCE records in kernel text: mce/core.c `print_mce` lines (doc §7.4) from the struct mce declaration. */
import { describe, expect, test } from 'vitest';
import { guidBytes } from '../../shared/bytes/guid';
import { SECTION_MCE } from '../../shared/cper/guids';
import { bufferReader } from '../../shared/export/cper-json/index';
import { kernelText } from '../../shared/export/kernel-text/index';
import { decodeInput } from '../../shared/input/index';

/** A record as apei_write_mce writes it: header, one descriptor, struct mce (`mceSize` bytes). */
function mceRecord(fill: (dv: DataView) => void, mceSize = 128): Uint8Array {
  const len = 200 + mceSize;
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  b.set([0x43, 0x50, 0x45, 0x52], 0);
  dv.setUint16(4, 0x0100, true);
  dv.setUint32(6, 0xffffffff, true);
  dv.setUint16(10, 1, true);
  dv.setUint32(12, 1, true);
  dv.setUint32(20, len, true);
  b.set(guidBytes('e8f56ffe-919c-4cc5-ba88-65abe14913bb'), 80);
  dv.setBigUint64(96, 0x610b0c8a00000001n, true);
  dv.setUint32(128, 200, true);
  dv.setUint32(132, mceSize, true);
  dv.setUint16(136, 0x0100, true);
  b.set(guidBytes(SECTION_MCE), 144);
  dv.setUint32(176, 1, true);
  const m = new DataView(b.buffer, 200);
  fill(m);
  return b;
}

function text(b: Uint8Array): string[] {
  const res = decodeInput(b);
  return kernelText(res.records, bufferReader(res.bytes)).trimEnd().split('\n');
}

describe('MCE kernel text', () => {
  test('Intel: exception, inexact RIP, ADDR, mcelog hint', () => {
    const lines = text(
      mceRecord((m) => {
        m.setBigUint64(0, 0xbe00000000800400n, true); // status
        m.setBigUint64(16, 0x7f000n, true); // addr
        m.setBigUint64(24, 5n, true); // mcgstatus: RIPV | MCIP
        m.setBigUint64(32, 0xffffffff81000000n, true); // ip
        m.setBigUint64(40, 0x1234n, true); // tsc
        m.setBigUint64(48, 1700000000n, true); // time
        m.setUint32(60, 0x906ea, true); // cpuid
        m.setUint8(64, 0x10); // cs
        m.setUint8(65, 4); // bank
        m.setUint32(68, 3, true); // extcpu
        m.setUint32(72, 1, true); // socket
        m.setUint32(76, 2, true); // apic
        m.setUint32(112, 0xde, true); // microcode
      }),
    );
    expect(lines.slice(-5)).toEqual([
      '[Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 4: be00000000800400',
      '[Hardware Error]: RIP !INEXACT! 10:<ffffffff81000000> ',
      '[Hardware Error]: TSC 1234 ADDR 7f000 ',
      '[Hardware Error]: PROCESSOR 0:906ea TIME 1700000000 SOCKET 1 APIC 2 microcode de',
      "[Hardware Error]: Run the above through 'mcelog --ascii'",
    ]);
    expect(lines[0]).toBe('[Hardware Error]: event severity: fatal');
  });

  test('AMD: no RIP line when ip is 0, SYND/IPID/PPIN printed, no mcelog hint', () => {
    const lines = text(
      mceRecord((m) => {
        m.setBigUint64(0, 0x9c20400000000000n, true);
        m.setBigUint64(8, 0xd01a000000000000n, true); // misc
        m.setUint8(56, 2); // AMD
        m.setBigUint64(88, 0x5an, true); // synd
        m.setBigUint64(96, 0x1002e00000000n, true); // ipid
        m.setBigUint64(104, 0xabcdn, true); // ppin
      }),
    );
    expect(lines.slice(-3)).toEqual([
      '[Hardware Error]: CPU 0: Machine Check: 0 Bank 0: 9c20400000000000',
      '[Hardware Error]: TSC 0 MISC d01a000000000000 PPIN abcd SYND 5a IPID 1002e00000000 ',
      '[Hardware Error]: PROCESSOR 2:0 TIME 0 SOCKET 0 APIC 0 microcode 0',
    ]);
  });

  test('an older, shorter struct mce (88 bytes): missing fields print as 0', () => {
    const lines = text(
      mceRecord((m) => {
        m.setBigUint64(0, 1n, true);
        m.setUint32(76, 0x1f, true);
      }, 88),
    );
    expect(lines.at(-2)).toBe('[Hardware Error]: PROCESSOR 0:0 TIME 0 SOCKET 0 APIC 1f microcode 0');
  });
});
