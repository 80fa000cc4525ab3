import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conform } from '../../main/qtest/compare';
import { QtestMachine } from '../../main/qtest/machine';
import { barProbe, pciConfigDword, PCI_IDENTITY } from '../../main/emulator/pci';
import { DIRECTED } from './cases';
import { hasQemu, qemuLabel, qemus, skipReason } from './qemu';

qemus.forEach((qemu, q) =>
  describe(`model vs ${qemuLabel(qemu, q)}: directed quirk cases`, () => {
    it('every directed case reads and stores exactly what QEMU does', async () => {
      const t0 = performance.now();
      const results = await conform(DIRECTED, 2, qemu);
      const bad = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.mismatch}`);
      console.log(
        `[conformance] QEMU ${qemu.version}: ${results.length} directed cases, ${results.reduce((n, r) => n + r.reads, 0)} reads compared, ${Math.round(performance.now() - t0)} ms`,
      );
      expect(bad).toEqual([]);
      // Every case must have exercised the device (a case that reads nothing proves nothing).
      expect(results.filter((r) => r.reads === 0 && r.refused === 0).map((r) => r.name)).toEqual([]);
    });

    it('q13 PCI identity and BAR sizes match', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'erst-pci-'));
      try {
        for (const rs of [8192, 16384]) {
          const path = join(dir, 'b.img');
          writeFileSync(path, new Uint8Array(131072));
          const r = await QtestMachine.launch({ storePath: path, size: 131072, recordSize: rs, binary: qemu.path });
          if (!r.ok) throw new Error(r.error);
          try {
            for (const reg of [0x00, 0x08, 0x2c, 0x3c])
              expect((await r.machine.configDword(reg)) >>> 0, `config 0x${reg.toString(16)}`).toBe(pciConfigDword(reg));
            expect(((await r.machine.configDword(0x0c)) >>> 16) & 0x7f).toBe(PCI_IDENTITY.headerType);
            expect(await r.machine.probeBar(0)).toBe(barProbe(PCI_IDENTITY.bar0Size));
            expect(await r.machine.probeBar(1)).toBe(barProbe(rs));
          } finally {
            await r.machine.close();
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }),
);

if (!hasQemu) describe('model vs QEMU: directed quirk cases', () => it.skip(skipReason, () => undefined));
