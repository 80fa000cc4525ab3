/** String tables shared by the field tree, the JSON and the kernel-style text. */
export const SEVERITY: Readonly<Record<number, string>> = { 0: 'recoverable', 1: 'fatal', 2: 'corrected', 3: 'info' };

/** libcper's severity names (CPER-JSON `severity.name`). */
export const LIBCPER_SEVERITY: Readonly<Record<number, string>> = { 0: 'Recoverable', 1: 'Fatal', 2: 'Corrected', 3: 'Informational' };

export function severityName(v: number | undefined): string {
  return v === undefined ? 'absent' : (SEVERITY[v] ?? 'unknown');
}

export const HEADER_VALID: Readonly<Record<number, string>> = { 0: 'platformIdValid', 1: 'timestampValid', 2: 'partitionIdValid' };

export const HEADER_FLAGS: Readonly<Record<number, string>> = {
  0: 'recovered',
  1: 'previousError',
  2: 'simulated',
  3: 'deviceDriver',
  4: 'criticalEvent',
  5: 'persistPfn',
  6: 'sectionsTruncated',
  7: 'recoveryInProgress',
  8: 'throttle',
};

/** libcper's names of whole header flag values (CPER-JSON `flags.name`). */
export const LIBCPER_HEADER_FLAGS: Readonly<Record<number, string>> = {
  1: 'HW_ERROR_FLAGS_RECOVERED',
  2: 'HW_ERROR_FLAGS_PREVERR',
  4: 'HW_ERROR_FLAGS_SIMULATED',
};

export const SECTION_VALID: Readonly<Record<number, string>> = { 0: 'fruIdValid', 1: 'fruTextValid' };

export const SECTION_FLAGS: Readonly<Record<number, string>> = {
  0: 'primary',
  1: 'containmentWarning',
  2: 'reset',
  3: 'errorThresholdExceeded',
  4: 'resourceNotAccessible',
  5: 'latentError',
  6: 'propagated',
  7: 'overflow',
};
