/**
 * Where a scrolled list of fixed-height rows is when the rows are taller than a browser lays out.
 * Chromium clamps a box's height at 33,554,428 px (LayoutUnit: an int32 of 1/64 px): at 24 px a
 * row, rows past ~1.4 million could not be scrolled to. Up to MAX_SCROLL_PX of rows the scroll
 * content is the rows' own height and scrollTop is their offset; beyond it the content is
 * MAX_SCROLL_PX tall and scrollTop maps proportionally onto the rows' offset (the scrollbar's thumb
 * stays where the rows are, its top shows the first row, its bottom the last), and the rows in
 * view are laid out around the scroll position at their own height.
 */

/**
 * The tallest scroll content given: under Chromium's and Firefox's (~17.9 million px) limits, and
 * under 2^24 px, where the compositor's float32 still holds every whole pixel. Seen at 32,000,000
 * px: the selected row, 31,999,976 px down, painted with its text's lower half cut off. Up to
 * 666,666 rows of 24 px nothing is scaled.
 */
export const MAX_SCROLL_PX = 16_000_000;

export interface RowScroll {
  /** The rows' height: rows × rowPx. */
  rowsPx: number;
  /** The scroll content's height: rowsPx up to the limit. */
  contentPx: number;
  /** The height the rows are seen through (the scroller's height less a sticky header). */
  viewPx: number;
  /** Whether scrollTop maps onto the rows (rowsPx over the limit) rather than being their offset. */
  scaled: boolean;
}

/** Whether `rows` rows of `rowPx` are taller than the scroll content may be. */
export function isScaled(rows: number, rowPx: number, maxPx = MAX_SCROLL_PX): boolean {
  return rows * rowPx > maxPx;
}

export function rowScroll(rows: number, rowPx: number, viewPx: number, maxPx = MAX_SCROLL_PX): RowScroll {
  const rowsPx = rows * rowPx;
  const scaled = isScaled(rows, rowPx, maxPx);
  return { rowsPx, contentPx: scaled ? maxPx : rowsPx, viewPx: Math.max(0, viewPx), scaled };
}

/**
 * The rows' offset (px) seen at the view's top when the content is scrolled to `scrollTop`; scaled,
 * in whole pixels (rows laid out on whole pixels; rounding keeps whole a row that scrollTopShowing
 * brought into view, its edges being whole pixels).
 */
export function offsetAt(m: RowScroll, scrollTop: number): number {
  if (!m.scaled) return scrollTop;
  const scrollRange = m.contentPx - m.viewPx;
  if (scrollRange <= 0) return 0;
  const top = Math.min(Math.max(0, scrollTop), scrollRange);
  return Math.round((top * (m.rowsPx - m.viewPx)) / scrollRange);
}

/** The scrollTop at which the rows' offset `offset` is seen at the view's top (not rounded). */
function scrollTopFor(m: RowScroll, offset: number): number {
  if (!m.scaled) return offset;
  const rowsRange = m.rowsPx - m.viewPx;
  return rowsRange <= 0 ? 0 : (offset * (m.contentPx - m.viewPx)) / rowsRange;
}

/**
 * The scrollTop that brings row `row` into the view from `scrollTop`, moving as little as it
 * takes: `scrollTop` itself when the row is seen whole. Whole pixels, rounded toward the row, so
 * that a scaled row lands inside the view (at most rowsPx / contentPx px from its edge).
 */
export function scrollTopShowing(m: RowScroll, scrollTop: number, row: number, rowPx: number): number {
  const top = row * rowPx;
  const offset = offsetAt(m, scrollTop);
  if (top < offset) return Math.floor(scrollTopFor(m, top));
  if (top + rowPx > offset + m.viewPx) return Math.min(Math.ceil(scrollTopFor(m, top + rowPx - m.viewPx)), Math.max(0, m.contentPx - m.viewPx));
  return scrollTop;
}
