/**
 * Section types named but shown as raw bytes: Microsoft WHEA's own section GUIDs (from the
 * WDK's cperguid.h) and standard types without a public layout we decode (IA64/IPF).
 */
export const WHEA_SECTIONS: Readonly<Record<string, string>> = {
  '6f3380d1-6eb0-497f-a578-4d4c65a71617': 'WHEA IPF SAL record (IPF_SAL_RECORD_SECTION_GUID)',
  '8a1e1d01-42f9-4557-9c33-565e5cc3f7e8': 'WHEA x86/x64 machine check (XPF_MCA_SECTION_GUID)',
  'e71254e7-c1b9-4940-ab76-909703a4320f': 'WHEA NMI (NMI_SECTION_GUID)',
  'e71254e8-c1b9-4940-ab76-909703a4320f': 'WHEA generic (GENERIC_SECTION_GUID)',
  '1c15b445-9b06-4667-ac25-33c056b88803': 'WHEA IPMI MSR dump (IPMI_MSR_DUMP_SECTION_GUID)',
  'e71254e9-c1b9-4940-ab76-909703a4320f': 'WHEA error packet (WHEA_ERROR_PACKET_SECTION_GUID)',
  'ec49534b-30e7-4358-972f-eca6958fae3b': 'WHEA PCIe DPC capability (WHEA_DPC_CAPABILITY_SECTION_GUID)',
  'e96eca99-53e2-4f52-9be7-d2dbe9508ed0': 'WHEA PCIe correctable error summary (PCIE_CORRECTABLE_ERROR_SUMMARY_SECTION_GUID)',
  '0e36c93e-ca15-4a83-ba8a-cbe80f7f0017': 'WHEA memory correctable error summary (MEMORY_CORRECTABLE_ERROR_SUMMARY_SECTION_GUID)',
  'f5fe48a6-84ce-4c1e-aa64-20c9a53099f1': 'WHEA ARM synchronous external abort (SEA_SECTION_GUID)',
  'f2a4a152-9c6d-4020-aecf-7695b389251b': 'WHEA ARM SError interrupt (SEI_SECTION_GUID)',
  'dd060800-f6e1-4204-ac27-c4bca9568402': 'WHEA PCI recovery (PCI_RECOVERY_SECTION_GUID)',
  'e3ebf4a2-df50-4708-b2d7-0b29ec2f7aa9': 'WHEA ARM RAS node (ARM_RAS_NODE_SECTION_GUID)',
  'e16edb28-6113-4263-a41d-e53f8de78751': 'WHEA Intel extended memory error (MEMORY_ERROR_EXT_SECTION_INTEL_GUID)',
  'e429faf1-3cb7-11d4-bca7-0080c73c8881': 'IA64 (IPF) processor error',
};
