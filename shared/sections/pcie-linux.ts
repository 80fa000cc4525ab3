/**
 * Kernel text of the PCIe section (Linux cper_print_pcie, L6.12 form), from the values of
 * PCIE_SPEC's fields and its AER registers; port types from PCIE_PORT_TYPES_LINUX.
 */
import { u32le } from '../bytes/le';
import { bitSet, intOf } from '../decode/linux-plan';
import type { Value } from '../decode/spec';
import type { SectionLinux } from './define';
import { PCIE_PORT_TYPES_LINUX } from './pcie';

const n = (v: Value): number => Number(intOf(v));
const h = (v: Value, d: number): string => n(v).toString(16).padStart(d, '0');
const bcd = (b: number): number => (b >> 4) * 10 + (b & 15);
const reg = (v: Value): string => '0x' + h(v, 8);

export const PCIE_LINUX: SectionLinux = {
  name: 'PCIe error',
  lines(p, { values: { v } }) {
    const valid = (bit: number) => bitSet(v.validationBits, bit);
    const o: string[] = [];
    if (valid(0)) o.push(`${p}port_type: ${n(v.portType)}, ${PCIE_PORT_TYPES_LINUX[n(v.portType)] ?? 'unknown'}`);
    if (valid(1)) o.push(`${p}version: ${bcd(n(v.versionMajor))}.${bcd(n(v.versionMinor))}`);
    if (valid(2)) o.push(`${p}command: 0x${h(v.command, 4)}, status: 0x${h(v.status, 4)}`);
    if (valid(3)) {
      const cf = n(v.classFunction);
      o.push(`${p}device_id: ${h(v.segment, 4)}:${h(v.bus, 2)}:${h(v.device, 2)}.${(cf >>> 24).toString(16)}`);
      o.push(`${p}slot: ${n(v.slot) >> 3}`);
      o.push(`${p}secondary_bus: 0x${h(v.secondaryBus, 2)}`);
      o.push(`${p}vendor_id: 0x${h(v.vendorId, 4)}, device_id: 0x${h(v.deviceId, 4)}`);
      o.push(`${p}class_code: ${h((cf >> 16) & 0xff, 2)}${h((cf >> 8) & 0xff, 2)}${h(cf & 0xff, 2)}`);
    }
    if (valid(4)) o.push(`${p}serial number: 0x${h(v.serialLower, 4)}, 0x${h(v.serialUpper, 4)}`);
    if (valid(5)) o.push(`${p}bridge: secondary_status: 0x${h(v.bridgeSecondaryStatus, 4)}, control: 0x${h(v.bridgeControl, 4)}`);
    // The AER lines whenever the AER block is valid and present.
    const log = v.headerLog;
    if (valid(7) && v.aer !== undefined && log instanceof Uint8Array) {
      o.push(`${p}aer_cor_status: ${reg(v.correctableStatus)}, aer_cor_mask: ${reg(v.correctableMask)}`);
      o.push(`${p}aer_uncor_status: ${reg(v.uncorrectableStatus)}, aer_uncor_mask: ${reg(v.uncorrectableMask)}`);
      o.push(`${p}aer_uncor_severity: ${reg(v.uncorrectableSeverity)}`);
      o.push(`${p}TLP Header: ${[0, 4, 8, 12].map((k) => h(u32le(log, k), 8)).join(' ')}`);
    }
    return o;
  },
};
