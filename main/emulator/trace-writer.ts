import type { ErstDevice } from './device';

/**
 * Formats handler accesses as QEMU's log backend prints acpi_erst_* events, so the model can
 * write traces the replayer (and anything else reading QEMU traces) accepts.
 */
function regTraceLine(kind: 'write' | 'read', addr: number, value: number, size: number): string {
  const a = addr.toString(16).padStart(4, '0');
  const v = value.toString(16).padStart(16, '0');
  return kind === 'write'
    ? `acpi_erst_reg_write addr: 0x${a} <== 0x${v} (size: ${size})`
    : `acpi_erst_reg_read  addr: 0x${a} ==> 0x${v} (size: ${size})`;
}

/** The lines QEMU prints when it starts the device and resets the machine. */
export function startTraceLines(dev: ErstDevice): string[] {
  const n = dev.recordCount();
  return [
    'acpi_erst_class_init_in ',
    'acpi_erst_class_init_out ',
    'acpi_erst_realizefn_in ',
    `acpi_erst_realizefn_out total nvram size ${dev.geometry.storageSize} bytes`,
    'acpi_erst_pci_bar_0 BAR0: 0xffffffffffffffff',
    `acpi_erst_reset_in record_count ${n}`,
    `acpi_erst_reset_out record_count ${n}`,
  ];
}

/** Collects trace lines for every access the device sees; `prefix` adds QEMU's `pid@sec.usec:`. */
export function recordTrace(dev: ErstDevice, out: string[], prefix?: () => string): () => void {
  const prev = dev.tap;
  dev.tap = (kind, addr, value, size) => out.push((prefix ? prefix() : '') + regTraceLine(kind, addr, value, size));
  return () => {
    dev.tap = prev;
  };
}
