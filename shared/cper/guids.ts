/** GUIDs of the CPER header (creator, notification type) and of Linux's private sections. */
export const CREATOR_PSTORE = '75a574e3-5052-4b29-8a8e-be2c6490b89d';
export const SECTION_DMESG = 'c197e04e-d545-4a70-9c17-a5549419eb12';
export const SECTION_DMESG_Z = '4f118707-04dd-4055-b5dd-956d34ddfac6';
export const SECTION_MCE = 'fe08ffbe-95e4-4be7-bc73-4096044a38fc';
export const NOTIFY_MCE = 'e8f56ffe-919c-4cc5-ba88-65abe14913bb';

export const CREATORS: Readonly<Record<string, string>> = {
  [CREATOR_PSTORE]: 'Linux pstore/MCE (erst)',
  'cf07c4bd-b789-4e18-b3c4-1f732cb57131': 'Microsoft Windows (WHEA)',
  '57217c8d-5e66-44fb-8033-9b74cacedf91': 'Microsoft WHEA EFI',
  '1e5b16c5-0c19-4a1a-8ca1-c0d37b6a2a43': 'Intel (EDK II)',
};

/** Notification types: the viewer's name and, where it knows the GUID, libcper's (CPER-JSON). */
const NOTIFICATIONS: Readonly<Record<string, { name: string; libcper?: string }>> = {
  '2dce8bb1-bdd7-450e-b9ad-9cf4ebd4f890': { name: 'CMC', libcper: 'CMC' },
  '4e292f96-d843-4a55-a8c2-d481f27ebeee': { name: 'CPE', libcper: 'CPE' },
  [NOTIFY_MCE]: { name: 'MCE', libcper: 'MCE' },
  'cf93c01f-1a16-4dfc-b8bc-9c4daf67c104': { name: 'PCIe', libcper: 'PCIe' },
  'cc5263e8-9308-454a-89d0-340bd39bc98e': { name: 'INIT', libcper: 'INIT' },
  '5bad89ff-b7e6-42c9-814a-cf2485d6e98a': { name: 'NMI', libcper: 'NMI' },
  '3d61a466-ab40-409a-a698-f362d464b38f': { name: 'BOOT', libcper: 'Boot' },
  '667dd791-c6b3-4c27-8a6b-0f8e722deb41': { name: 'DMAr', libcper: 'DMAr' },
  '9a78788a-bbe8-11e4-809e-67611e5d46b0': { name: 'SEA', libcper: 'SEA' },
  '5c284c81-b0ae-4e87-a322-b04c85624323': { name: 'SEI', libcper: 'SEI' },
  '09a9d5ac-5204-4214-96e5-94992e752bcd': { name: 'PEI', libcper: 'PEI' },
  '69293bc9-41df-49a3-b4bd-4fb0db3041f6': { name: 'CXL', libcper: 'CXL Component' },
  '487565ba-6494-4367-95ca-4eff893522f6': { name: 'BMC' },
  'e9d59197-94ee-4a4f-8ad8-9b7d8bd93d2e': { name: 'SCI' },
  'fe84086e-b557-43cf-ac1b-17982e078470': { name: 'EXTINT' },
  '0033f803-2e70-4e88-992c-6f26daf3db7a': { name: 'DEVICE_DRIVER' },
  '919448b2-3739-4b7f-a8f1-e0062805c2a3': { name: 'CMCI' },
  '3e62a467-ab40-409a-a698-f362d464b38f': { name: 'GENERIC' },
};

export const NOTIFICATION_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NOTIFICATIONS).map(([g, n]) => [g, n.name]),
);

/** libcper's `notificationType.type` names; a GUID it does not know is "Unknown" there. */
export const LIBCPER_NOTIFICATION_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NOTIFICATIONS).flatMap(([g, n]) => (n.libcper ? [[g, n.libcper]] : [])),
);

/**
 * libcper's `sectionType.type` names by section GUID: the types without a declaration here (IPF);
 * the section registry adds each declaration's `libcperName` when it loads (sections sit above
 * this layer). A GUID libcper does not know is "Unknown" there.
 */
export const LIBCPER_SECTION_TYPES: Record<string, string> = {
  'e429faf1-3cb7-11d4-bca7-0080c73c8881': 'IPF',
};
