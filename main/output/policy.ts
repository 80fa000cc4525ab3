/** Every input path the command/session opened (evidence) and whether existing outputs may be replaced. */
export interface OutputPolicy {
  /** Every input path the command/session opened (evidence): never written, never written into. */
  evidence: readonly string[];
  /** Replace outputs that already exist (CLI --force; the app asks the user first). */
  force?: boolean;
}
