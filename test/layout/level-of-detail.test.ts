import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameOrigin, type AddressScale } from '../../src/layout/address-scale';
import { ITEM_MERGED, ITEM_WX, MIN_VISIBLE_PX, buildLodIndex, createFrameItems, findItemAt, layoutFrame, visibleEndPx, type FrameItems } from '../../src/layout/level-of-detail';
import { findLandmarks, prominentPositions } from '../../src/layout/landmarks';
import { FLAG_WX, sizeApproxAt } from '../../src/layout/sorted-regions';
import { fitRange, zoomAt, type Viewport } from '../../src/layout/viewport';
import { arbRegion, tableOf } from '../query/table-fixtures';
import { realMapsFiles, scalesOf, tableOfText } from './layout-fixtures';
import { generateMaps } from '../bench/generate-maps';

const WIDTH = 1200;

/** Checks a frame against the regions themselves, by brute force. */
function checkFrame(scale: AddressScale, v: Viewport, items: FrameItems, where: string): void {
  const r = scale.regions;
  const o = frameOrigin(v.startU);
  const upp = Number(v.spanU) / WIDTH;
  // Items cover consecutive positions, each exactly once, left to right.
  for (let i = 1; i < items.count; i++) {
    expect(items.first[i], where).toBe(items.last[i - 1]);
    // A merged column starts at its pixel's left edge: up to a pixel before the previous item
    // when that one begins inside the same pixel (possible only where regions overlap).
    expect(items.x0[i], where).toBeGreaterThanOrEqual(items.x0[i - 1] - 1);
  }
  const firstCovered = items.count > 0 ? items.first[0] : r.count;
  const lastCovered = items.count > 0 ? items.last[items.count - 1] : r.count;
  for (let k = 0; k < r.count; k++) {
    const b = scale.beginDelta(k, o) / upp;
    const e = scale.endDelta(k, o) / upp;
    const visible = e > 0 && b < WIDTH;
    if (visible) {
      expect(k, `${where}: visible region ${k} [${b}, ${e}] covered`).toBeGreaterThanOrEqual(firstCovered);
      expect(k, `${where}: visible region ${k} covered`).toBeLessThan(lastCovered);
    }
  }
  for (let i = 0; i < items.count; i++) {
    const first = items.first[i];
    const last = items.last[i];
    let largest = first;
    let anyWx = false;
    for (let k = first; k < last; k++) {
      if (sizeApproxAt(r, k) > sizeApproxAt(r, largest)) largest = k;
      if (r.flags[k] & FLAG_WX) anyWx = true;
    }
    expect(items.rep[i], where).toBe(largest);
    expect((items.flags[i] & ITEM_WX) !== 0, where).toBe(anyWx);
    const sameBegin = (k: number) => scale.beginDelta(k, o) === scale.beginDelta(first, o);
    if (items.flags[i] & ITEM_MERGED && Array.from({ length: last - first }, (_, d) => first + d).every(sameBegin) && items.x1[i] - items.x0[i] !== 1) {
      // Regions that begin at one address (copies of a line): one item, as wide as the largest.
      expect(last - first, where).toBeGreaterThan(1);
      expect(items.x0[i], where).toBe(scale.beginDelta(first, o) / upp);
      expect(items.x1[i], where).toBe(scale.endDelta(largest, o) / upp);
      expect(items.x1[i] - items.x0[i], where).toBeGreaterThanOrEqual(1);
    } else if (items.flags[i] & ITEM_MERGED) {
      expect(last - first, where).toBeGreaterThan(1);
      expect(items.x1[i] - items.x0[i], where).toBe(1);
      // Every merged region begins in the item's pixel column.
      for (let k = first; k < last; k++) {
        const b = scale.beginDelta(k, o) / upp;
        expect(b, where).toBeGreaterThanOrEqual(items.x0[i]);
        expect(b, where).toBeLessThan(items.x1[i]);
      }
    } else {
      expect(last - first, where).toBe(1);
      expect(items.x0[i], where).toBe(scale.beginDelta(first, o) / upp);
      expect(items.x1[i], where).toBe(scale.endDelta(first, o) / upp);
    }
  }
}

describe('level of detail', () => {
  it('answers range maximum and range OR like a linear scan (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRegion, { minLength: 1, maxLength: 80 }), fc.nat(), fc.nat(), (specs, a, b) => {
        const table = tableOf(specs);
        const scale = scalesOf(table)[0];
        const lod = buildLodIndex(scale.regions);
        const n = table.length;
        const first = a % n;
        const last = first + 1 + (b % (n - first));
        let largest = first;
        let flags = 0;
        for (let k = first; k < last; k++) {
          if (sizeApproxAt(scale.regions, k) > sizeApproxAt(scale.regions, largest)) largest = k;
          flags |= scale.regions.flags[k];
        }
        expect(lod.largestIn(first, last)).toBe(largest);
        expect(lod.flagsIn(first, last)).toBe(flags);
      }),
    );
  });

  it('covers every visible region exactly once, at any zoom of any table (property)', () => {
    const items = createFrameItems(4);
    fc.assert(
      fc.property(
        fc.array(arbRegion, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (specs, linear, zooms, at) => {
          const scale = scalesOf(tableOf(specs))[linear ? 1 : 0];
          let v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
          for (let i = 0; i < zooms; i++) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, 0.6);
          layoutFrame(scale, buildLodIndex(scale.regions), v, WIDTH, items);
          checkFrame(scale, v, items, `${scale.mode} zoom ${zooms}`);
        },
      ),
    );
  });

  it('lays out every real file correctly at both scales', () => {
    const items = createFrameItems();
    for (const file of realMapsFiles()) {
      const table = tableOfText(file.text);
      for (const scale of scalesOf(table)) {
        const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
        layoutFrame(scale, buildLodIndex(scale.regions), v, WIDTH, items);
        checkFrame(scale, v, items, `${file.name} ${scale.mode}`);
        if (table.length > 0) expect(items.count, file.name).toBeGreaterThan(0);
      }
    }
  });

  it('draws copies of one line as one item, whatever their number (issue 11: a million froze the page)', () => {
    const line = '7f3a2c000000-7f3a2c001000 r--p 00000000 08:01 1234                       /usr/lib/libc.so.6\n';
    const other = '7f3a2c001000-7f3a2c002000 rw-p 00000000 00:00 0\n';
    for (const copies of [2, 50_000]) {
      for (const scale of scalesOf(tableOfText(line.repeat(copies) + other))) {
        const items = createFrameItems();
        const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
        layoutFrame(scale, buildLodIndex(scale.regions), v, WIDTH, items);
        checkFrame(scale, v, items, `${copies} copies ${scale.mode}`);
        expect([items.count, items.last[0] - items.first[0], items.flags[0] & ITEM_MERGED], `${copies} copies ${scale.mode}`).toEqual([2, copies, ITEM_MERGED]);
      }
    }
  });

  it('draws 262,144 regions with about as many items as 2,000: bounded by the pixels', () => {
    const counts: Record<string, number[]> = {};
    for (const n of [2000, 262_144]) {
      const [compressed, linear] = scalesOf(tableOfText(generateMaps({ regions: n, seed: 3 }).text));
      for (const scale of [compressed, linear]) {
        const lod = buildLodIndex(scale.regions);
        const items = createFrameItems();
        const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
        layoutFrame(scale, lod, v, WIDTH, items);
        // At most one item per region a pixel wide or more, plus a merged column per pixel and
        // the long region it may end with.
        expect(items.count, `${n} ${scale.mode}`).toBeLessThanOrEqual(3 * WIDTH + 2);
        (counts[scale.mode] ??= []).push(items.count);
        // Gaps drawn are between the items, never more than the items.
        expect(items.gapCount).toBeLessThanOrEqual(items.count);
      }
    }
    // Compressed at 262,144 regions is nearly all merged columns: about one item per pixel.
    expect(counts.compressed[1]).toBeGreaterThan(WIDTH / 2);
  });

  it('finds the item under a pixel', () => {
    const [scale] = scalesOf(tableOfText(generateMaps({ regions: 5000, seed: 5 }).text));
    const items = createFrameItems();
    const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
    layoutFrame(scale, buildLodIndex(scale.regions), v, WIDTH, items);
    for (let i = 0; i < items.count; i++) {
      const x0 = Math.max(0, items.x0[i]);
      const x1 = Math.min(WIDTH, Math.max(items.x1[i], items.x0[i] + 1));
      if (x1 <= x0) continue;
      const found = findItemAt(items, (x0 + x1) / 2);
      // Later items are drawn on top: the one found is this one or a later one covering the pixel.
      expect(found).toBeGreaterThanOrEqual(i);
      expect(items.x0[found]).toBeLessThanOrEqual((x0 + x1) / 2);
    }
    expect(findItemAt(items, -50)).toBe(-1);
  });

  it('gives every item at least MIN_VISIBLE_PX where the next leaves room, and hit-tests exactly the pixels it is drawn on (issue 18 point 3)', () => {
    for (const n of [300, 20_000]) {
      for (const scale of scalesOf(tableOfText(generateMaps({ regions: n, seed: 7 }).text))) {
        const items = createFrameItems();
        const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
        layoutFrame(scale, buildLodIndex(scale.regions), v, WIDTH, items);
        const where = `${n} ${scale.mode}`;
        for (let i = 0; i < items.count; i++) {
          const end = visibleEndPx(items, i);
          const next = i + 1 < items.count ? items.x0[i + 1] : Infinity;
          // As wide as the rule allows, never into the next item, never narrower than the region.
          expect(end, where).toBeGreaterThanOrEqual(items.x1[i]);
          expect(end, where).toBeGreaterThanOrEqual(Math.min(items.x0[i] + MIN_VISIBLE_PX, next));
          if (items.x1[i] <= next) expect(end, where).toBeLessThanOrEqual(Math.max(next, items.x1[i]));
        }
        // Every pixel's owner, by a scan: the last item whose visible extent holds it.
        for (let x = 0.5; x < WIDTH; x += 1) {
          let owner = -1;
          for (let i = 0; i < items.count; i++) if (items.x0[i] <= x && x < visibleEndPx(items, i)) owner = i;
          if (owner >= 0) expect(findItemAt(items, x), `${where} x ${x}`).toBe(owner);
          else expect(findItemAt(items, x), `${where} x ${x}`).toBe(-1);
        }
      }
    }
  });

  it('lets a landmark represent the pixel column it falls in, and changes nothing else of the frame', () => {
    for (const scale of scalesOf(tableOfText(generateMaps({ regions: 262_144, seed: 3 }).text))) {
      const lod = buildLodIndex(scale.regions);
      const prominent = prominentPositions(findLandmarks(scale.regions));
      const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
      const plain = layoutFrame(scale, lod, v, WIDTH, createFrameItems());
      const marked = layoutFrame(scale, lod, v, WIDTH, createFrameItems(), prominent);
      expect(marked.count).toBe(plain.count);
      let represented = 0;
      for (let i = 0; i < plain.count; i++) {
        expect([marked.first[i], marked.last[i], marked.x0[i], marked.x1[i], marked.flags[i]]).toEqual([plain.first[i], plain.last[i], plain.x0[i], plain.x1[i], plain.flags[i]]);
        const inside = [...prominent].filter((k) => k >= plain.first[i] && k < plain.last[i]);
        if (!(plain.flags[i] & ITEM_MERGED) || inside.length === 0) expect(marked.rep[i]).toBe(plain.rep[i]);
        else {
          expect(inside).toContain(marked.rep[i]);
          represented++;
        }
      }
      // The heap, the stack and the kernel's pages are far below a pixel here: their columns show
      // them (to scale, the whole 64-bit space puts several landmarks into one column).
      expect(represented, scale.mode).toBeGreaterThanOrEqual(scale.mode === 'compressed' ? 3 : 1);
    }
  });
});
