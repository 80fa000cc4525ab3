/**
 * Section samples the libcper corpus lacks, for the span and fuzz loops: an ARM RAS node built
 * with our encoder (values chosen to reach every field libcper decodes) and libcper's own NVIDIA
 * event examples (tests/sections/fixtures).
 */
import { readFileSync } from 'node:fs';
import { encodeRecord } from '../../shared/cper/encode';

export const ARM_RAS_GUID = 'bf32d4d5-b427-4025-8495-8a9e5d4030e4';

export function hexRecord(name: string): Uint8Array {
  const hex = readFileSync('tests/sections/fixtures/' + name, 'utf8').replace(/\s+/g, '');
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

/**
 * An ARM RAS node (DEN0085 table 20, libcper's packed layout): 2 error record descriptors (RAS
 * extension revision 0, then 2), auxiliary data with 2 address space contexts (the first with an
 * address space identifier) and 2 key/value pairs. `patch` edits the body before encoding.
 */
function armRasBody(patch?: (b: Uint8Array, dv: DataView) => void): Uint8Array {
  const descs = 2;
  const auxAt = 80 + descs * 72;
  const ctx0 = 16 + 2 * 16;
  const ctx1 = 16 + 1 * 16;
  const kvAt = 16 + ctx0 + ctx1;
  const auxSize = kvAt + 2 * 24;
  const b = new Uint8Array(auxAt + auxSize);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 1, true); // revision
  b[4] = 5; // component type: PCIe error node
  dv.setUint32(8, descs, true);
  dv.setUint16(12, 80, true);
  dv.setUint16(14, auxAt, true);
  b[16] = 1; // IP instance format
  b[17] = 3; // IP type format
  for (let i = 0; i < 16; i++) b[24 + i] = 0xa0 + i;
  for (let i = 0; i < 24; i++) b[40 + i] = i * 7;
  b.set(new TextEncoder().encode('NODE-USERDATA-16'), 64); // 16 characters, no NUL
  for (let d = 0; d < descs; d++) {
    const o = 80 + d * 72;
    dv.setUint32(o, 10 + d, true);
    b[o + 4] = d * 2; // RAS extension revision 0, 2
    for (let k = 0; k < 8; k++) dv.setBigUint64(o + 8 + k * 8, (BigInt(d + 1) << 60n) | BigInt(k + 1), true);
  }
  const a = auxAt;
  b[a] = 1;
  dv.setUint16(a + 2, 2, true);
  dv.setUint32(a + 4, auxSize, true);
  dv.setUint32(a + 8, kvAt, true);
  dv.setUint16(a + 12, 2, true);
  let c = a + 16;
  dv.setUint32(c, ctx0, true);
  b[c + 4] = 1;
  dv.setUint16(c + 6, 2, true);
  dv.setUint16(c + 8, 0x1234, true);
  dv.setBigUint64(c + 16, 0x10000000n, true);
  dv.setBigUint64(c + 24, 0xdeadbeefn, true);
  dv.setBigUint64(c + 32, 0x10000008n, true);
  dv.setBigUint64(c + 40, 0xffffffffffffffffn, true);
  c += ctx0;
  dv.setUint32(c, ctx1, true);
  b[c + 4] = 0;
  dv.setUint16(c + 6, 1, true);
  dv.setUint16(c + 8, 0x5678, true);
  dv.setBigUint64(c + 16, 0x20000000n, true);
  dv.setBigUint64(c + 24, 42n, true);
  const kv = a + kvAt;
  for (let i = 0; i < 16; i++) b[kv + i] = 0x10 + i;
  dv.setBigUint64(kv + 16, 7n, true);
  for (let i = 0; i < 16; i++) b[kv + 24 + i] = 0xf0 - i;
  dv.setBigUint64(kv + 40, 0x8000000000000000n, true);
  patch?.(b, dv);
  return b;
}

export function armRasRecord(patch?: (b: Uint8Array, dv: DataView) => void): Uint8Array {
  return encodeRecord({ recordId: 0x41524d52n, severity: 2, sections: [{ type: ARM_RAS_GUID, body: armRasBody(patch) }] });
}

/** Whole records holding the section types the corpus has no sample of. */
export function syntheticRecords(): { file: string; bytes: Uint8Array }[] {
  return [
    { file: 'synthetic:arm-ras', bytes: armRasRecord() },
    { file: 'libcper-example:nvidia_event_all_types', bytes: hexRecord('nvidia_event_all_types.cperhex') },
    { file: 'libcper-example:nvidia_event_gpu_uce_ecc', bytes: hexRecord('nvidia_event_gpu_uce_ecc.cperhex') },
  ];
}

/** LosslessNumbers as numbers (bigint beyond 2^53), for toEqual against literals. */
export function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    if ((v as { isLosslessNumber?: boolean }).isLosslessNumber) {
      const t = (v as { value: string }).value;
      return Number.isSafeInteger(Number(t)) ? Number(t) : BigInt(t);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}
