import type { SectionDecoder } from '../cper/section';
import { PSTORE_SECTIONS } from '../pstore/sections';
import { ARM } from './arm';
import { ARM_RAS } from './arm-ras';
import { CCIX_PER } from './ccix';
import { CXL_COMPONENTS } from './cxl-component';
import { CXL_PROTOCOL } from './cxl-protocol';
import type { JsonSectionDecoder, SectionJsonWriter, SectionLinux } from './define';
import { DMAR_GENERIC, DMAR_IOMMU, DMAR_VTD } from './dmar';
import { FIRMWARE } from './firmware';
import { FMPM } from './fmpm';
import { IA32X64 } from './ia32x64';
import { MEMORY, MEMORY2 } from './memory';
import { PCI_BUS_SECTION, PCI_COMPONENT_SECTION } from './pci';
import { PCIE } from './pcie';
import { PCIE_LINUX } from './pcie-linux';
import { PROCESSOR_GENERIC } from './processor-generic';
import { rawBody } from './raw';
import { NVIDIA_EVENT } from './nvidia-events';
import { AMPERE, NVIDIA } from './vendor';
import { WHEA_SECTIONS } from './whea';
import { WHEA_DECODERS } from './whea-sections';

/**
 * Every section decoder, by GUID. Adding a section type means adding its declaration to
 * this list; nothing else in the record decoder changes.
 */
const DECODERS: readonly JsonSectionDecoder[] = [
  ...PSTORE_SECTIONS,
  PROCESSOR_GENERIC, IA32X64, ARM, ARM_RAS,
  MEMORY, MEMORY2, PCIE,
  FIRMWARE,
  PCI_BUS_SECTION, PCI_COMPONENT_SECTION,
  DMAR_GENERIC, DMAR_VTD, DMAR_IOMMU,
  CCIX_PER,
  CXL_PROTOCOL, ...CXL_COMPONENTS,
  NVIDIA, NVIDIA_EVENT, AMPERE,
  FMPM,
  ...WHEA_DECODERS,
];

/** Section types we recognise by name but show as raw bytes (no public layout). */
const NAMED_ONLY: Readonly<Record<string, string>> = {
  ...WHEA_SECTIONS,
};

/** libcper's `sectionType.type` names; a GUID libcper does not know is "Unknown" there. */
const LIBCPER_NAMES: Readonly<Record<string, string>> = {
  '9876ccad-47b4-4bdb-b65e-16f193c4f3db': 'Processor Generic',
  'dc3ea0b0-a144-4797-b95b-53fa242b6e1d': 'IA32/X64',
  'e429faf1-3cb7-11d4-bca7-0080c73c8881': 'IPF',
  'e19e3d16-bc11-11e4-9caa-c2051d5d46b0': 'ARM',
  'a5bc1114-6f64-4ede-b863-3e83ed7c83b1': 'Platform Memory',
  '61ec04fc-48e6-d813-25c9-8daa44750b12': 'Platform Memory 2',
  'd995e954-bbc1-430f-ad91-b44dcb3c6f35': 'PCIe',
  '81212a96-09ed-4996-9471-8d729c8e69ed': 'Firmware Error Record Reference',
  'c5753963-3b84-4095-bf78-eddad3f9c9dd': 'PCI/PCI-X Bus',
  'eb5e4685-ca66-4769-b6a2-26068b001326': 'PCI Component/Device',
  '5b51fef7-c79d-4434-8f1b-aa62de3e2c64': 'DMAr Generic',
  '71761d37-32b2-45cd-a7d0-b0fedd93e8cf': 'Intel VT for Directed I/O Specific DMAr',
  '036f84e1-7f37-428c-a79e-575fdfaa84ec': 'IOMMU Specific DMAr',
  '91335ef6-ebfb-4478-a6a6-88b728cf75d7': 'CCIX PER Log Error',
  '80b9efb4-52b5-4de3-a777-68784b771048': 'CXL Protocol Error',
  'fbcd0a77-c260-417f-85a9-088b1621eba6': 'CXL General Media Component Error',
  '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624': 'CXL DRAM Component Error',
  'fe927475-dd59-4339-a586-79bab113b774': 'CXL Memory Module Component Error',
  '77cf9271-9c02-470b-9fe4-bc7b75f2da97': 'CXL Physical Switch Component Error',
  '40d26425-3396-4c4d-a5da-3d47263af425': 'CXL Virtual Switch Component Error',
  '8dc44363-0c96-4710-b7bf-04bb99534c3f': 'CXL MLD Port Component Error',
  '6d5244f2-2712-11ec-bea7-cb3fdb95c786': 'NVIDIA',
  '9068e568-6ca0-11f0-aeaf-159343591eac': 'NvidiaEvent',
  'bf32d4d5-b427-4025-8495-8a9e5d4030e4': 'ARM RAS',
  '2826cc9f-448c-4c2b-86b6-a95394b7ef33': 'Ampere',
};

const BY_GUID = new Map<string, JsonSectionDecoder>(DECODERS.map((d) => [d.guid, d]));

export function sectionName(guid: string): string {
  return BY_GUID.get(guid)?.name ?? NAMED_ONLY[guid] ?? `Unknown section {${guid}}`;
}

export function libcperSectionName(guid: string): string {
  return LIBCPER_NAMES[guid] ?? 'Unknown';
}

export function sectionDecoderFor(guid: string): SectionDecoder {
  return BY_GUID.get(guid) ?? {
    guid,
    name: sectionName(guid),
    decode: (r, at, len) => rawBody(r, at, len, 'Section data'),
  };
}

/** The CPER-JSON writer of a section type; none for types shown as raw bytes (libcper's `Unknown`). */
export function sectionJsonWriterFor(guid: string): SectionJsonWriter | undefined {
  return BY_GUID.get(guid)?.json;
}

/** Kernel text of declarations that do not carry their own yet (kept beside them). */
const LINUX_BESIDE: Readonly<Record<string, SectionLinux>> = { [PCIE.guid]: PCIE_LINUX };

/** The kernel text of a section type; none: Linux prints it as an unknown type with a hex dump. */
export function sectionLinuxFor(guid: string): SectionLinux | undefined {
  return BY_GUID.get(guid)?.linux ?? LINUX_BESIDE[guid];
}
