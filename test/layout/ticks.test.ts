import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../src/address';
import { RegionIndex } from '../../src/query/region-index';
import type { AddressScale } from '../../src/layout/address-scale';
import { computeTicks, formatTickLabel, pow2AtLeast, type Tick } from '../../src/layout/ticks';
import { fitRange, fullViewport, pxOfU, zoomAt, type Viewport } from '../../src/layout/viewport';
import { realMapsFiles, scalesOf, tableOfText } from './layout-fixtures';
import { generateMaps } from '../bench/generate-maps';

const WIDTH = 1200;
const CHAR_PX = 6.6;
const OPTIONS = { widthPx: WIDTH, charWidthPx: CHAR_PX, paddingPx: 16 };
const VSYSCALL = 0xffff_ffff_ff60_0000n;

/** The invariants every tick list must keep. */
function checkTicks(scale: AddressScale, v: Viewport, ticks: Tick[], where: string): void {
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i];
    expect(parseAddr(t.label), where).toBe(t.addr);
    expect(t.xPx, where).toBeGreaterThanOrEqual(0);
    expect(t.xPx, where).toBeLessThan(WIDTH);
    expect(t.xPx, where).toBeCloseTo(pxOfU(v, WIDTH, scale.uOfAddr(t.addr)), 6);
    if (i > 0) {
      expect(t.addr, where).toBeGreaterThan(ticks[i - 1].addr);
      // Labels never touch: each tick is at least its predecessor's label width further on.
      expect(t.xPx - ticks[i - 1].xPx, where).toBeGreaterThanOrEqual(ticks[i - 1].label.length * CHAR_PX);
    }
  }
}

/** The power of two that divides an address (its "roundness"), capped at 2^64. */
function roundness(addr: bigint): bigint {
  if (addr === 0n) return 1n << 64n;
  return addr & -addr;
}

describe('ticks', () => {
  it('formats hex in groups of four digits', () => {
    const cases: [bigint, string][] = [
      [0n, '0x0'],
      [0x1000n, '0x1000'],
      [0x10000n, '0x1_0000'],
      [0x7fff_f7a0_0000n, '0x7fff_f7a0_0000'],
      [VSYSCALL, '0xffff_ffff_ff60_0000'],
    ];
    for (const [addr, label] of cases) expect(formatTickLabel(addr)).toBe(label);
  });

  it('rounds steps up to powers of two', () => {
    const cases: [number, bigint][] = [
      [0.3, 1n],
      [1, 1n],
      [3, 4n],
      [4096, 4096n],
      [4097, 8192n],
      [2 ** 60 * 1.5, 1n << 61n],
    ];
    for (const [x, step] of cases) expect(pow2AtLeast(x)).toBe(step);
  });

  it('to scale: ticks on a power-of-two grid at every zoom from 2^64 down to one page', () => {
    const table = tableOfText(generateMaps({ regions: 2000 }).text);
    const linear = scalesOf(table)[1];
    let v = fullViewport(linear.domain);
    let levels = 0;
    while (v.spanU > 4096n) {
      const ticks = computeTicks(linear, v, OPTIONS);
      checkTicks(linear, v, ticks, `span ${v.spanU}`);
      expect(ticks.length, `span ${v.spanU}`).toBeGreaterThanOrEqual(3);
      // Uniform: one step between neighbours, and that step is a power of two dividing each tick.
      const step = ticks[1].addr - ticks[0].addr;
      expect(step & (step - 1n)).toBe(0n);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i].addr - ticks[i - 1].addr).toBe(step);
      for (const t of ticks) expect(roundness(t.addr) >= step).toBe(true);
      // Not wastefully sparse: the next smaller step would make labels collide.
      const longest = formatTickLabel(v.startU + v.spanU - 1n).length;
      expect(Number(step / 2n) * (WIDTH / Number(v.spanU))).toBeLessThan(longest * CHAR_PX + 16);
      v = zoomAt(v, linear.domain, WIDTH, pxOfU(v, WIDTH, VSYSCALL + 100n), 0.5);
      levels++;
    }
    expect(levels).toBeGreaterThan(50);
  });

  it('compressed: a tick where the mapping resumes after each visible gap, round addresses inside regions', () => {
    for (const file of realMapsFiles()) {
      const table = tableOfText(file.text);
      if (table.length < 2) continue;
      const scale = scalesOf(table)[0];
      const index = RegionIndex.build(table);
      const lowest = table.begin(index.order[0]);
      const v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
      const ticks = computeTicks(scale, v, OPTIONS);
      checkTicks(scale, v, ticks, file.name);
      expect(ticks[0].addr, file.name).toBe(lowest);
      expect(ticks.length, file.name).toBeGreaterThanOrEqual(2);
      for (const t of ticks) {
        if (t.boundary) {
          // A boundary tick sits on a region's begin: the lowest one, or one right after unmapped
          // space (RegionIndex, written independently, says what is mapped).
          const u = scale.uOfAddr(t.addr);
          expect(scale.segmentAt(u).mapped, file.name).toBe(true);
          expect(scale.segmentAt(u).beginAddr, file.name).toBe(t.addr);
          if (t.addr !== lowest) expect(index.findRow(t.addr - 1n), file.name).toBe(-1);
        }
      }
    }
  });

  it('keeps its invariants at random zooms of both scales (property)', () => {
    const table = tableOfText(generateMaps({ regions: 3000, seed: 7 }).text);
    const scales = scalesOf(table);
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 70 }), fc.double({ min: 0, max: 1, noNaN: true }), (linear, zooms, at) => {
        const scale = scales[linear ? 1 : 0];
        let v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
        for (let i = 0; i < zooms; i++) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, 0.6);
        checkTicks(scale, v, computeTicks(scale, v, OPTIONS), `zoom ${zooms} at ${at}`);
      }),
      { numRuns: 60 },
    );
  });
});
