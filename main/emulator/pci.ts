/**
 * The device's PCI identity as QEMU presents it (doc §1). `class_id = PCI_CLASS_OTHERS`
 * (0xff) is a 16-bit class value, so it lands in the sub-class byte: base class 0x00,
 * sub-class 0xff (quirk 13).
 */
export const PCI_IDENTITY = {
  vendorId: 0x1b36,
  deviceId: 0x0012,
  revision: 0x00,
  progIf: 0x00,
  subClass: 0xff,
  baseClass: 0x00,
  subsystemVendorId: 0x1af4,
  subsystemId: 0x1100,
  headerType: 0x00,
  interruptPin: 0,
  bar0Size: 16,
} as const;

/** Config-space dwords a guest reads, for comparison with the real device. */
export function pciConfigDword(reg: number): number {
  const p = PCI_IDENTITY;
  switch (reg) {
    case 0x00:
      return ((p.deviceId << 16) | p.vendorId) >>> 0;
    case 0x08:
      return ((p.baseClass << 24) | (p.subClass << 16) | (p.progIf << 8) | p.revision) >>> 0;
    case 0x2c:
      return ((p.subsystemId << 16) | p.subsystemVendorId) >>> 0;
    case 0x3c:
      return (p.interruptPin << 8) >>> 0;
    default:
      return 0;
  }
}

/** What a BAR reads back after the guest writes all ones: the size mask (32-bit memory, non-prefetchable). */
export function barProbe(size: number): number {
  return (~(size - 1) & 0xfffffff0) >>> 0;
}
