import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelGeometry, placeLabels, type LabelPlacement, type LabelRequest, type PlacementOptions } from '../../src/layout/label-placement';

const arbOptions = fc.record({
  widthPx: fc.integer({ min: 40, max: 2000 }),
  rows: fc.integer({ min: 1, max: 4 }),
  gapPx: fc.integer({ min: 0, max: 12 }),
  leaderPadPx: fc.integer({ min: 0, max: 3 }),
});
const arbRequest = (maxWidth: number) =>
  fc
    .record({ anchorPx: fc.double({ min: -50, max: maxWidth + 50, noNaN: true }), widthPx: fc.double({ min: 1, max: 300, noNaN: true }), half: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }) })
    .map(({ anchorPx, widthPx, half }): LabelRequest => (half === undefined ? { anchorPx, widthPx } : { anchorPx, widthPx, spanPx: [anchorPx - half, anchorPx + half] }));
const arbRequests = (maxWidth: number) => fc.array(arbRequest(maxWidth), { maxLength: 30 });
const arbCase = arbOptions.chain((options) => fc.tuple(fc.constant(options), arbRequests(options.widthPx)));

interface Box {
  x0: number;
  x1: number;
  row: number;
  anchor: number;
}

function boxes(requests: LabelRequest[], placed: (LabelPlacement | null)[], o: PlacementOptions): (Box | null)[] {
  return placed.map((p, i) => {
    if (p === null) return null;
    const { anchors, width } = labelGeometry(requests[i], o.widthPx);
    // The leader is at one of the label's anchors.
    expect(anchors).toContain(p.anchorPx);
    return { x0: p.x0Px, x1: p.x0Px + width, row: p.row, anchor: p.anchorPx };
  });
}

/** True when a label of `width` at x0 in `row` would break no rule against the labels placed before it (`others`): a brute-force check. */
function fits(x0: number, width: number, row: number, anchor: number, others: Box[], o: PlacementOptions): boolean {
  if (x0 < 0 || x0 + width > Math.floor(o.widthPx) || anchor < x0 || anchor > x0 + width) return false;
  for (const b of others) {
    if (b.row === row && x0 < b.x1 + o.gapPx && x0 + width > b.x0 - o.gapPx) return false;
    // Its label over another's leader, or its leader through another's label.
    if (b.row > row && x0 < b.anchor + o.leaderPadPx && x0 + width > b.anchor - o.leaderPadPx) return false;
    if (b.row < row && anchor + o.leaderPadPx > b.x0 && anchor - o.leaderPadPx < b.x1) return false;
  }
  return true;
}

describe('placeLabels', () => {
  it('never overlaps two labels, keeps each inside the canvas over its anchor, and no leader crosses a label', () => {
    fc.assert(
      fc.property(arbCase, ([o, requests]) => {
        const placed = boxes(requests, placeLabels(requests, o), o);
        const shown = placed.filter((b): b is Box => b !== null);
        for (const b of shown) {
          expect(b.x0).toBeGreaterThanOrEqual(0);
          expect(b.x1).toBeLessThanOrEqual(o.widthPx);
          expect(b.row).toBeGreaterThanOrEqual(0);
          expect(b.row).toBeLessThan(o.rows);
          expect(b.anchor).toBeGreaterThanOrEqual(b.x0);
          expect(b.anchor).toBeLessThanOrEqual(b.x1);
        }
        for (const a of shown)
          for (const b of shown) {
            if (a === b) continue;
            if (a.row === b.row) expect(a.x1 + o.gapPx <= b.x0 || b.x1 + o.gapPx <= a.x0, `labels ${JSON.stringify([a, b])}`).toBe(true);
            // b's leader runs from its row down through the rows below it.
            if (a.row < b.row) expect(a.x1 <= b.anchor - o.leaderPadPx || a.x0 >= b.anchor + o.leaderPadPx, `leader ${JSON.stringify([a, b])}`).toBe(true);
          }
      }),
      { numRuns: 400 },
    );
  });

  it('drops a label only when no row has room for it, so the most important label is never dropped when it fits the canvas', () => {
    fc.assert(
      fc.property(arbCase, ([o, requests]) => {
        const placed = boxes(requests, placeLabels(requests, o), o);
        placed.forEach((box, i) => {
          const { anchors, width } = labelGeometry(requests[i], o.widthPx);
          if (i === 0) expect(box !== null, 'the first label').toBe(width <= Math.floor(o.widthPx));
          if (box !== null || width > Math.floor(o.widthPx)) return;
          const before = placed.slice(0, i).filter((b): b is Box => b !== null);
          for (const anchor of anchors)
            for (let row = 0; row < o.rows; row++)
              for (let x0 = anchor - width; x0 <= anchor; x0++) expect(fits(x0, width, row, anchor, before, o), `label ${i} at ${x0} in row ${row}`).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('places labels that do not collide where they are centred, in the lowest row', () => {
    const o = { widthPx: 1000, rows: 2, gapPx: 8, leaderPadPx: 2 };
    expect(placeLabels([{ anchorPx: 100, widthPx: 60 }, { anchorPx: 500, widthPx: 40 }], o)).toEqual([
      { x0Px: 70, row: 0, anchorPx: 100 },
      { x0Px: 480, row: 0, anchorPx: 500 },
    ]);
    // At the canvas's edge a label is pushed inside, still over its anchor.
    expect(placeLabels([{ anchorPx: 998, widthPx: 60 }], o)).toEqual([{ x0Px: 940, row: 0, anchorPx: 998 }]);
    // One row, the binary's label flush at the left edge: the heap beside it has no room over its
    // middle, but its leader can start near its right end.
    const one = { ...o, rows: 1 };
    const binaryAndHeap = placeLabels([{ anchorPx: 20, widthPx: 46 }, { anchorPx: 52, widthPx: 40, spanPx: [40, 66] }], one);
    expect(binaryAndHeap[1]).toEqual({ x0Px: 54, row: 0, anchorPx: 63 });
    expect(placeLabels([{ anchorPx: 20, widthPx: 46 }, { anchorPx: 52, widthPx: 40 }], one)[1]).toBeNull();
    // Two labels over one spot: the second goes up a row only if its leader can pass the first.
    const crowded = placeLabels([{ anchorPx: 500, widthPx: 60 }, { anchorPx: 540, widthPx: 60 }, { anchorPx: 520, widthPx: 60 }], o);
    expect(crowded[0]?.row).toBe(0);
    expect(crowded.filter((p) => p !== null).length).toBeGreaterThanOrEqual(2);
    // No room at all: a label wider than the canvas is dropped.
    expect(placeLabels([{ anchorPx: 10, widthPx: 2000 }], o)).toEqual([null]);
  });
});
