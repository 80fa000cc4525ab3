/**
 * QEMU versions whose acpi-erst device differs in behaviour a store or a trace can show.
 * hw/acpi/erst.c came in 7.0 (f7e26ffa590); 70d2cb86fb ("Fix memory handling issues", in
 * 7.2.0) fixed the write's `memset(nvram + record_length, exchange_length - record_length,
 * 0xFF)`, whose value and length arguments were swapped, and made the record_offset +
 * record_length checks overflow-proof. Later versions only changed includes and property
 * declarations, so 7.2 and everything after it behave alike on these paths.
 */

/** A QEMU release as `major.minor`. */
export type QemuVersion = `${number}.${number}`;

export const DEFAULT_QEMU: QemuVersion = '7.2';

export { SWAPPED_FILL_LENGTH, swappedFillByte } from '../store/layout';

/** Parses `7.1`, `7.1.0`, `v10.0.2`; undefined when not a version or older than the device (7.0). */
export function parseQemuVersion(text: string): QemuVersion | undefined {
  const m = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d{1,3})?$/.exec(text.trim());
  if (!m) return undefined;
  const major = Number(m[1]),
    minor = Number(m[2]);
  if (major < 7) return undefined;
  return `${major}.${minor}`;
}

function atLeast(v: QemuVersion, major: number, minor: number): boolean {
  const [a, b] = v.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** True for 7.0 and 7.1: the write fill has memset's arguments swapped. */
export function hasSwappedWriteFill(v: QemuVersion): boolean {
  return !atLeast(v, 7, 2);
}

/** True for 7.0 and 7.1: `record_offset + record_length > exchange_length` is summed in u32 and can wrap. */
export function hasWrappingLengthCheck(v: QemuVersion): boolean {
  return !atLeast(v, 7, 2);
}
