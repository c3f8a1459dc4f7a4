/**
 * Writable-and-executable stripes (app/paint/paint-map.ts, paintWxStripes): a region that is W+X
 * is striped over the band's whole height; a merged pixel column holding one among other regions
 * only over its top third, so the column's kind colour still shows; nothing else is striped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ITEM_MERGED, ITEM_WX, createFrameItems } from '../../../src/internal';
import { paintWxStripes } from '../../../app/paint/paint-map';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function paint(flags: number[], widths: number[], bandTop: number, bandHeight: number) {
  const items = createFrameItems(flags.length + 1);
  const rectX0 = new Float64Array(flags.length);
  const rectX1 = new Float64Array(flags.length);
  let x = 0;
  flags.forEach((f, i) => {
    items.x0[i] = rectX0[i] = x;
    x += widths[i];
    items.x1[i] = rectX1[i] = x;
    items.flags[i] = f;
  });
  items.count = flags.length;
  const rects: Rect[] = [];
  const ctx = { fillStyle: '' as unknown, fillRect: (rx: number, ry: number, w: number, h: number) => void rects.push({ x: rx, y: ry, w, h }) };
  paintWxStripes(ctx as never, 'stripes', items, rectX0, rectX1, bandTop, bandHeight);
  return { rects, rectX0, rectX1 };
}

/** The rectangles covering the middle of item i, and their heights. */
function coverOf(rects: Rect[], x0: number, x1: number): number[] {
  const mid = (x0 + x1) / 2;
  return rects.filter((r) => r.x <= mid && mid < r.x + r.w).map((r) => r.h);
}

describe('writable-and-executable stripes', () => {
  it('stripes a W+X region fully, a merged column holding one over its top third, and nothing else', () => {
    const flags = [0, ITEM_WX, ITEM_WX | ITEM_MERGED, ITEM_MERGED, ITEM_WX, ITEM_WX];
    const { rects, rectX0, rectX1 } = paint(flags, [10, 10, 1, 1, 5, 5], 20, 60);
    expect(coverOf(rects, rectX0[0], rectX1[0])).toEqual([]);
    expect(coverOf(rects, rectX0[1], rectX1[1])).toEqual([60]);
    expect(coverOf(rects, rectX0[2], rectX1[2])).toEqual([20]);
    expect(coverOf(rects, rectX0[3], rectX1[3])).toEqual([]);
    // Adjacent W+X regions: one rectangle.
    expect(rects.filter((r) => r.x === rectX0[4])).toEqual([{ x: rectX0[4], y: 20, w: 10, h: 60 }]);
  });

  it('covers each item exactly as its flags say (property)', () => {
    const flag = fc.constantFrom(0, ITEM_WX, ITEM_MERGED, ITEM_WX | ITEM_MERGED);
    fc.assert(
      fc.property(fc.array(fc.tuple(flag, fc.integer({ min: 1, max: 8 })), { maxLength: 60 }), fc.integer({ min: 4, max: 200 }), (spec, bandHeight) => {
        const { rects, rectX0, rectX1 } = paint(spec.map(([f]) => f), spec.map(([, w]) => w), 3, bandHeight);
        const strip = Math.min(bandHeight, Math.max(4, Math.round(bandHeight / 3)));
        spec.forEach(([f], i) => {
          const cover = coverOf(rects, rectX0[i], rectX1[i]);
          if (!(f & ITEM_WX)) expect(cover).toEqual([]);
          else expect(cover).toEqual([f & ITEM_MERGED ? strip : bandHeight]);
        });
        for (const r of rects) expect(r.y).toBe(3);
      }),
    );
  });
});
