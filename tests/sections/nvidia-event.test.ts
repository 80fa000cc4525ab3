/**
 * NVIDIA event section (second NVIDIA format): tree and CPER-JSON against libcper 7c410e29
 * (`sections/cper-section-nvidia-events.c`, the corpus commit). The corpus has no sample, so:
 * - libcper's own examples (tests/sections/fixtures, see its README): records + the JSON libcper
 *   7c410e29 wrote for them, compared both ways (every field theirs = ours, and nothing extra);
 * - records built with our encoder (GPU init metadata, which no 7c410e29 example carries, and the
 *   edge cases the source handles specially), with the JSON expected from the 7c410e29 source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ByteReader } from '../../shared/bytes/reader';
import { encodeRecord } from '../../shared/cper/encode';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { decodeInput } from '../../shared/input/index';
import { libcperSectionName, sectionDecoderFor, sectionJsonWriterFor, sectionName } from '../../shared/sections/registry';
import { compareJson, parseLossless } from '../export/libcper-compare';
import { hexRecord, plain } from './synthetic';
import { covers } from '../helpers/spans';

const GUID = '9068e568-6ca0-11f0-aeaf-159343591eac';
const FIX = 'tests/sections/fixtures/';

function oursSections(bytes: Uint8Array, lossless = true): unknown {
  const res = decodeInput(bytes);
  const parsed = parseLossless(cperJsonText(res.records, bufferReader(res.bytes))) as { sections: unknown };
  return lossless ? parsed.sections : plain(parsed.sections);
}

describe('libcper examples: JSON equal both ways', () => {
  for (const name of ['nvidia_event_all_types', 'nvidia_event_gpu_uce_ecc']) {
    test(name, () => {
      const bytes = hexRecord(`${name}.cperhex`);
      const theirs = parseLossless(readFileSync(`${FIX}${name}.sections.json`, 'utf8'));
      const ours = oursSections(bytes);
      const a = compareJson(theirs, ours);
      const b = compareJson(ours, theirs);
      expect(a.mismatches).toEqual([]);
      expect(b.mismatches).toEqual([]);
      expect(a.matched).toBeGreaterThan(30);
      const rec = decodeInput(bytes).records[0];
      for (const s of rec.sections) {
        expect(s.name).toBe('NVIDIA event');
        expect(covers(s.body!, s.offset, s.length)).toBe(true);
        expect(s.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
      }
    });
  }
});

/** A section body from parts: event header, info header + info, then contexts (each padded to 16). */
function body(
  src: number,
  infoVersion: number,
  info: number[],
  ctxs: { type: number; data: number[]; size?: number }[],
  sig = 'EDGE',
): Uint8Array {
  const out: number[] = [1, ctxs.length, src, 0, 0x34, 0x12, 0x78, 0x56, ...Array(8).fill(0)];
  const s = new TextEncoder().encode(sig);
  for (let i = 0; i < 16; i++) out.push(s[i] ?? 0);
  // libcper finds the contexts at 32 + InfoSize: the padding after the info counts in InfoSize.
  const infoSize = Math.ceil((35 + info.length) / 16) * 16 - 32;
  out.push(infoVersion & 0xff, infoVersion >> 8, infoSize, ...info);
  while (out.length % 16) out.push(0);
  for (const c of ctxs) {
    const size = c.size ?? 16 + Math.ceil(c.data.length / 16) * 16;
    const h = new DataView(new ArrayBuffer(16));
    h.setUint32(0, size, true);
    h.setUint16(4, 2, true);
    h.setUint16(8, c.type, true);
    h.setUint16(10, 3, true);
    h.setUint32(12, c.data.length, true);
    out.push(...new Uint8Array(h.buffer), ...c.data);
    while (out.length % 16) out.push(0);
  }
  return Uint8Array.from(out);
}

test('synthetic GPU event: unknown format, non-printable XID message, short recommended actions', () => {
  const gpuInfo = [4, 1, 0, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8];
  const sec = body(1, 0x0100, gpuInfo, [
    { type: 0x0005, data: [1, 2, 3] },
    { type: 0x8001, data: [0x10, 0, 0, 0x80, 0x41, 0x01, 0x42, 0] },
    { type: 0x8002, data: [1, 2, 3, 4] },
    { type: 0x0001, data: [] },
  ]);
  const rec = encodeRecord({ recordId: 7n, sections: [{ type: GUID, body: sec }] });
  const [s] = oursSections(rec, false) as { message: string; NvidiaEvent: Record<string, unknown> }[];
  expect(s.message).toBe('A EDGE Nvidia Event occurred');
  expect(s.NvidiaEvent.eventHeader).toEqual({ signature: 'EDGE', version: 1, sourceDeviceType: 'GPU', type: '0x1234', subtype: '0x5678' });
  expect(s.NvidiaEvent.eventInfo).toEqual({
    version: '1.0',
    gpu: { EventOriginator: 'PF_DRIVER', SourcePartition: 1, SourceSubPartition: 2, Pdi: '08:07:06:05:04:03:02:01' },
  });
  const ctx = s.NvidiaEvent.eventContexts as { data: unknown; dataSize: number; version: number; dataFormatVersion: number }[];
  expect(ctx.map((c) => c.data)).toEqual([
    { opaque: '010203' }, // unknown type: the "opaque" variant object is replaced by the hex
    { gpuLegacyXid: { xidCode: 18446744071562067984n, message: '' } }, // add_int sign-extends; 0x01 is not printable
    { gpuRecommendedActions: {} }, // DataSize 4 < 16
    { type1: { keyValArray64: [] } },
  ]);
  expect(ctx[0]).toMatchObject({ version: 2, dataFormatVersion: 3, dataSize: 3 });
});

test('synthetic CPU event: info major version other than 0 gives no "cpu", a DPU no device info', () => {
  const cpuInfo = Array(29).fill(0);
  const cpu = body(0, 0x0100, cpuInfo, []);
  const dpu = body(2, 0x0000, [], [{ type: 0x8000, data: [0xaa] }]);
  const rec = encodeRecord({
    recordId: 8n,
    sections: [
      { type: GUID, body: cpu },
      { type: GUID, body: dpu },
    ],
  });
  const [a, b] = oursSections(rec, false) as { NvidiaEvent: Record<string, unknown> }[];
  expect(a.NvidiaEvent.eventInfo).toEqual({ version: '1.0' });
  expect(b.NvidiaEvent.eventInfo).toEqual({ version: '0.0' });
  // 0x8000 from a non-GPU source is not GPU metadata: opaque
  expect(b.NvidiaEvent.eventContexts).toEqual([
    { version: 2, dataFormatType: '0x8000', dataFormatVersion: 3, dataSize: 1, data: { opaque: 'aa' } },
  ]);
});

test('event version other than 1: libcper returns no IR; raw bytes', () => {
  const sec = body(1, 0x0100, [], []);
  sec[0] = 2;
  const rec = encodeRecord({ recordId: 9n, sections: [{ type: GUID, body: sec }] });
  const [s] = oursSections(rec, false) as Record<string, unknown>[];
  expect(Object.keys(s)).toEqual(['Unknown']);
});

test('tree: header, device info, contexts and padding cover the section once', () => {
  const bytes = hexRecord('nvidia_event_all_types.cperhex');
  const rec = decodeInput(bytes).records[0];
  const s = rec.sections[0];
  const kids = s.body!.children!;
  expect(kids.find((c) => c.key === 'sourceDeviceType')!.text).toBe('CPU (0)');
  expect(kids.find((c) => c.key === 'eventInfo')!.label).toBe('CPU event info');
  const ctxs = kids.find((c) => c.key === 'eventContexts')!;
  expect(ctxs.children!.map((c) => c.key)).toEqual(['context0', 'context1', 'context2', 'context3', 'context4']);
  expect(ctxs.children![0].children!.find((c) => c.key === 'data')!.children!.length).toBe(2);
  expect(s.body!.length).toBe(s.length);
  expect(sectionName(GUID)).toBe('NVIDIA event');
  expect(libcperSectionName(GUID)).toBe('NvidiaEvent');
  expect(sectionJsonWriterFor(GUID)).toBeDefined();
  // A body cut inside a context decodes without throwing and still tiles.
  const cut = sectionDecoderFor(GUID).decode(new ByteReader(bytes), s.offset - 0, 100);
  expect(covers(cut.node, s.offset, 100)).toBe(true);
});

test('synthetic GPU init metadata (0x8000): strings, PDI, architecture, PCI info', () => {
  const m = new Uint8Array(192);
  const dv = new DataView(m.buffer);
  const put = (o: number, t: string) => m.set(new TextEncoder().encode(t), o);
  put(0, 'NVIDIA B200');
  put(48, '997.00.88.00.0F');
  put(64, '605.32.04');
  put(80, '605.32.04');
  m[96] = 0x07; // non-printable: libcper keeps its "" default
  dv.setBigUint64(112, 1n, true);
  dv.setBigUint64(120, 0x1122334455667788n, true);
  dv.setUint32(128, 0x1a0a1000, true);
  m[132] = 0;
  m.set([0x03, 0x02, 0xa1], 133);
  dv.setUint16(136, 0x10de, true);
  dv.setUint16(138, 0x2920, true);
  dv.setUint16(140, 0x10de, true);
  dv.setUint16(142, 0x197f, true);
  dv.setBigUint64(144, 0xc0000000n, true);
  dv.setBigUint64(152, 0x4000000n, true);
  dv.setBigUint64(160, 0xd000000000n, true);
  dv.setBigUint64(168, 0x4000000000n, true);
  const gpuInfo = [2, 0, 0, 0, 0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11];
  const sec = body(1, 0x0100, gpuInfo, [{ type: 0x8000, data: [...m] }], 'GPU-Core');
  const rec = encodeRecord({ recordId: 10n, sections: [{ type: GUID, body: sec }] });
  const [s] = oursSections(rec, false) as unknown[];
  expect(s).toEqual({
    message: 'A GPU-Core Nvidia Event occurred',
    NvidiaEvent: {
      eventHeader: { signature: 'GPU-Core', version: 1, sourceDeviceType: 'GPU', type: '0x1234', subtype: '0x5678' },
      eventInfo: {
        version: '1.0',
        gpu: { EventOriginator: 'PF_GSP_FW', SourcePartition: 0, SourceSubPartition: 0, Pdi: '11:22:33:44:55:66:77:88' },
      },
      eventContexts: [
        {
          version: 2,
          dataFormatType: '0x8000',
          dataFormatVersion: 3,
          dataSize: 192,
          data: {
            gpuInitMetadata: {
              deviceName: 'NVIDIA B200',
              firmwareVersion: '997.00.88.00.0F',
              pfDriverMicrocodeVersion: '605.32.04',
              pfDriverVersion: '605.32.04',
              vfDriverVersion: '',
              configuration: '0x0000000000000001',
              pdi: '11:22:33:44:55:66:77:88',
              architectureId: { raw: '0x1A0A1000', architecture: 'Blackwell' },
              hardwareInfoType: 0,
              pciInfo: {
                class: '0x03',
                subclass: '0x02',
                rev: '0xA1',
                vendorId: '0x10DE',
                deviceId: '0x2920',
                subsystemVendorId: '0x10DE',
                subsystemId: '0x197F',
                bar0Start: '0x00000000C0000000',
                bar0Size: '0x0000000004000000',
                bar1Start: '0x000000D000000000',
                bar1Size: '0x0000004000000000',
                bar2Start: '0x0000000000000000',
                bar2Size: '0x0000000000000000',
              },
            },
          },
        },
      ],
    },
  });
  const d = decodeInput(rec).records[0].sections[0];
  expect(covers(d.body!, d.offset, d.length)).toBe(true);
});
