/**
 * One access to the device: a register write or read at a BAR0 offset, an exchange-buffer
 * write or read, or a reset. The format of `erst-viewer emulate`, of the conformance driver
 * (which feeds the same list to QEMU over qtest), of session journals and of the console.
 */
export type Access =
  | { op: 'write'; offset: number; size: 1 | 2 | 4 | 8; value: string }
  | { op: 'read'; offset: number; size: 1 | 2 | 4 | 8 }
  | { op: 'buf-write'; offset: number; hex: string }
  | { op: 'buf-read'; offset: number; length: number }
  | { op: 'reset' };
