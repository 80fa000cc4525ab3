/**
 * ARM RAS node section: tree and CPER-JSON. The corpus has no sample; the expected JSON is what
 * libcper's `sections/cper-section-arm-ras.c` writes for these bytes, derived from its source as
 * stored at commit 0097fd6ed48509f36ecf6cf717fc165a46221256 (no copy at the corpus commit 7c410e29
 * is stored): keys and their order from arm_ras_add_fixed_fields, arm_ras_parse_descriptors
 * (MISC2/3 only when the RAS extension revision is non-zero), arm_ras_aux_emit_header_fields,
 * arm_ras_aux_parse_contexts (addressSpaceIdentifier only with flags bit 0) and
 * arm_ras_aux_parse_kvps (the key printed byte by byte as 8-4-4-4-12); numbers are
 * json_object_new_uint64, ipInstance/ipType add_bytes_hex (lower case), userData
 * add_untrusted_string over at most 15 characters.
 */
import { describe, expect, test } from 'vitest';
import { ByteReader } from '../../shared/bytes/reader';
import { bufferReader, cperJsonText } from '../../shared/export/cper-json/index';
import { decodeInput } from '../../shared/input/index';
import { libcperSectionName, sectionDecoderFor, sectionJsonWriterFor, sectionName } from '../../shared/sections/registry';
import { parseLossless } from '../export/libcper-compare';
import { ARM_RAS_GUID, armRasRecord, hexRecord, plain } from './synthetic';
import { covers } from '../helpers/spans';

function sections(bytes: Uint8Array): Record<string, unknown>[] {
  const res = decodeInput(bytes);
  return plain((parseLossless(cperJsonText(res.records, bufferReader(res.bytes))) as { sections: unknown }).sections) as Record<string, unknown>[];
}

const regs = (d: number) => Array.from({ length: 8 }, (_, k) => (BigInt(d + 1) << 60n) | BigInt(k + 1));

test('synthetic node: JSON as libcper 0097fd6e writes it', () => {
  const [s] = sections(armRasRecord());
  const r0 = regs(0);
  const r1 = regs(1);
  expect(s).toEqual({
    message: 'ARM RAS error occured',
    ArmRas: {
      revision: 1,
      componentType: 5,
      errorSyndromeArrayOffset: 80,
      auxDataOffset: 224,
      errorSyndromeArrayNumEntries: 2,
      ipInstanceFormat: 1,
      ipTypeFormat: 3,
      ipInstance: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
      ipType: '00070e151c232a31383f464d545b626970777e858c939aa1',
      userData: 'NODE-USERDATA-1',
      errorSyndromes: [
        {
          errorRecordIndex: 10, rasExtensionRevision: 0,
          errorRecordFeatureRegister: r0[0], errorRecordControlRegister: r0[1], errorRecordPrimaryStatusRegister: r0[2], errorRecordAddressRegister: r0[3],
          errorRecordMiscRegister0: r0[4], errorRecordMiscRegister1: r0[5],
        },
        {
          errorRecordIndex: 11, rasExtensionRevision: 2,
          errorRecordFeatureRegister: r1[0], errorRecordControlRegister: r1[1], errorRecordPrimaryStatusRegister: r1[2], errorRecordAddressRegister: r1[3],
          errorRecordMiscRegister0: r1[4], errorRecordMiscRegister1: r1[5], errorRecordMiscRegister2: r1[6], errorRecordMiscRegister3: r1[7],
        },
      ],
      auxData: {
        version: 1,
        addressSpaceArrayEntryCount: 2,
        auxiliaryDataSize: 144,
        keyValuePairArrayOffset: 96,
        keyValuePairArrayEntryCount: 2,
        contexts: [
          { length: 48, flags: 1, registerArrayEntryCount: 2, addressSpaceIdentifier: 0x1234, registers: [{ address: 0x10000000, value: 0xdeadbeef }, { address: 0x10000008, value: 0xffffffffffffffffn }] },
          { length: 32, flags: 0, registerArrayEntryCount: 1, registers: [{ address: 0x20000000, value: 42 }] },
        ],
        keyValuePairs: [
          { key: '10111213-1415-1617-1819-1a1b1c1d1e1f', value: 7 },
          { key: 'f0efeeed-eceb-eae9-e8e7-e6e5e4e3e2e1', value: 0x8000000000000000n },
        ],
      },
    },
  });
});

describe('libcper checks', () => {
  test('revision other than 1: empty object and the reason as message', () => {
    const [s] = sections(armRasRecord((b) => (b[0] = 2)));
    expect(s).toEqual({ message: 'ARM RAS (empty): unsupported ARM RAS revision: 2', ArmRas: {} });
  });
  test('descriptor array past the end', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint32(8, 5, true)));
    expect(s).toEqual({ message: 'ARM RAS (empty): descriptor array out of range', ArmRas: {} });
  });
  test('syndrome offset inside the node', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint16(12, 40, true)));
    expect(s).toEqual({ message: 'ARM RAS (empty): invalid ARM RAS offsets', ArmRas: {} });
  });
  test('no auxiliary data (offset 0); non-printable user data left out', () => {
    const [s] = sections(armRasRecord((b, dv) => { dv.setUint16(14, 0, true); b[64] = 0x01; }));
    const a = s.ArmRas as Record<string, unknown>;
    expect(a.auxData).toBeUndefined();
    expect(a.userData).toBeUndefined();
    expect((a.errorSyndromes as unknown[]).length).toBe(2);
  });
  test('a context overlapping the key/value array: header only, no contexts, no pairs', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint32(224 + 16, 96, true)));
    expect((s.ArmRas as Record<string, unknown>).auxData).toEqual({
      version: 1, addressSpaceArrayEntryCount: 2, auxiliaryDataSize: 144, keyValuePairArrayOffset: 96, keyValuePairArrayEntryCount: 2,
    });
  });
  test('key/value pairs that do not fit: contexts kept, pairs left out', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint16(224 + 12, 3, true)));
    const aux = (s.ArmRas as Record<string, Record<string, unknown>>).auxData;
    expect((aux.contexts as unknown[]).length).toBe(2);
    expect(aux.keyValuePairs).toBeUndefined();
  });
});

test('tree: node, descriptors, auxiliary data cover the section once; names', () => {
  const rec = decodeInput(armRasRecord()).records[0];
  const s = rec.sections[0];
  expect(s.name).toBe('ARM RAS node');
  expect(covers(s.body!, s.offset, s.length)).toBe(true);
  const kids = s.body!.children!;
  expect(kids.find((c) => c.key === 'componentType')!.text).toBe('PCIe error node (5)');
  expect(kids.find((c) => c.key === 'errorSyndromes')!.children!.length).toBe(2);
  const aux = kids.find((c) => c.key === 'auxData')!;
  expect(aux.children!.filter((c) => c.key.startsWith('context')).map((c) => c.length)).toEqual([48, 32]);
  expect(aux.children!.find((c) => c.key === 'keyValuePairs')!.children!.length).toBe(2);
  expect(s.summary).toBe('ARM RAS PCIe error node, 2 error records');
  expect(sectionName(ARM_RAS_GUID)).toBe('ARM RAS node');
  expect(libcperSectionName(ARM_RAS_GUID)).toBe('ARM RAS');
  expect(sectionJsonWriterFor(ARM_RAS_GUID)).toBeDefined();
  // Cut anywhere: no throw, the tree still tiles what is present.
  const bytes = armRasRecord();
  for (const n of [10, 79, 80, 100, 224, 250, 300]) {
    const body = sectionDecoderFor(ARM_RAS_GUID).decode(new ByteReader(bytes), s.offset, n);
    expect(covers(body.node, s.offset, n)).toBe(true);
  }
});

test("layout check on libcper's examples/arm-ras.cperhex (49efc62e)", () => {
  const [s] = sections(hexRecord('arm-ras.cperhex'));
  const a = s.ArmRas as Record<string, unknown>;
  expect(s.message).toBe('ARM RAS error occured');
  expect(a).toMatchObject({
    revision: 1, componentType: 6, errorSyndromeArrayOffset: 80, auxDataOffset: 368, errorSyndromeArrayNumEntries: 4,
    ipInstanceFormat: 1, ipTypeFormat: 3, userData: 'iavamqrjvxrttbo',
  });
  const d = a.errorSyndromes as Record<string, unknown>[];
  expect(d.map((x) => x.errorRecordIndex)).toEqual([0, 1, 2, 3]);
  expect(d.map((x) => x.rasExtensionRevision)).toEqual([0, 0x87, 0x35, 0xdf]);
  expect(d[0].errorRecordMiscRegister2).toBeUndefined();
  const aux = a.auxData as Record<string, unknown>;
  expect(aux).toMatchObject({ version: 1, addressSpaceArrayEntryCount: 3, auxiliaryDataSize: 224, keyValuePairArrayOffset: 176, keyValuePairArrayEntryCount: 2 });
  const ctx = aux.contexts as Record<string, unknown>[];
  expect(ctx.map((c) => [c.length, c.flags, c.registerArrayEntryCount, c.addressSpaceIdentifier])).toEqual([[80, 1, 4, 0x33ed], [32, 0, 1, undefined], [48, 1, 2, 0x8ca4]]);
  expect((aux.keyValuePairs as unknown[]).length).toBe(2);
  const rec = decodeInput(hexRecord('arm-ras.cperhex')).records[0];
  expect(covers(rec.sections[0].body!, rec.sections[0].offset, rec.sections[0].length)).toBe(true);
});
