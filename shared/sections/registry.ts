import { LIBCPER_SECTION_TYPES } from '../cper/guids';
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
import { PROCESSOR_GENERIC } from './processor-generic';
import { rawBody } from './raw';
import { NVIDIA_EVENT } from './nvidia-events';
import { AMPERE, NVIDIA } from './vendor';
import { WHEA_SECTIONS } from './whea';
import { WHEA_DECODERS } from './whea-sections';

/**
 * Every section decoder, by GUID. Adding a section type means adding its declaration to this
 * list: its tree, values, CPER-JSON, libcper name and kernel text all come from the declaration.
 */
const DECODERS: readonly JsonSectionDecoder[] = [
  ...PSTORE_SECTIONS,
  PROCESSOR_GENERIC,
  IA32X64,
  ARM,
  ARM_RAS,
  MEMORY,
  MEMORY2,
  PCIE,
  FIRMWARE,
  PCI_BUS_SECTION,
  PCI_COMPONENT_SECTION,
  DMAR_GENERIC,
  DMAR_VTD,
  DMAR_IOMMU,
  CCIX_PER,
  CXL_PROTOCOL,
  ...CXL_COMPONENTS,
  NVIDIA,
  NVIDIA_EVENT,
  AMPERE,
  FMPM,
  ...WHEA_DECODERS,
];

/** Section types we recognise by name but show as raw bytes (no public layout). */
const NAMED_ONLY: Readonly<Record<string, string>> = {
  ...WHEA_SECTIONS,
};

const BY_GUID = new Map<string, JsonSectionDecoder>(DECODERS.map((d) => [d.guid, d]));
// The descriptor's CPER-JSON names section types from this table (a declared name wins).
for (const d of DECODERS) if (d.libcperName) LIBCPER_SECTION_TYPES[d.guid] = d.libcperName;

/** Section GUIDs by Linux's `section_type:` name (the first declaration to claim a name keeps it). */
const BY_LINUX_NAME = new Map<string, string>();
for (const d of DECODERS) if (d.linuxName && !BY_LINUX_NAME.has(d.linuxName)) BY_LINUX_NAME.set(d.linuxName, d.guid);

/** The section type Linux prints as `section_type: <name>` (undefined for a name no declaration carries). */
export function sectionTypeByLinuxName(name: string): string | undefined {
  return BY_LINUX_NAME.get(name);
}

export function sectionName(guid: string): string {
  return BY_GUID.get(guid)?.name ?? NAMED_ONLY[guid] ?? `Unknown section {${guid}}`;
}

/** libcper's `sectionType.type` name; a GUID libcper does not know is "Unknown" there. */
export function libcperSectionName(guid: string): string {
  return LIBCPER_SECTION_TYPES[guid] ?? 'Unknown';
}

export function sectionDecoderFor(guid: string): SectionDecoder {
  return (
    BY_GUID.get(guid) ?? {
      guid,
      name: sectionName(guid),
      decode: (r, at, len) => rawBody(r, at, len, 'Section data'),
    }
  );
}

/** Every declared section type, for checks that run over all declarations. */
export function sectionTypes(): readonly JsonSectionDecoder[] {
  return DECODERS;
}

/** The CPER-JSON writer of a section type; none for types shown as raw bytes (libcper's `Unknown`). */
export function sectionJsonWriterFor(guid: string): SectionJsonWriter | undefined {
  return BY_GUID.get(guid)?.json;
}

/** The kernel text of a section type; none: Linux prints it as an unknown type with a hex dump. */
export function sectionLinuxFor(guid: string): SectionLinux | undefined {
  return BY_GUID.get(guid)?.linux;
}
