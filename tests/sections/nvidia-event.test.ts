/** NVIDIA event sections: header and info header declared (tree); JSON stays raw until libcper's shape can be checked. */
import { expect, test } from 'vitest';
import { ByteReader } from '../../shared/bytes/reader';
import { sectionDecoderFor, sectionJsonWriterFor, sectionName } from '../../shared/sections/registry';

const GUID = '9068e568-6ca0-11f0-aeaf-159343591eac';

test('NVIDIA event: header fields, info and contexts as bytes covering the section', () => {
  const b = new Uint8Array(96);
  const dv = new DataView(b.buffer);
  b[0] = 1; b[1] = 2; b[2] = 1; // version, 2 contexts, GPU
  dv.setUint16(4, 0x10, true);
  b.set(new TextEncoder().encode('XID'), 16);
  dv.setUint16(32, 0x0100, true);
  b[34] = 20; // info header + 17 bytes of GPU info
  const body = sectionDecoderFor(GUID).decode(new ByteReader(b), 0, b.length);
  const kids = body.node.children!;
  expect(kids.find((c) => c.key === 'sourceDeviceType')!.text).toBe('GPU (1)');
  expect(kids.find((c) => c.key === 'signature')!.text).toBe('"XID"');
  expect(kids.find((c) => c.key === 'eventInfo')).toMatchObject({ offset: 35, length: 17 });
  expect(kids.find((c) => c.key === 'eventContexts')).toMatchObject({ offset: 52, length: 44 });
  expect(body.summary).toBe('NVIDIA GPU event XID');
  expect(sectionName(GUID)).toBe('NVIDIA event');
  expect(sectionJsonWriterFor(GUID)).toBeUndefined();
});
