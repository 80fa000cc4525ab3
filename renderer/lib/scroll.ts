/**
 * Chromium caps an element's height near 33.5 million px, so a 1 GiB file (67 M rows of 16
 * bytes) cannot have one spacer row-for-row. The hex pane keeps a spacer of at most
 * MAX_SPACER px and maps its scroll position to a row linearly; wheel and keys move by whole
 * rows and set the scroll position back through the same mapping.
 */
export const MAX_SPACER = 4_000_000;

export interface ScrollGeometry {
  totalRows: number;
  rowHeight: number;
  viewportHeight: number;
}

export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(g.totalRows * g.rowHeight, MAX_SPACER);
}

/** Last row index that may be at the top (so the final rows fill the viewport). */
export function maxTopRow(g: ScrollGeometry): number {
  return Math.max(0, g.totalRows - Math.floor(g.viewportHeight / g.rowHeight));
}

export function rowForScroll(scrollTop: number, g: ScrollGeometry): number {
  const range = spacerHeight(g) - g.viewportHeight;
  if (range <= 0) return 0;
  const frac = Math.min(1, Math.max(0, scrollTop / range));
  return Math.round(frac * maxTopRow(g));
}

export function scrollForRow(row: number, g: ScrollGeometry): number {
  const max = maxTopRow(g);
  if (max === 0) return 0;
  return (Math.min(Math.max(0, row), max) / max) * Math.max(0, spacerHeight(g) - g.viewportHeight);
}
