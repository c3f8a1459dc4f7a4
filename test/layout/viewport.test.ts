import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import {
  applyTransform,
  clampViewport,
  fitRange,
  fullViewport,
  panByPx,
  pxOfU,
  uOfPx,
  zoomAt,
  type Domain,
  type Viewport,
} from '../../src/layout/viewport';

const TWO_64 = U64_MAX + 1n;
const WHOLE: Domain = { startU: 0n, endU: TWO_64, minSpanU: 256n };
const VSYSCALL = 0xffff_ffff_ff60_0000n;
const WIDTH = 1200;

const arbViewport: fc.Arbitrary<Viewport> = fc
  .record({ start: fc.bigInt({ min: 0n, max: U64_MAX }), span: fc.bigInt({ min: 256n, max: TWO_64 }) })
  .map(({ start, span }) => clampViewport({ startU: start, spanU: span }, WHOLE));

describe('viewport', () => {
  it('clamps span and origin into the domain', () => {
    const cases: [Viewport, Viewport][] = [
      [{ startU: 0n, spanU: 1n }, { startU: 0n, spanU: 256n }],
      [{ startU: -5n, spanU: 1000n }, { startU: 0n, spanU: 1000n }],
      [{ startU: U64_MAX, spanU: 4096n }, { startU: TWO_64 - 4096n, spanU: 4096n }],
      [{ startU: 7n, spanU: TWO_64 * 2n }, { startU: 0n, spanU: TWO_64 }],
    ];
    for (const [input, expected] of cases) expect(clampViewport(input, WHOLE)).toEqual(expected);
  });

  it('pixel -> unit -> pixel stays within one pixel at any zoom (property)', () => {
    fc.assert(
      fc.property(arbViewport, fc.double({ min: 0, max: WIDTH, noNaN: true }), (v, x) => {
        const back = pxOfU(v, WIDTH, uOfPx(v, WIDTH, x));
        // Units are whole: when one is wider than a pixel (a 256-byte window), allow half of it.
        const halfUnitPx = WIDTH / Number(v.spanU) / 2;
        expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.max(1, halfUnitPx + 1e-9));
      }),
    );
  });

  it('unit -> pixel -> unit stays within one pixel worth of units (property)', () => {
    fc.assert(
      fc.property(arbViewport, fc.double({ min: 0, max: 1, noNaN: true }), (v, f) => {
        const u = v.startU + BigInt(Math.floor(Number(v.spanU) * f));
        const back = uOfPx(v, WIDTH, pxOfU(v, WIDTH, u));
        const diff = back > u ? back - u : u - back;
        expect(Number(diff)).toBeLessThanOrEqual(Number(v.spanU) / WIDTH + 1);
      }),
    );
  });

  it('zooming keeps the unit under the cursor under the cursor (property)', () => {
    fc.assert(
      fc.property(arbViewport, fc.double({ min: 0, max: WIDTH, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), (v, x, factor) => {
        const anchor = uOfPx(v, WIDTH, x);
        const z = zoomAt(v, WHOLE, WIDTH, x, factor);
        expect(z.spanU).toBeGreaterThanOrEqual(256n);
        expect(z.startU).toBeGreaterThanOrEqual(0n);
        expect(z.startU + z.spanU).toBeLessThanOrEqual(TWO_64);
        // Unless an edge of the domain stopped it, the anchor did not move.
        const atEdge = z.startU === 0n || z.startU + z.spanU === TWO_64;
        // (Two roundings to whole units: when units are wider than pixels, allow one unit.)
        const unitPx = WIDTH / Number(z.spanU);
        if (!atEdge) expect(Math.abs(pxOfU(z, WIDTH, anchor) - x)).toBeLessThanOrEqual(Math.max(1, unitPx) + 1e-9);
      }),
    );
  });

  it('zooms from the whole 64-bit space down to the [vsyscall] page without losing it', () => {
    let v = fullViewport(WHOLE);
    const steps: number[] = [];
    for (let i = 0; i < 200 && v.spanU > 4096n; i++) {
      // Zoom in around wherever the vsyscall page currently is, like a user following it.
      const x = pxOfU(v, WIDTH, VSYSCALL + 2048n);
      v = zoomAt(v, WHOLE, WIDTH, x, 0.7);
      steps.push(i);
      expect(v.startU).toBeLessThanOrEqual(VSYSCALL);
      expect(v.startU + v.spanU).toBeGreaterThan(VSYSCALL);
    }
    expect(v.spanU).toBeLessThanOrEqual(4096n);
    expect(steps.length).toBeGreaterThan(100); // 2^64 / 4096 = 2^52: about 101 steps of 0.7
    // One page now fills the view: its pixel width is exactly what the span says.
    const x0 = pxOfU(v, WIDTH, VSYSCALL);
    const x1 = pxOfU(v, WIDTH, VSYSCALL + 4096n);
    expect(x1 - x0).toBeCloseTo((4096 * WIDTH) / Number(v.spanU), 6);
    // As doubles, VSYSCALL and VSYSCALL + 1 are the same number; as pixels they are one byte apart.
    expect(pxOfU(v, WIDTH, VSYSCALL + 1n) - x0).toBeCloseTo(WIDTH / Number(v.spanU), 9);
  });

  it('fits a range with margins, and an empty range at the smallest span', () => {
    const v = fitRange(WHOLE, 1000n, 2000n, 0.1);
    expect(v).toEqual({ startU: 900n, spanU: 1200n });
    const e = fitRange(WHOLE, VSYSCALL, VSYSCALL, 0);
    expect(e.spanU).toBe(256n);
    expect(e.startU).toBe(VSYSCALL - 128n);
    expect(fitRange(WHOLE, TWO_64 - 10n, TWO_64, 0.5)).toEqual({ startU: TWO_64 - 256n, spanU: 256n });
  });

  it('pans by pixels and stops at the domain edges', () => {
    const v: Viewport = { startU: 1n << 40n, spanU: 1n << 30n };
    const right = panByPx(v, WHOLE, 1024, -512); // content moves left: later units come into view
    expect(right.startU).toBe((1n << 40n) + (1n << 29n));
    expect(panByPx(v, WHOLE, 1024, 1e12).startU).toBe(0n);
    expect(panByPx({ startU: TWO_64 - 4096n, spanU: 4096n }, WHOLE, 1024, -100).startU).toBe(TWO_64 - 4096n);
  });

  it('applies a d3-zoom transform relative to a base viewport like zoomAt does', () => {
    fc.assert(
      fc.property(arbViewport, fc.double({ min: 0, max: WIDTH, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (base, x, k) => {
        // d3-zoom's wheel: scale by k around pointer x, i.e. translate x - k * x.
        const t = applyTransform(base, WHOLE, WIDTH, k, x - k * x);
        const z = zoomAt(base, WHOLE, WIDTH, x, 1 / k);
        const clamped = t.startU === 0n || t.startU + t.spanU === TWO_64 || t.spanU === 256n;
        if (!clamped) {
          const diff = t.startU > z.startU ? t.startU - z.startU : z.startU - t.startU;
          expect(Number(diff)).toBeLessThanOrEqual(Number(base.spanU) / WIDTH + 1); // a pixel, or a unit
        }
      }),
    );
  });
});
