export type Level = 'error' | 'warning' | 'info';

/** A problem found in the bytes. `offset` is absolute in the decoded source. */
export interface Diagnostic {
  level: Level;
  code: string;
  message: string;
  offset?: number;
  length?: number;
}

export function diag(level: Level, code: string, message: string, offset?: number, length?: number): Diagnostic {
  const d: Diagnostic = { level, code, message };
  if (offset !== undefined) d.offset = offset;
  if (length !== undefined) d.length = length;
  return d;
}
