/** Why an output path was refused; each reason has its own sentence in the message. */
export type RefusalReason = 'evidence' | 'inside-evidence' | 'exists' | 'symlink' | 'special';

/** An output the tool will not write, with the reason: evidence is never overwritten or written into. */
export class OutputRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutputRefused';
  }
}

/** An input's bytes changed between the moment it was opened and the moment its provenance was written. */
export class InputChanged extends Error {
  constructor(
    readonly path: string,
    readonly expected: { size: number; sha256: string },
    readonly actual: { size: number; sha256: string } | undefined,
  ) {
    super(
      actual
        ? `${path} changed while it was open (sha256 ${expected.sha256.slice(0, 16)}…, ${expected.size} bytes when opened; now ${actual.sha256.slice(0, 16)}…, ${actual.size} bytes): the outputs may not describe it`
        : `${path} can no longer be read: its provenance cannot be confirmed`,
    );
    this.name = 'InputChanged';
  }
}
