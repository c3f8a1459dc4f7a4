import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { frameOrigin, type AddressScale } from '../../src/layout/address-scale';
import { GAP_WEIGHT, createCompressedScale, regionWeight } from '../../src/layout/compressed-scale';
import { createLinearScale } from '../../src/layout/linear-scale';
import { beginAt, endAt } from '../../src/layout/sorted-regions';
import { fitRange, fullViewport, pxOfU, uOfPx, zoomAt, type Viewport } from '../../src/layout/viewport';
import { PERM_READ, PERM_WRITE } from '../../src/model/permissions';
import { arbAddress, arbRegion, tableOf, type RegionSpec } from '../query/table-fixtures';
import { realMapsFiles, scalesOf, sortedOf, tableOfText } from './layout-fixtures';

const WIDTH = 1200;
const GIB = 1n << 30n;

/** A small process: executable, a 4 KiB guard page, a 1 GiB heap, a library, and [vsyscall]. */
const GUARD_AND_HEAP: RegionSpec[] = [
  { begin: 0x5555_5555_4000n, end: 0x5555_5555_8000n, perms: PERM_READ, pathname: '/usr/bin/cat' },
  { begin: 0x5555_5600_0000n, end: 0x5555_5600_1000n, perms: 0, pathname: null },
  { begin: 0x5555_5600_1000n, end: 0x5555_5600_1000n + GIB, perms: PERM_READ | PERM_WRITE, pathname: '[heap]' },
  { begin: 0x7f2c_1b60_0000n, end: 0x7f2c_1b62_8000n, perms: PERM_READ, pathname: '/usr/lib/libc.so.6' },
  { begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: 4, pathname: '[vsyscall]' },
];

/** Pixel extent of position k at the fit view. */
function extentPx(scale: AddressScale, v: Viewport, k: number): [number, number] {
  const o = frameOrigin(v.startU);
  const upp = Number(v.spanU) / WIDTH;
  return [scale.beginDelta(k, o) / upp, scale.endDelta(k, o) / upp];
}

/** Tables of up to 40 regions anywhere in the 64-bit space, overlapping and unsorted ones too. */
const arbTable = fc.array(arbRegion, { minLength: 1, maxLength: 40 }).map(tableOf);

/** Realistic tables: sorted, non-overlapping, page-aligned, with and without gaps. */
const arbSortedTable = fc
  .array(fc.record({ gapPages: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1 << 20 })), pages: fc.integer({ min: 1, max: 1 << 18 }) }), {
    minLength: 1,
    maxLength: 60,
  })
  .map((parts) => {
    let addr = 0x4000_0000n;
    return tableOf(
      parts.map(({ gapPages, pages }) => {
        addr += BigInt(gapPages) * 4096n;
        const spec = { begin: addr, end: addr + BigInt(pages) * 4096n };
        addr = spec.end;
        return spec;
      }),
    );
  });

describe('compressed scale', () => {
  it('weights a 4 KiB page 1 and a 1 GiB region 19, each doubling +1', () => {
    const table: [number, number][] = [
      [4096, 1],
      [8192, 2],
      [2 * 1024 * 1024, 10],
      [2 ** 30, 19],
      [2 ** 47, 36],
      [2048, 0.5],
      [1, 0.25],
      [0, 0.25],
    ];
    for (const [size, weight] of table) expect(regionWeight(size)).toBe(weight);
  });

  it('shows a 4 KiB guard page and a 1 GiB heap both, the heap wider, every gap the same width', () => {
    const sorted = sortedOf(tableOf(GUARD_AND_HEAP));
    const scale = createCompressedScale(sorted);
    const v = fullViewport(scale.domain);
    const widths = GUARD_AND_HEAP.map((_, k) => extentPx(scale, v, k)).map(([a, b]) => b - a);
    expect(widths[1]).toBeGreaterThanOrEqual(10); // the guard page, at 1200 px for the whole map
    expect(widths[2] / widths[1]).toBeCloseTo(19, 0);
    // Gaps: between 0 and 1, 2 and 3, 3 and 4 (1 and 2 touch).
    const o = frameOrigin(v.startU);
    const upp = Number(v.spanU) / WIDTH;
    const gap = (k: number) => (scale.beginDelta(k + 1, o) - scale.endDelta(k, o)) / upp;
    expect(gap(1)).toBe(0);
    expect(gap(0)).toBeGreaterThan(0);
    expect(gap(2)).toBeCloseTo(gap(0), 6);
    expect(gap(3)).toBeCloseTo(gap(0), 6);
    expect(gap(0) / widths[1]).toBeCloseTo(GAP_WEIGHT, 3);
  });

  it('is monotonic in the address (property, any table)', () => {
    fc.assert(
      fc.property(arbTable, arbAddress, arbAddress, (table, a, b) => {
        const scale = createCompressedScale(sortedOf(table));
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(scale.uOfAddr(lo)).toBeLessThanOrEqual(scale.uOfAddr(hi));
        const u = scale.uOfAddr(hi);
        expect(u).toBeGreaterThanOrEqual(0n);
        expect(u).toBeLessThanOrEqual(scale.domain.endU);
      }),
    );
  });

  it('is invertible: addrOfU(uOfAddr(a)) === a for every address inside a region (property)', () => {
    fc.assert(
      fc.property(arbSortedTable, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (table, pick, f) => {
        const sorted = sortedOf(table);
        const scale = createCompressedScale(sorted);
        const k = pick % sorted.count;
        const b = beginAt(sorted, k);
        const a = b + BigInt(Math.floor(Number(endAt(sorted, k) - b) * f * 0.999999));
        expect(scale.addrOfU(scale.uOfAddr(a))).toBe(a);
        // And region edges land exactly on piece edges.
        expect(scale.uOfAddr(b)).toBe(BigInt(scale.beginDelta(k, frameOrigin(0n))));
      }),
    );
  });

  it('keeps addrOfU monotonic, the least address at or after a unit (property, any table)', () => {
    fc.assert(
      fc.property(arbTable, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (table, f, g) => {
        const scale = createCompressedScale(sortedOf(table));
        const total = Number(scale.domain.endU);
        const [u1, u2] = [BigInt(Math.floor(total * Math.min(f, g))), BigInt(Math.floor(total * Math.max(f, g)))];
        expect(scale.addrOfU(u1)).toBeLessThanOrEqual(scale.addrOfU(u2));
        // addrOfU(u) is the first address whose unit is at or after u.
        const a = scale.addrOfU(u1);
        // (Addresses below the lowest region all clamp to unit 0, so u = 0 has no single answer.)
        if (u1 > 0n && a < U64_MAX && scale.uOfAddr(U64_MAX) >= u1) {
          expect(scale.uOfAddr(a)).toBeGreaterThanOrEqual(u1);
          if (a > 0n) expect(scale.uOfAddr(a - 1n)).toBeLessThan(u1);
        }
      }),
    );
  });
});

describe('both scales', () => {
  it('pixel -> address -> pixel stays within one pixel, at any zoom (property)', () => {
    fc.assert(
      fc.property(
        arbSortedTable,
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: WIDTH, noNaN: true }),
        (table, linear, at, zooms, x) => {
          const sorted = sortedOf(table);
          const scale = linear ? createLinearScale(sorted) : createCompressedScale(sorted);
          let v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
          for (let i = 0; i < zooms; i++) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, 0.6);
          // addr is the first byte at or after the pixel: the pixel lies between the byte before
          // it and it (within a pixel), which is within one pixel whenever a byte is narrower.
          const addr = scale.addrOfU(uOfPx(v, WIDTH, x));
          const atPx = pxOfU(v, WIDTH, scale.uOfAddr(addr));
          const beforePx = addr > 0n ? pxOfU(v, WIDTH, scale.uOfAddr(addr - 1n)) : atPx;
          // (uOfPx rounds to the nearest unit: half a byte more when bytes are wider than pixels.)
          const bytePx = atPx - beforePx;
          const slack = 1 + 1e-9 + Math.max(0, bytePx) / 2;
          expect(x).toBeLessThanOrEqual(atPx + slack);
          expect(x).toBeGreaterThanOrEqual(beforePx - slack);
          if (bytePx <= 1) expect(Math.abs(atPx - x)).toBeLessThanOrEqual(1 + bytePx + 1e-9);
        },
      ),
    );
  });

  it('places every region of every real file in order, with a positive width, at both scales', () => {
    for (const file of realMapsFiles()) {
      const table = tableOfText(file.text);
      if (table.length === 0) continue;
      for (const scale of scalesOf(table)) {
        const o = frameOrigin(0n);
        for (let k = 0; k < table.length; k++) {
          const b = scale.beginDelta(k, o);
          const e = scale.endDelta(k, o);
          const empty = beginAt(scale.regions, k) === endAt(scale.regions, k);
          if (scale.mode === 'compressed' || !empty) expect(e, `${file.name} #${k} ${scale.mode}`).toBeGreaterThan(b);
          if (k > 0) expect(b).toBeGreaterThanOrEqual(scale.beginDelta(k - 1, o));
          // The begin of each region maps back to itself (first address at its unit).
          expect(scale.addrOfU(scale.uOfAddr(beginAt(scale.regions, k)))).toBe(beginAt(scale.regions, k));
        }
      }
    }
  });

  it('finds [vsyscall] at the top of the 64-bit space in the to-scale view', () => {
    const sorted = sortedOf(tableOf(GUARD_AND_HEAP));
    const scale = createLinearScale(sorted);
    expect(scale.fitEndU).toBe(0xffff_ffff_ff60_1000n);
    const v: Viewport = { startU: 0xffff_ffff_ff60_0000n - 1024n, spanU: 8192n };
    const [x0, x1] = extentPx(scale, v, 4);
    expect(x0).toBeCloseTo((1024 * WIDTH) / 8192, 9);
    expect(x1 - x0).toBeCloseTo((4096 * WIDTH) / 8192, 9);
  });
});
