/**
 * warmViewports (app/hooks/useViewFrame.ts): the windows whose frames are laid out and painted off
 * screen after a file's first frame, so that V8 has compiled the frame's code before a wheel
 * gesture. Each must be a window a gesture from the shown one reaches: inside the domain, a zoom
 * into the strip warmed (the shown window's first WARM_WIDTH_PX pixels) that still shows part of
 * it, and together from about half the strip down to the depth of 60 wheel notches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../../src/address';
import { clampViewport, viewportEnd, type Domain, type Viewport } from '../../../src/layout/viewport';
import { WARM_FRAMES, WARM_WIDTH_PX, warmViewports } from '../../../app/hooks/useViewFrame';

const TWO_64 = U64_MAX + 1n;
const WHOLE: Domain = { startU: 0n, endU: TWO_64, minSpanU: 256n };

const arbViewport: fc.Arbitrary<Viewport> = fc
  .record({ start: fc.bigInt({ min: 0n, max: U64_MAX }), span: fc.bigInt({ min: 256n, max: TWO_64 }) })
  .map(({ start, span }) => clampViewport({ startU: start, spanU: span }, WHOLE));

describe('warmViewports', () => {
  it('zooms into the strip it warms, inside the domain, each window showing part of the strip', () => {
    fc.assert(
      fc.property(arbViewport, fc.integer({ min: 1, max: 4000 }), (v, widthPx) => {
        const w = Math.min(widthPx, WARM_WIDTH_PX);
        const stripSpan = (v.spanU * BigInt(w)) / BigInt(widthPx);
        const stripEnd = v.startU + stripSpan;
        const windows = warmViewports(v, WHOLE, widthPx);
        expect(windows).toHaveLength(WARM_FRAMES);
        for (const x of windows) {
          expect(clampViewport(x, WHOLE)).toEqual(x);
          expect(x.spanU <= (stripSpan > WHOLE.minSpanU ? stripSpan : WHOLE.minSpanU)).toBe(true);
          expect(x.startU < (stripEnd > v.startU ? stripEnd : v.startU + 1n) && viewportEnd(x) > v.startU).toBe(true);
        }
      }),
    );
  });

  it('reaches from half the strip down to 60 wheel notches deep (2^-14.4) where the domain allows', () => {
    const v: Viewport = { startU: 0x7f00_0000_0000n, spanU: 1n << 50n };
    const stripSpan = (v.spanU * BigInt(WARM_WIDTH_PX)) / 1250n;
    const spans = warmViewports(v, WHOLE, 1250).map((x) => Number(x.spanU) / Number(stripSpan));
    expect(Math.max(...spans)).toBeCloseTo(0.5, 6);
    expect(Math.min(...spans)).toBeLessThanOrEqual(2 ** -14.4);
  });
});
