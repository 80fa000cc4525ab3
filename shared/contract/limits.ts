/** Bounds the dispatcher enforces on every transport; the renderer reads them via app.info. */
export const LIMITS = {
  /** Largest byte range one bytes.read / export.read call returns. */
  maxRead: 1024 * 1024,
  /** Largest file the renderer may hand over as bytes (browser drop / file picker in serve mode). */
  maxUpload: 64 * 1024 * 1024,
  /** Opened files kept at once; the oldest beyond this are closed. */
  maxOpenFiles: 16,
  /** Recent-file entries remembered. */
  maxRecent: 10,
} as const;

/** base64 length of `maxUpload` bytes: what a files.upload argument may be at most. */
export const MAX_UPLOAD_BASE64 = Math.ceil(LIMITS.maxUpload / 3) * 4;
