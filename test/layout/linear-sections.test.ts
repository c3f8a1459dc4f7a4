/**
 * The to-scale line in parts (issue 18 point 4): user space, a break standing for the
 * non-canonical hole, and the kernel half, on x86-64 (48/57-bit), aarch64 (39/48/52-bit) and
 * 32-bit maps — real captures (this process, the corpus) and fast-check tables inside each shape.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX, parseAddr } from '../../src/address';
import { frameOrigin, type AddressScale, type ScaleSection } from '../../src/layout/address-scale';
import { formatSpanBytes } from '../../src/format/format-size';
import { fitViewport } from '../../src/layout/fit-viewport';
import { createLinearScale } from '../../src/layout/linear-scale';
import { beginAt, endAt } from '../../src/layout/sorted-regions';
import { computeTicks } from '../../src/layout/ticks';
import { fullViewport, pxOfU, uOfPx, viewportEnd, zoomAt, type Viewport } from '../../src/layout/viewport';
import { findAddressSpaceShape, type AddressSpaceShape } from '../../src/model/address-space';
import { PERM_EXEC, PERM_READ, PERM_WRITE } from '../../src/model/permissions';
import type { RegionTable } from '../../src/model/region-table';
import { readCorpus } from '../helpers/fixtures';
import { tableOf, type RegionSpec } from '../query/table-fixtures';
import { sortedOf, tableOfText } from './layout-fixtures';

const WIDTH = 1280;
const VSYSCALL: RegionSpec = { begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: PERM_EXEC, pathname: '[vsyscall]' };

function linearOf(table: RegionTable): { scale: AddressScale; shape: AddressSpaceShape | undefined } {
  const shape = findAddressSpaceShape(table);
  return { scale: createLinearScale(sortedOf(table), shape), shape };
}

/** Pixel extent of position k in view v. */
function extentPx(scale: AddressScale, v: Viewport, k: number): [number, number] {
  const o = frameOrigin(v.startU);
  const upp = Number(v.spanU) / WIDTH;
  return [scale.beginDelta(k, o) / upp, scale.endDelta(k, o) / upp];
}

/** The size of a section as the map's label says it. */
function spanOf(s: ScaleSection): string {
  return formatSpanBytes(s.endAddr - s.beginAddr);
}

/** The break of a two-part scale. */
function breakOf(scale: AddressScale) {
  const b = scale.sections.find((s) => s.kind === 'break');
  if (!b) throw new Error('no break');
  return b;
}

describe('to scale, in parts', () => {
  it('this x86-64 process: user space, the non-canonical hole, the kernel half; opens with the user regions filling the view and [vsyscall] in it', () => {
    const table = tableOfText(readFileSync('/proc/self/maps', 'utf8'));
    const { scale, shape } = linearOf(table);
    expect(shape?.name).toMatch(/^x86-64/);
    expect(scale.sections.map((s) => `${s.kind} ${s.label}`)).toEqual(['part user space', 'break non-canonical hole', 'part kernel half']);
    const [user, hole, kernel] = scale.sections;
    expect(spanOf(hole)).toBe('16 EiB − 256 TiB');
    expect([spanOf(user), spanOf(kernel)]).toEqual(['128 TiB', '128 TiB']);
    expect([user.beginAddr, user.endAddr, hole.endAddr, kernel.endAddr]).toEqual([0n, 1n << 47n, 0xffff_8000_0000_0000n, 1n << 64n]);
    const v = fitViewport(scale);
    const n = scale.regions.count;
    // [vsyscall] is the last region, inside the opening view; the user regions take most of it.
    expect(beginAt(scale.regions, n - 1)).toBe(VSYSCALL.begin);
    const [vx0, vx1] = extentPx(scale, v, n - 1);
    expect(vx0).toBeGreaterThan(0);
    expect(vx1).toBeLessThanOrEqual(WIDTH);
    const userEndPx = extentPx(scale, v, n - 2)[1];
    const userBeginPx = extentPx(scale, v, 0)[0];
    expect((userEndPx - userBeginPx) / WIDTH).toBeGreaterThan(0.75);
    // The break is a visible band, and no region is in it.
    const breakPx = [pxOfU(v, WIDTH, hole.beginU), pxOfU(v, WIDTH, hole.endU)];
    expect(breakPx[1] - breakPx[0]).toBeGreaterThan(40);
    // The kernel half is drawn at a power of two bytes per unit; the user half one byte per unit.
    expect(user.bytesPerUnit).toBe(1n);
    expect(kernel.bytesPerUnit & (kernel.bytesPerUnit - 1n)).toBe(0n);
  });

  it('the corpus: aarch64 39-bit gets its own hole, arm32 one 4 GiB part, a map of no known shape the whole 64-bit line', () => {
    const arm39 = linearOf(tableOfText(readCorpus('gem5doc-aarch64-39bit.maps'))).scale;
    expect(breakOf(arm39).label).toBe('non-canonical hole');
    expect(spanOf(breakOf(arm39))).toBe('16 EiB − 1 TiB');
    expect(arm39.sections[2].beginAddr).toBe(0xffff_ff80_0000_0000n);
    // No region above user space: the view opens on user space's regions alone.
    expect(arm39.fitEndU).toBeLessThanOrEqual(1n << 39n);
    const arm32 = linearOf(tableOfText(readCorpus('gomarkablestream-remarkable-arm32.maps'))).scale;
    expect(arm32.domain.endU).toBe(1n << 32n);
    expect(arm32.sections.map((s) => s.label)).toEqual(['32-bit address space']);
    const odd = linearOf(tableOf([{ begin: 0x20_0000_0000_0000n, end: 0x20_0000_0000_1000n }])).scale;
    expect(odd.domain.endU).toBe(1n << 64n);
    expect(odd.sections).toEqual([]);
  });

  it('labels the holes of 57-bit x86-64, 48- and 52-bit aarch64', () => {
    const cases: [RegionSpec[], string, bigint][] = [
      [[{ begin: 0x10_0000_0000_0000n, end: 0x10_0000_0000_1000n }, VSYSCALL], 'non-canonical hole, 16 EiB − 128 PiB', 0xff00_0000_0000_0000n],
      [[{ begin: 0xffff_f000_0000n, end: 0xffff_f002_1000n, pathname: '[stack]' }], 'non-canonical hole, 16 EiB − 512 TiB', 0xffff_0000_0000_0000n],
      [[{ begin: 0x8_0000_0000_0000n, end: 0x8_0000_0000_1000n }], 'non-canonical hole, 16 EiB − 8 PiB', 0xfff0_0000_0000_0000n],
    ];
    for (const [specs, label, kernelBegin] of cases) {
      const scale = linearOf(tableOf(specs)).scale;
      expect(`${breakOf(scale).label}, ${spanOf(breakOf(scale))}`).toBe(label);
      expect(scale.sections[2].beginAddr).toBe(kernelBegin);
    }
  });

  it('an edited file with a region in the hole: the upper part starts at its page, the break still owns nothing', () => {
    const inHole: RegionSpec = { begin: 0x9000_0000_0000_1234n, end: 0x9000_0000_0000_2000n };
    const scale = linearOf(tableOf([{ begin: 0x5555_0000_0000n, end: 0x5555_0000_1000n }, inHole, VSYSCALL])).scale;
    const hole = breakOf(scale);
    expect(hole.label).toBe('unmapped');
    expect(hole.endAddr).toBeLessThanOrEqual(inHole.begin);
    expect(scale.uOfAddr(inHole.begin)).toBeGreaterThanOrEqual(hole.endU);
  });

  // Tables inside an address-space shape: user regions below its user end (page-aligned, sorted),
  // and some in the kernel half ([vsyscall]-like pages near the top).
  const SHAPES: { name: string; userBits: number; kernelBegin: bigint; vsyscall: boolean }[] = [
    { name: 'x86-64 48', userBits: 47, kernelBegin: 0xffff_8000_0000_0000n, vsyscall: true },
    { name: 'x86-64 57', userBits: 56, kernelBegin: 0xff00_0000_0000_0000n, vsyscall: true },
    { name: 'aarch64 39', userBits: 39, kernelBegin: 0xffff_ff80_0000_0000n, vsyscall: false },
    { name: 'aarch64 48', userBits: 48, kernelBegin: 0xffff_0000_0000_0000n, vsyscall: false },
  ];
  const arbShaped = fc
    .record({
      shape: fc.constantFrom(...SHAPES),
      user: fc.array(fc.tuple(fc.bigInt({ min: 1n, max: (1n << 40n) - 1n }), fc.integer({ min: 1, max: 1 << 16 })), { minLength: 1, maxLength: 30 }),
      topPages: fc.array(fc.bigInt({ min: 1n, max: 1n << 30n }), { maxLength: 3 }),
    })
    .map(({ shape, user, topPages }) => {
      const userEnd = 1n << BigInt(shape.userBits);
      // The highest user mapping tells the width (model/address-space.ts): the stack's place, first.
      const specs: RegionSpec[] = [{ begin: userEnd - 0x21000n, end: userEnd - 0x1000n, pathname: '[stack]' }];
      // User regions: spread over user space by scaling the random offsets to it, in order.
      const points = user.map(([at, pages]) => [((at * (userEnd >> 40n)) & ~0xfffn) + 0x1000n, BigInt(pages) * 4096n] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      let floor = 0n;
      for (const [at, size] of points) {
        const begin = at > floor ? at : floor;
        const end = begin + size < userEnd ? begin + size : userEnd;
        if (end > begin) specs.push({ begin, end, perms: PERM_READ | PERM_WRITE });
        floor = end;
      }
      if (shape.vsyscall) specs.push(VSYSCALL);
      for (const p of topPages) {
        const begin = shape.kernelBegin + p * 4096n;
        if (begin + 4096n <= VSYSCALL.begin || !shape.vsyscall) specs.push({ begin, end: begin + 4096n, perms: PERM_READ });
      }
      return { shape, table: tableOf(specs.filter((s, i, all) => all.findIndex((t) => t.begin < s.end && s.begin < t.end) === i)) };
    });

  it('address → unit → address round-trips within a pixel, at any zoom, in every part (property)', () => {
    fc.assert(
      fc.property(arbShaped, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 90 }), fc.double({ min: 0, max: WIDTH, noNaN: true }), ({ table }, at, zooms, x) => {
        const { scale } = linearOf(table);
        expect(scale.sections.length).toBe(3);
        let v = fitViewport(scale);
        for (let i = 0; i < zooms; i++) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, 0.6);
        const addr = scale.addrOfU(uOfPx(v, WIDTH, x));
        // (The end of the line is 2^64, one past the last address: addrOfU clamps it to U64_MAX.)
        if (addr < U64_MAX) expect(scale.addrOfU(scale.uOfAddr(addr))).toBe(addr);
        const atPx = pxOfU(v, WIDTH, scale.uOfAddr(addr));
        const beforePx = addr > 0n ? pxOfU(v, WIDTH, scale.uOfAddr(addr - 1n)) : atPx;
        // A millionth of a pixel for the rounding of pixels as doubles.
        const EPS = 1e-6;
        const slack = 1 + EPS + Math.max(0, atPx - beforePx) / 2;
        // x lies within a pixel of where the address begins, or inside the extent of the address's
        // unit: at deep zoom a unit is a pixel wide or more (x = 1.000000001 px gave address 0,
        // which has no byte before it to widen the slack), and in the kernel half a unit is 2^s
        // bytes, all of which begin where it begins (x = 1279.47 px, 51 zooms at the right end).
        const unitEndPx = pxOfU(v, WIDTH, scale.uOfAddr(addr) + 1n);
        expect(x).toBeLessThanOrEqual(Math.max(atPx + slack, unitEndPx + EPS));
        expect(x).toBeGreaterThanOrEqual(beforePx - slack);
      }),
    );
  });

  it('is monotonic, and the break never owns a region (property)', () => {
    fc.assert(
      fc.property(arbShaped, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), ({ table }, a, b) => {
        const { scale } = linearOf(table);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(scale.uOfAddr(lo)).toBeLessThanOrEqual(scale.uOfAddr(hi));
        const hole = breakOf(scale);
        const o = frameOrigin(0n);
        for (let k = 0; k < scale.regions.count; k++) {
          const bu = scale.uOfAddr(beginAt(scale.regions, k));
          const eu = scale.uOfAddr(endAt(scale.regions, k));
          expect(eu <= hole.beginU || bu >= hole.endU, `#${k}`).toBe(true);
          // The per-frame deltas agree with the exact units and keep address order.
          expect(scale.beginDelta(k, o)).toBe(Number(bu));
          expect(scale.endDelta(k, o)).toBe(Number(eu));
          if (k > 0) expect(scale.beginDelta(k, o)).toBeGreaterThanOrEqual(scale.beginDelta(k - 1, o));
        }
      }),
    );
  });

  it('ticks stay exact across the break: the kernel half starts with a tick at its first address (property)', () => {
    fc.assert(
      fc.property(arbShaped, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 60 }), ({ table }, at, zooms) => {
        const { scale } = linearOf(table);
        const hole = breakOf(scale);
        let v = fitViewport(scale);
        for (let i = 0; i < zooms; i++) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, 0.7);
        const ticks = computeTicks(scale, v, { widthPx: WIDTH, charWidthPx: 6.7 });
        for (let i = 0; i < ticks.length; i++) {
          expect(parseAddr(ticks[i].label)).toBe(ticks[i].addr);
          expect(ticks[i].xPx).toBeCloseTo(pxOfU(v, WIDTH, scale.uOfAddr(ticks[i].addr)), 6);
          if (i > 0) expect(ticks[i].addr).toBeGreaterThan(ticks[i - 1].addr);
          // No tick inside the hole.
          expect(ticks[i].addr < hole.beginAddr || ticks[i].addr >= hole.endAddr).toBe(true);
        }
        if (v.startU < hole.endU && viewportEnd(v) > hole.endU + 1n) expect(ticks.some((t) => t.addr === hole.endAddr && t.boundary)).toBe(true);
      }),
    );
  });

  it('zooms out to the whole line and in to one page of [vsyscall]', () => {
    const { scale } = linearOf(tableOfText(readFileSync('/proc/self/maps', 'utf8')));
    const whole = fullViewport(scale.domain);
    expect(scale.addrOfU(whole.startU)).toBe(0n);
    expect(scale.addrOfU(viewportEnd(whole))).toBe((1n << 64n) - 1n);
    const n = scale.regions.count;
    const page: Viewport = { startU: scale.uOfAddr(VSYSCALL.begin), spanU: scale.domain.minSpanU };
    const [x0, x1] = extentPx(scale, page, n - 1);
    expect(x0).toBe(0);
    expect(x1).toBeGreaterThanOrEqual(WIDTH);
    expect(scale.addrOfU(viewportEnd(page)) - VSYSCALL.begin).toBeLessThanOrEqual(4096n);
  });
});
