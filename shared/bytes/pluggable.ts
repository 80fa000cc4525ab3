/**
 * A function a host may replace (Node plugs its native zlib where the pure-JS default runs in
 * the browser): one setter for every such seam, each returning what it replaced so a caller
 * can put it back.
 */
export interface Pluggable<F> {
  /** The function in use. */
  current: F;
  /** Plugs `next` (undefined: the default again); returns the one it replaced. */
  use(next: F | undefined): F;
  /** Is the default in use? */
  isDefault(): boolean;
}

export function pluggable<F>(fallback: F): Pluggable<F> {
  const p: Pluggable<F> = {
    current: fallback,
    use(next) {
      const prev = p.current;
      p.current = next ?? fallback;
      return prev;
    },
    isDefault: () => p.current === fallback,
  };
  return p;
}
