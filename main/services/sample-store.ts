import { encodeRecord } from '../../shared/cper/encode';
import { generateStore } from '../../shared/generate/store';
import { clearSlot, putRecord } from '../../shared/store/encode';

/** Platform Memory Error section GUID (UEFI N.2.5), so the sample has a non-pstore record too. */
const SECTION_PLATFORM_MEMORY = 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1';
const BOOT0 = 1_700_000_000;

/**
 * The sample store offered on the welcome screen, made with the project's own encoder: three
 * boots of pstore dumps (deflated and stored), one part cleared but recoverable, and a
 * corrected Platform Memory Error record in the last slot — every slot state and two creators.
 */
export function sampleStore(): Uint8Array {
  const size = 128 * 1024;
  const gen = generateStore({
    size,
    seed: 7,
    boots: [
      { bootTime: BOOT0, dumps: [{ reason: 'Panic', lines: 400, compressed: true }] },
      { bootTime: BOOT0 + 3600, dumps: [{ reason: 'Oops', lines: 300, compressed: false }] },
      { bootTime: BOOT0 + 7200, dumps: [{ reason: 'Panic', lines: 600, compressed: true }] },
    ],
  });
  const bytes = gen.bytes;
  const second = gen.parts.filter((p) => p.reason === 'Oops');
  if (second.length > 1) {
    // Clear Part2 of the Oops dump: the map entry goes, the bytes stay (cleared-recoverable).
    clearSlot(bytes, second.find((x) => x.part === 2)!.slot);
  }
  const used = new Set(gen.parts.map((p) => p.slot));
  const lastSlot = size / 8192 - 1;
  if (!used.has(lastSlot)) {
    const body = new Uint8Array(80);
    const mv = new DataView(body.buffer);
    mv.setBigUint64(0, 0x6n, true); // physical address + mask valid
    mv.setBigUint64(0x10, 0x12345000n, true);
    mv.setBigUint64(0x18, 0xfffffffff000n, true);
    const id = (BigInt(BOOT0 + 7200) << 32n) + 100n;
    const rec = encodeRecord({
      recordId: id,
      severity: 2,
      timestamp: BigInt(BOOT0 + 7300),
      creatorId: '00000000-0000-0000-0000-000000000000',
      sections: [{ type: SECTION_PLATFORM_MEMORY, body, severity: 2 }],
    });
    putRecord(bytes, lastSlot, rec, id);
  }
  return bytes;
}
