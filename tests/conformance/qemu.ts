import { findQemus, QEMU10_WRAPPER, type QemuBinary } from '../../main/qtest/machine';

/**
 * Every QEMU the suite compares the model with: the system's (7.2 on Debian bookworm) and
 * QEMU 10.0 when scripts/qemu10.sh has unpacked it. The first is the primary: it runs every
 * seeded sequence; the others run a share of them to stay within CI's time.
 */
export const qemus: QemuBinary[] = findQemus();
export const hasQemu = qemus.length > 0;
export const skipReason = 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86); conformance against real QEMU skipped';

/** A label for test names: the release and, for the non-primary ones, where it runs from. */
export const qemuLabel = (q: QemuBinary, i: number) => (i === 0 ? `QEMU ${q.version}` : `QEMU ${q.version} (${q.path})`);

if (!hasQemu) {
  if (process.env.CI) throw new Error(`CI run without QEMU: ${skipReason}`);
  console.warn(`[conformance] SKIPPED: ${skipReason}`);
} else if (!qemus.some((q) => q.version.startsWith('10.'))) {
  console.warn(`[conformance] QEMU 10.0 not found at ${QEMU10_WRAPPER}: run scripts/qemu10.sh to compare with it too`);
}
