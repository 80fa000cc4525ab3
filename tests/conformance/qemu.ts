import { findQemu } from '../../main/qtest/machine';

/** Where QEMU is absent the conformance suite is skipped outside CI, and fails in CI (where .ci/run installs it). */
export const qemuPath = findQemu();
export const hasQemu = qemuPath !== undefined;
export const skipReason = 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86); conformance against real QEMU skipped';

if (!hasQemu) {
  if (process.env.CI) throw new Error(`CI run without QEMU: ${skipReason}`);
  console.warn(`[conformance] SKIPPED: ${skipReason}`);
}
