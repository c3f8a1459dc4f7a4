/** The region table's scroll mapping (app/components/row-scroll.ts) at any row count, against what a scrolled list must do. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, isScaled, offsetAt, rowScroll, scrollTopShowing } from '../../../app/components/row-scroll';

const ROW_PX = 24;
/** The tallest box Chromium lays out (measured: a 100,663,296 px div is 33,554,428 px tall). */
const CHROMIUM_MAX_PX = 33_554_428;
/** Up to 4,194,304 rows and past, around the limit (666,666 rows of 24 px), and small. */
const arbRows = fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 666_000, max: 667_400 }), fc.constantFrom(0, 1, 2, 4_194_304, 666_666, 666_667));
/** A view of at least a row and the most a scaled scrolled pixel moves the rows by (5,000,000 × 24 / 16,000,000 = 7.5 px). */
const arbViewPx = fc.integer({ min: ROW_PX + 8, max: 4000 });

/** What the table did before: rows at their own offsets, scrolled into view by as little as it takes. */
function unscaledShowing(scrollTop: number, row: number, viewPx: number): number {
  const top = row * ROW_PX;
  if (top < scrollTop) return top;
  if (top + ROW_PX > scrollTop + viewPx) return top + ROW_PX - viewPx;
  return scrollTop;
}

describe('row scroll mapping', () => {
  it('is the identity up to the limit: the content is the rows, scrollTop their offset, scrolling into view as before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.floor(MAX_SCROLL_PX / ROW_PX) }), arbViewPx, fc.nat(), fc.nat(), (rows, viewPx, s, r) => {
        const m = rowScroll(rows, ROW_PX, viewPx);
        expect(m.scaled).toBe(false);
        expect(m.contentPx).toBe(rows * ROW_PX);
        const scrollTop = s % (rows * ROW_PX + 1);
        expect(offsetAt(m, scrollTop)).toBe(scrollTop);
        if (rows > 0) expect(scrollTopShowing(m, scrollTop, r % rows, ROW_PX)).toBe(unscaledShowing(scrollTop, r % rows, viewPx));
      }),
    );
    // Nothing changes up to 666,666 rows; beyond, the content stays within float32's whole pixels (2^24).
    expect(isScaled(666_666, ROW_PX)).toBe(false);
    expect(isScaled(666_667, ROW_PX)).toBe(true);
  });

  it('keeps the content within what browsers lay out', () => {
    fc.assert(
      fc.property(arbRows, arbViewPx, (rows, viewPx) => {
        const m = rowScroll(rows, ROW_PX, viewPx);
        expect(m.contentPx).toBeLessThanOrEqual(Math.min(MAX_SCROLL_PX, rows * ROW_PX));
        expect(m.contentPx).toBeLessThan(Math.min(CHROMIUM_MAX_PX, 2 ** 24));
      }),
    );
  });

  it('is monotonic, and reaches the first row at the top and the last row at the bottom', () => {
    fc.assert(
      fc.property(arbRows, arbViewPx, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, viewPx, a, b) => {
        const m = rowScroll(rows, ROW_PX, viewPx);
        const maxScroll = Math.max(0, m.contentPx - viewPx);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(offsetAt(m, lo * maxScroll)).toBeLessThanOrEqual(offsetAt(m, hi * maxScroll));
        expect(offsetAt(m, 0)).toBe(0);
        expect(Number.isInteger(offsetAt(m, lo * maxScroll)) || !m.scaled).toBe(true);
        // At the bottom, the last row ends at the view's bottom (or the rows fit in the view).
        expect(offsetAt(m, maxScroll)).toBe(Math.max(0, rows * ROW_PX - viewPx));
      }),
    );
  });

  it('scrolls any row, the last of 4,194,304 included, whole into view, at a scroll position proportional to the row', () => {
    fc.assert(
      fc.property(arbRows.filter((n) => n > 0), arbViewPx, fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (rows, viewPx, from, r) => {
        const m = rowScroll(rows, ROW_PX, viewPx);
        const maxScroll = Math.max(0, m.contentPx - viewPx);
        const row = r % 3 === 0 ? rows - 1 : r % rows;
        const start = Math.round(from * maxScroll);
        const to = scrollTopShowing(m, start, row, ROW_PX);
        expect(Number.isInteger(to)).toBe(true);
        expect(to).toBeGreaterThanOrEqual(0);
        expect(to).toBeLessThanOrEqual(maxScroll);
        const offset = offsetAt(m, to);
        expect(row * ROW_PX).toBeGreaterThanOrEqual(offset);
        expect((row + 1) * ROW_PX).toBeLessThanOrEqual(offset + viewPx);
        // The scrollbar: its position within the scroll range is the row's within the rows, to a view.
        if (maxScroll > 0) expect(Math.abs(to / maxScroll - (row * ROW_PX) / (rows * ROW_PX - viewPx))).toBeLessThanOrEqual((viewPx + ROW_PX) / (rows * ROW_PX - viewPx) + 1 / maxScroll);
      }),
    );
  });
});
