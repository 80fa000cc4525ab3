/**
 * Every diagnostic the decoders can report, declared once (as Wireshark's expert info): its
 * code, severity, the field it points at (a key of the declaration named in `field`, when the
 * problem is about one field) and what it means. A call site adds the specifics (numbers,
 * offsets) in its message; `expert()` takes the severity from here.
 */
import type { Diagnostic, Level } from './diagnostics';

export interface ExpertInfo {
  /** Severity; a list when the call site picks one by what it found (first = most severe). */
  level: Level | readonly Level[];
  /** `<declaration key>.<field key>` the diagnostic's span covers, when it is one field. */
  field?: string;
  text: string;
}

export const EXPERT = {
  // Record header and descriptors (cper/record.ts).
  'record.truncated-header': { level: 'error', field: 'header', text: 'fewer than the 128 header bytes are present' },
  'record.bad-signature': { level: 'error', field: 'header.signature', text: 'the signature is not "CPER"' },
  'record.bad-signature-end': { level: 'warning', field: 'header.signatureEnd', text: 'the signature end is not 0xffffffff' },
  'record.unknown-severity': { level: 'warning', field: 'header.severity', text: 'the error severity is not one UEFI defines' },
  'record.timestamp': { level: 'warning', field: 'header.timestamp', text: 'the timestamp is zero, implausible, or marked invalid' },
  'record.length-too-small': { level: 'error', field: 'header.recordLength', text: 'the record length is smaller than the header' },
  'record.length-past-end': { level: 'error', field: 'header.recordLength', text: 'the record length runs past the bytes present' },
  'record.no-sections': { level: 'warning', field: 'header.sectionCount', text: 'the record declares no section' },
  'record.section-count': {
    level: 'error',
    field: 'header.sectionCount',
    text: 'the descriptors of the declared sections do not fit in the record',
  },
  'record.uncovered-tail': { level: 'info', text: 'bytes inside the record length belong to no section' },
  'section.overlaps-table': { level: 'warning', field: 'descriptor.sectionOffset', text: 'a section body overlaps the descriptor table' },
  'section.offset-past-end': { level: 'error', field: 'descriptor.sectionOffset', text: 'a section starts past the bytes present' },
  'section.length-past-end': { level: 'error', field: 'descriptor.sectionLength', text: 'a section runs past the bytes present' },
  'section.decoder-failed': { level: 'error', text: 'a section decoder failed; the section is shown as raw bytes' },
  'section.short': { level: 'error', text: "a section is shorter than its declaration's layout; later fields are absent" },
  'section.truncated-descriptor': { level: 'error', field: 'descriptor', text: 'a section-only input is shorter than its descriptor' },
  // Section declarations (sections/*.ts).
  'arm.section-length': {
    level: ['error', 'warning'],
    field: 'arm.sectionLength',
    text: "the ARM section's length field differs from the descriptor's",
  },
  'arm.error-info-truncated': {
    level: 'error',
    field: 'arm.errorInfoNum',
    text: 'an ARM error information structure runs past the section',
  },
  'arm.context-truncated': {
    level: 'error',
    field: 'arm.contextInfoNum',
    text: 'an ARM context information structure runs past the section',
  },
  'arm.register-array-truncated': { level: 'error', text: 'an ARM register array runs past the section' },
  'arm-ras.not-parsed': { level: 'warning', text: 'an ARM RAS node section could not be read as libcper reads it' },
  'ia32.error-info-truncated': {
    level: 'error',
    field: 'ia32x64.validationBits',
    text: 'an IA32/X64 error information structure runs past the section',
  },
  'ia32.context-truncated': {
    level: 'error',
    field: 'ia32x64.validationBits',
    text: 'an IA32/X64 context information structure runs past the section',
  },
  'ia32.register-array-truncated': { level: 'error', text: 'an IA32/X64 register array runs past the section' },
  'ccix.length': { level: 'warning', field: 'ccixPer.length', text: "the CCIX length exceeds the section's" },
  'cxl.component-length': { level: 'warning', field: 'cxlComponent.length', text: "the CXL component length exceeds the section's" },
  'cxl.lengths': { level: 'error', field: 'cxlProtocol.dvsecLength', text: 'the CXL DVSEC and error log lengths exceed the section' },
  'pcidev.pairs': { level: 'error', field: 'pciComponent.memoryNumber', text: 'the declared PCI register pairs do not fit in the section' },
  'nvidia.registers': { level: 'error', field: 'nvidia.registerCount', text: 'the declared NVIDIA registers do not fit in the section' },
  'fmpm.checksum': { level: 'error', text: 'the FMPM record checksum does not match' },
  'fmpm.entries': { level: 'error', text: 'the FMPM poison descriptors do not fit in the section' },
  'fmpm.in-place': { level: 'info', text: 'the FMPM record is updated in place under one record id' },
  'whea.summary-count': { level: 'error', text: 'the WHEA summary count does not fit in the section' },
  'whea.summary-version': { level: 'warning', text: 'the WHEA summary version is not one known' },
  'whea.arm-ras-fields': {
    level: ['error', 'warning'],
    field: 'wheaArmRasNode.nodeFieldCount',
    text: 'the WHEA ARM RAS node does not hold the 8 fields Windows writes (fewer: error)',
  },
  'whea.xpf-mca-short': { level: 'warning', text: 'the WHEA x64 MCA section is shorter than its layout' },
  // Linux pstore sections (pstore/*.ts).
  'mce.short': { level: ['warning', 'info'], text: 'struct mce is shorter than Linux 6.x writes (older kernels: info)' },
  'pstore.decompress-failed': { level: 'error', text: 'a compressed dmesg part could not be inflated' },
  'pstore.inflate-budget': { level: 'error', text: "the file's inflate budget is spent; the part is left compressed" },
  'pstore.no-dump-header': { level: 'warning', text: 'a dmesg payload does not start with "Reason#N PartM"' },
  // Inputs (input/*.ts, main/services/decode-file.ts).
  'input.too-large': { level: 'error', text: 'the input is larger than the limit for CPER input' },
  'input.not-cper': { level: ['error', 'warning'], text: 'bytes that are not a CPER record (a warning after records were found)' },
  'input.section-only': { level: 'info', text: 'the input is a section descriptor and body without a record header' },
  'input.kernel-dump': { level: 'info', text: 'bytes read from a [Hardware Error] hex dump in text' },
  'input.kernel-dump-gap': { level: 'warning', text: 'a hex dump jumps past bytes the text does not hold' },
  'input.kernel-report': { level: 'info', text: 'a record rebuilt from kernel-style text' },
  'input.kernel-report-section': { level: 'info', text: 'a section rebuilt from kernel-style text' },
  'input.redfish-entry': { level: 'info', text: 'a record read from a Redfish LogEntry' },
  'input.redfish-section': { level: 'info', text: 'a section read from a Redfish CPERSection LogEntry' },
  'input.redfish-bare-section': { level: 'warning', text: 'a Redfish CPER entry holds a bare section' },
  'input.redfish-data': { level: 'warning', text: "a Redfish entry's DiagnosticData is not base64" },
  'input.redfish-not-record': { level: 'warning', text: 'a Redfish CPER entry does not hold a record' },
  // The ERST store (store/*.ts, index/*.ts).
  'store.bad-magic': { level: 'error', field: 'storeHeader.magic', text: 'the store does not start with ERSTSTOR' },
  'store.bad-record-size': { level: 'error', field: 'storeHeader.recordSize', text: 'the record size is not one QEMU accepts' },
  'store.bad-storage-offset': { level: 'error', field: 'storeHeader.storageOffset', text: 'the storage offset is outside the file' },
  'store.unexpected-storage-offset': {
    level: 'warning',
    field: 'storeHeader.storageOffset',
    text: 'the storage offset is not the one QEMU computes',
  },
  'store.bad-version': { level: 'error', field: 'storeHeader.version', text: 'the store version is not 1' },
  'store.reserved': { level: 'warning', text: 'reserved header bytes are not zero' },
  'store.record-count': { level: 'error', field: 'storeHeader.recordCount', text: 'the record count differs from the live map entries' },
  'store.duplicate-id': { level: 'error', text: 'a record id appears twice in the map' },
  'store.map-all-ones': { level: 'warning', text: 'a map entry holds the all-ones id' },
  'store.map-in-header': { level: 'warning', text: 'map entries sit inside the header' },
  'store.map-past-end': { level: 'error', text: 'the map runs past the file' },
  'store.size-not-multiple': { level: 'warning', text: 'the file size is not a whole number of records' },
  'store.truncated': { level: 'error', text: 'the file is shorter than its geometry' },
  'store.qemu71-writes': { level: 'warning', text: 'slots were written by the QEMU 7.0/7.1 device model' },
  'slot.garbage': { level: 'warning', text: 'a slot holds bytes that are not a record' },
  'slot.id-mismatch': { level: 'error', text: "a slot's record id differs from its map entry" },
  'slot.length-past-slot': { level: 'error', text: "a record's length runs past its slot" },
  'slot.live-without-record': { level: 'error', text: 'a live map entry points at a slot without a record' },
  'slot.qemu71-write': { level: 'info', text: 'the slot was written by the QEMU 7.0/7.1 device model' },
  'slot.remnant': { level: 'info', text: 'bytes of an older record remain after this one' },
  'slot.truncated': { level: 'error', text: 'the slot is cut by the end of the file' },
  // pstore folders (pstore-files/*.ts).
  'pstore-files.backend': { level: 'warning', text: 'the folder holds files of another pstore backend' },
  'pstore-files.dmesg-txt': { level: 'info', text: 'a dmesg.txt beside the pstore files' },
  'pstore-files.from-dmesg-txt': { level: 'info', text: 'records rebuilt from dmesg.txt' },
  'pstore-files.duplicate': { level: 'warning', text: 'two files name the same record' },
  'pstore-files.none': { level: 'error', text: 'the folder holds no pstore file' },
  'pstore-files.origin': { level: 'info', text: 'where the pstore files came from' },
} as const satisfies Record<string, ExpertInfo>;

export type ExpertCode = keyof typeof EXPERT;

type LevelOf<C extends ExpertCode> = Extract<
  (typeof EXPERT)[C]['level'] extends readonly (infer L)[] ? L : (typeof EXPERT)[C]['level'],
  Level
>;

/** A diagnostic of a declared code; `level` only for codes declared with several. */
export function expert<C extends ExpertCode>(code: C, message: string, offset?: number, length?: number, level?: LevelOf<C>): Diagnostic {
  const declared: Level | readonly Level[] = EXPERT[code].level;
  const d: Diagnostic = { level: level ?? (typeof declared === 'string' ? declared : declared[0]), code, message };
  if (offset !== undefined) d.offset = offset;
  if (length !== undefined) d.length = length;
  return d;
}
