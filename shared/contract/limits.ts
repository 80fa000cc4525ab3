/** Bounds the dispatcher enforces on every transport; the renderer reads them via app.info. */
export const LIMITS = {
  /** Largest byte range one bytes.read / export.read call returns. */
  maxRead: 1024 * 1024,
  /** Largest file the renderer may hand over as bytes (browser drop / file picker in serve mode). */
  maxUpload: 64 * 1024 * 1024,
  /** Opened files kept at once; opening one more is refused (never a silent close). */
  maxOpenFiles: 16,
  /** Inputs that are not evidence (traces, journals) held at once; the oldest is dropped. */
  maxInputs: 32,
  /** Largest serialized reply of any call: over it the caller gets a 'too-large' error. */
  maxReply: 8 * 1024 * 1024,
  /** Rows per records.window / dumps per dmesg.list / lines per dmesg.lines / hits per dmesg.search. */
  maxRows: 1000,
  maxLines: 5000,
  maxHits: 1000,
  /** Hits counted per search before it stops counting. */
  maxSearchHits: 100_000,
  /** Diagnostics carried by store.inspect (the rest are counted). */
  maxSummaryDiagnostics: 1000,
  /** Recent-file entries remembered. */
  maxRecent: 10,
} as const;

/**
 * Rows of the records table asked per records.window: about a table's height, so the first
 * rows of a file come after a few slots are decoded. Serve mode asks for the first such window
 * when it serves the page, so those rows are decoded while the page loads.
 */
export const RECORDS_PAGE = 50;

/** base64 length of `maxUpload` bytes: what a files.upload argument may be at most. */
export const MAX_UPLOAD_BASE64 = Math.ceil(LIMITS.maxUpload / 3) * 4;
