/**
 * ARM RAS node section: tree and CPER-JSON. The corpus has no sample; the expected JSON is what
 * libcper's `sections/cper-section-arm-ras.c` writes for these bytes, derived from its source at
 * commit 7c410e29164b3509cae16ee8297d4226f02674e9: keys and their order from arm_ras_add_fixed_fields
 * (add_dict `{raw, value}`, ipInstance/ipType by format), arm_ras_parse_descriptors (REVISION and
 * ARCHVER nibbles, registers `"0x%016llX"`, MISC2/3 only when the revision byte is non-zero),
 * arm_ras_aux_emit_header_fields (version only), arm_ras_aux_parse_contexts (scope name,
 * addressSpaceIdentifier only for a local scope) and arm_ras_aux_parse_kvps (add_guid keys);
 * userData via add_untrusted_string (left out unless NUL-terminated within 16 bytes).
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
  return plain(
    (
      parseLossless(cperJsonText(res.records, bufferReader(res.bytes))) as {
        sections: unknown;
      }
    ).sections,
  ) as Record<string, unknown>[];
}

test('synthetic node: JSON as libcper 7c410e29 writes it', () => {
  const [s] = sections(armRasRecord());
  // The user data fills all 16 bytes with no NUL: add_untrusted_string leaves it out.
  expect(s).toEqual({
    message: 'ARM RAS error occured',
    ArmRas: {
      revision: 1,
      componentType: { raw: 5, value: 'PciExpressErrorNode' },
      errorSyndromeArrayNumEntries: 2,
      ipInstanceFormat: { raw: 1, value: 'SystemPhysicalAddress' },
      ipInstance: { systemPhysicalAddress: '0xA7A6A5A4A3A2A1A0' },
      ipTypeFormat: { raw: 3, value: 'PIDR' },
      ipType: {},
      errorSyndromes: [
        {
          errorRecordIndex: 10,
          rasExtensionRevisionField: 0,
          rasExtensionArchVersion: 0,
          errorRecordFeatureRegister: '0x1000000000000001',
          errorRecordControlRegister: '0x1000000000000002',
          errorRecordPrimaryStatusRegister: '0x1000000000000003',
          errorRecordAddressRegister: '0x1000000000000004',
          errorRecordMiscRegister0: '0x1000000000000005',
          errorRecordMiscRegister1: '0x1000000000000006',
        },
        {
          errorRecordIndex: 11,
          rasExtensionRevisionField: 0,
          rasExtensionArchVersion: 2,
          errorRecordFeatureRegister: '0x2000000000000001',
          errorRecordControlRegister: '0x2000000000000002',
          errorRecordPrimaryStatusRegister: '0x2000000000000003',
          errorRecordAddressRegister: '0x2000000000000004',
          errorRecordMiscRegister0: '0x2000000000000005',
          errorRecordMiscRegister1: '0x2000000000000006',
          errorRecordMiscRegister2: '0x2000000000000007',
          errorRecordMiscRegister3: '0x2000000000000008',
        },
      ],
      auxData: {
        version: 1,
        contexts: [
          {
            flags: { addressSpaceIdentifierScope: 'LocalAddressSpace' },
            addressSpaceIdentifier: 4660,
            registers: [
              { address: '0x0000000010000000', value: '0x00000000DEADBEEF' },
              { address: '0x0000000010000008', value: '0xFFFFFFFFFFFFFFFF' },
            ],
          },
          {
            flags: {
              addressSpaceIdentifierScope: 'SystemPhysicalAddressSpace',
            },
            registers: [{ address: '0x0000000020000000', value: '0x000000000000002A' }],
          },
        ],
        keyValuePairs: [
          {
            key: '13121110-1514-1716-1819-1a1b1c1d1e1f',
            value: '0x0000000000000007',
          },
          {
            key: 'edeeeff0-ebec-e9ea-e8e7-e6e5e4e3e2e1',
            value: '0x8000000000000000',
          },
        ],
      },
    },
  });
});

describe('libcper checks', () => {
  test('revision other than 1: empty object and the reason as message', () => {
    const [s] = sections(armRasRecord((b) => (b[0] = 2)));
    expect(s).toEqual({
      message: 'ARM RAS (empty): unsupported ARM RAS revision: 2',
      ArmRas: {},
    });
  });
  test('descriptor array past the end', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint32(8, 5, true)));
    expect(s).toEqual({
      message: 'ARM RAS (empty): descriptor array out of range',
      ArmRas: {},
    });
  });
  test('syndrome offset inside the node', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint16(12, 40, true)));
    expect(s).toEqual({
      message: 'ARM RAS (empty): invalid ARM RAS offsets',
      ArmRas: {},
    });
  });
  test('no auxiliary data (offset 0); non-printable user data left out', () => {
    const [s] = sections(
      armRasRecord((b, dv) => {
        dv.setUint16(14, 0, true);
        b[64] = 0x01;
      }),
    );
    const a = s.ArmRas as Record<string, unknown>;
    expect(a.auxData).toBeUndefined();
    expect(a.userData).toBeUndefined();
    expect((a.errorSyndromes as unknown[]).length).toBe(2);
  });
  test('a context overlapping the key/value array: header only, no contexts, no pairs', () => {
    const [s] = sections(armRasRecord((_b, dv) => dv.setUint32(224 + 16, 96, true)));
    expect((s.ArmRas as Record<string, unknown>).auxData).toEqual({
      version: 1,
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
  // Offsets of the node, descriptors (REVISION/ARCHVER nibbles), contexts and key/value GUIDs.
  expect(s).toEqual({
    message: 'ARM RAS error occured',
    ArmRas: {
      revision: 1,
      componentType: { raw: 6, value: 'ProxyErrorNode' },
      errorSyndromeArrayNumEntries: 4,
      ipInstanceFormat: { raw: 1, value: 'SystemPhysicalAddress' },
      ipInstance: { systemPhysicalAddress: '0x000000001A0F5FD5' },
      ipTypeFormat: { raw: 3, value: 'PIDR' },
      ipType: {},
      userData: 'iavamqrjvxrttbo',
      errorSyndromes: [
        {
          errorRecordIndex: 0,
          rasExtensionRevisionField: 0,
          rasExtensionArchVersion: 0,
          errorRecordFeatureRegister: '0x00000000E297C3DA',
          errorRecordControlRegister: '0x00000000477D5B2C',
          errorRecordPrimaryStatusRegister: '0x000000006F0D0920',
          errorRecordAddressRegister: '0x000000000B04A8B4',
          errorRecordMiscRegister0: '0x000000005C5E901D',
          errorRecordMiscRegister1: '0x0000000045F39153',
        },
        {
          errorRecordIndex: 1,
          rasExtensionRevisionField: 8,
          rasExtensionArchVersion: 7,
          errorRecordFeatureRegister: '0x00000000815E1CF5',
          errorRecordControlRegister: '0x000000001AD32F35',
          errorRecordPrimaryStatusRegister: '0x000000009983A54F',
          errorRecordAddressRegister: '0x00000000486C489A',
          errorRecordMiscRegister0: '0x00000000EE926C85',
          errorRecordMiscRegister1: '0x00000000C3513D84',
          errorRecordMiscRegister2: '0x0000000078D83174',
          errorRecordMiscRegister3: '0x00000000A0274FEF',
        },
        {
          errorRecordIndex: 2,
          rasExtensionRevisionField: 3,
          rasExtensionArchVersion: 5,
          errorRecordFeatureRegister: '0x00000000D75A5F16',
          errorRecordControlRegister: '0x000000000BA2F80A',
          errorRecordPrimaryStatusRegister: '0x00000000C0D1D93B',
          errorRecordAddressRegister: '0x00000000852E5CC0',
          errorRecordMiscRegister0: '0x00000000987908FB',
          errorRecordMiscRegister1: '0x0000000095A0BD48',
          errorRecordMiscRegister2: '0x00000000C33675CC',
          errorRecordMiscRegister3: '0x00000000BC71926B',
        },
        {
          errorRecordIndex: 3,
          rasExtensionRevisionField: 13,
          rasExtensionArchVersion: 15,
          errorRecordFeatureRegister: '0x000000004ACA6E94',
          errorRecordControlRegister: '0x00000000E4054E18',
          errorRecordPrimaryStatusRegister: '0x00000000F50B779B',
          errorRecordAddressRegister: '0x00000000E4F31687',
          errorRecordMiscRegister0: '0x0000000042550756',
          errorRecordMiscRegister1: '0x00000000B5497729',
          errorRecordMiscRegister2: '0x00000000EE2F451F',
          errorRecordMiscRegister3: '0x00000000D7186D79',
        },
      ],
      auxData: {
        version: 1,
        contexts: [
          {
            flags: { addressSpaceIdentifierScope: 'LocalAddressSpace' },
            addressSpaceIdentifier: 13293,
            registers: [
              { address: '0x000000008C532462', value: '0x00000000F33D11AD' },
              { address: '0x00000000701BBC09', value: '0x00000000F4C96744' },
              { address: '0x00000000DC10E1D4', value: '0x00000000C56A39E1' },
              { address: '0x00000000C89D418A', value: '0x00000000752A0A5C' },
            ],
          },
          {
            flags: {
              addressSpaceIdentifierScope: 'SystemPhysicalAddressSpace',
            },
            registers: [{ address: '0x00000000B8539DEC', value: '0x00000000B6217B7B' }],
          },
          {
            flags: { addressSpaceIdentifierScope: 'LocalAddressSpace' },
            addressSpaceIdentifier: 36004,
            registers: [
              { address: '0x00000000B084AC5C', value: '0x0000000084E8E5BB' },
              { address: '0x0000000093A6FB14', value: '0x00000000D44FF3B6' },
            ],
          },
        ],
        keyValuePairs: [
          {
            key: '3386761a-3429-2bc0-4bce-77c3fdef7bc5',
            value: '0x00000000F724D0F6',
          },
          {
            key: '3dc41304-bcb7-3d1f-b8e0-119e892f4f40',
            value: '0x0000000012839F12',
          },
        ],
      },
    },
  });
  const rec = decodeInput(hexRecord('arm-ras.cperhex')).records[0];
  expect(covers(rec.sections[0].body!, rec.sections[0].offset, rec.sections[0].length)).toBe(true);
});
