/**
 * The to-scale view: addresses map linearly to units, in bigint, so the view zooms from the
 * whole address space down to a few hundred bytes inside one 4 KiB page.
 *
 * Where the map tells the address space's shape (model/address-space.ts: x86-64, aarch64), the
 * line has two parts and a break (issue 18): user space, one unit per byte; then a break of fixed
 * width that stands for the non-canonical hole, which no one can map; then the kernel half, drawn
 * 2^s bytes per unit so that it takes a sixth to a twelfth of the width of the user regions' span —
 * its `[vsyscall]` page stays in view beside them instead of stretching one 16 EiB axis into a
 * one-pixel sliver. Each part stays linear and exact; ticks label each part's own addresses.
 * A 32-bit map is one part, [0, 4 GiB); any other map one part, the whole 64-bit space.
 */
import { U64_MAX, type Addr } from '../address.js';
import type { AddressSpaceShape } from '../model/address-space.js';
import type { AddressScale, FrameOrigin, ScaleSection, ScaleSegment } from './address-scale.js';
import { beginAt, endAt, reachAt, type SortedRegions } from './sorted-regions.js';
import type { Domain } from './viewport.js';

const TWO_32 = 4294967296;
const TWO_64 = U64_MAX + 1n;
const FOUR_GIB = 1n << 32n;
const PAGE_MASK = 0xfffn;

/** The narrowest to-scale window: 256 bytes, so one 4 KiB page can fill the view 16 times over. */
export const LINEAR_MIN_SPAN_BYTES = 256n;

/** …but never fewer units than this (16 bytes of user space). */
const MIN_SPAN_UNITS = 16n;

/** The break is the user regions' span / BREAK_SHARE wide, the kernel half at most span / TOP_SHARE (a power of two bytes a unit). */
const BREAK_SHARE = 10n;
const TOP_SHARE = 6n;
/** The least span those shares are taken of, so that a map of one page still gets a visible break. */
const MIN_SHARE_SPAN = 1n << 20n;

/** Where the parts of a segmented line lie. */
interface Line {
  /** End of the first part (addresses and units alike, one unit per byte): 2^64, 4 GiB or user space's end. */
  readonly firstEnd: bigint;
  /** With a second part: the break's width in units, the second part's first address and unit, and its bytes per unit as a shift. */
  readonly top: { readonly breakU: bigint; readonly beginAddr: bigint; readonly beginU: bigint; readonly shift: bigint } | null;
}

/**
 * The two-part line of `regions` in `shape`, or null when a region would straddle the break (an
 * edited file): user space up to shape.userEnd; the kernel half from shape.kernelBegin, or from a
 * lower region's page when an edited file puts one in the hole, so the break never owns a region.
 */
function twoPartLine(regions: SortedRegions, shape: AddressSpaceShape): { line: Line; kTop: number } | null {
  const n = regions.count;
  const userEnd = shape.userEnd;
  let kTop = 0; // the first position at or above user space's end
  let hi = n;
  while (kTop < hi) {
    const m = (kTop + hi) >>> 1;
    if (beginAt(regions, m) < userEnd) kTop = m + 1;
    else hi = m;
  }
  if (kTop > 0 && reachAt(regions, kTop - 1) > userEnd) return null;
  const lowestTop = kTop < n ? beginAt(regions, kTop) & ~PAGE_MASK : shape.kernelBegin;
  let topBegin = lowestTop < shape.kernelBegin ? lowestTop : shape.kernelBegin;
  let span = kTop > 0 ? reachAt(regions, kTop - 1) - beginAt(regions, 0) : 0n;
  if (span < MIN_SHARE_SPAN) span = MIN_SHARE_SPAN;
  const topUnits = span / TOP_SHARE;
  let shift = 0n;
  while ((TWO_64 - topBegin) >> shift > topUnits) shift++;
  topBegin &= ~((1n << shift) - 1n); // a whole number of units
  const breakU = span / BREAK_SHARE;
  return { line: { firstEnd: userEnd, top: { breakU, beginAddr: topBegin, beginU: userEnd + breakU, shift } }, kTop };
}

/**
 * The linear (to-scale) scale of a file's regions: in the parts of `shape` when given (and the
 * regions fit it), else [0, 4 GiB) when every region lies below 4 GiB, else the whole 64-bit space.
 */
export function createLinearScale(regions: SortedRegions, shape?: AddressSpaceShape): AddressScale {
  const n = regions.count;
  const lastReach = n > 0 ? reachAt(regions, n - 1) : TWO_64;
  const split = shape ? twoPartLine(regions, shape) : null;
  const line: Line = split ? split.line : { firstEnd: lastReach <= FOUR_GIB ? FOUR_GIB : TWO_64, top: null };
  const kTop = split ? split.kTop : n;
  const { firstEnd, top } = line;
  const topEndU = top ? top.beginU + ((TWO_64 - top.beginAddr) >> top.shift) : firstEnd;
  // The narrowest window is 256 bytes of the kernel half when it is drawn narrower (and then fewer of user space).
  const topMinU = top ? LINEAR_MIN_SPAN_BYTES >> top.shift : LINEAR_MIN_SPAN_BYTES;
  const minSpanU = topMinU > MIN_SPAN_UNITS ? topMinU : MIN_SPAN_UNITS;
  const domain: Domain = { startU: 0n, endU: topEndU, minSpanU };

  const uOfAddr = (addr: bigint): bigint => {
    if (addr <= 0n) return 0n;
    if (addr <= firstEnd || top === null) return addr < firstEnd ? addr : firstEnd;
    if (addr < top.beginAddr) return firstEnd + ((addr - firstEnd) * top.breakU) / (top.beginAddr - firstEnd);
    return top.beginU + (((addr < TWO_64 ? addr : TWO_64) - top.beginAddr) >> top.shift);
  };
  const addrOfU = (u: bigint): Addr => {
    let a: bigint;
    if (u <= 0n) a = 0n;
    else if (u <= firstEnd || top === null) a = u < firstEnd ? u : firstEnd;
    else if (u < top.beginU) a = firstEnd + ((u - firstEnd) * (top.beginAddr - firstEnd) + top.breakU - 1n) / top.breakU;
    else a = top.beginAddr + (((u < topEndU ? u : topEndU) - top.beginU) << top.shift);
    return (a > U64_MAX ? U64_MAX : a) as Addr;
  };

  // Units of the regions above the break (a few: [vsyscall]) as (hi, lo) halves; below it a
  // region's units are its address, read from the regions' own arrays.
  const m = n - kTop;
  const tbh = new Uint32Array(m), tbl = new Uint32Array(m), teh = new Uint32Array(m), tel = new Uint32Array(m), trh = new Uint32Array(m), trl = new Uint32Array(m);
  let reach = 0n;
  for (let i = 0; i < m; i++) {
    const b = uOfAddr(beginAt(regions, kTop + i));
    const e = uOfAddr(endAt(regions, kTop + i));
    if (e > reach) reach = e;
    [tbh[i], tbl[i]] = halves(b);
    [teh[i], tel[i]] = halves(e);
    [trh[i], trl[i]] = halves(reach);
  }
  const { beginHi, beginLo, endHi, endLo, reachHi, reachLo } = regions;
  const fitStartU = n > 0 ? uOfAddr(beginAt(regions, 0)) : 0n;
  const fitEndRaw = n > 0 ? uOfAddr(lastReach) : domain.endU;

  const userSegment: ScaleSegment = { mapped: true, beginAddr: 0n, endAddr: firstEnd, beginU: 0n, endU: firstEnd };
  const segments: ScaleSegment[] = [userSegment];
  const sections: ScaleSection[] = [];
  if (top) {
    const breakSeg: ScaleSegment = { mapped: false, beginAddr: firstEnd, endAddr: top.beginAddr, beginU: firstEnd, endU: top.beginU };
    const topSeg: ScaleSegment = { mapped: true, beginAddr: top.beginAddr, endAddr: TWO_64, beginU: top.beginU, endU: topEndU };
    segments.push(breakSeg, topSeg);
    const kernel = top.beginAddr === shape!.kernelBegin;
    sections.push(
      { ...userSegment, kind: 'part', label: 'user space', bytesPerUnit: 1n },
      { ...breakSeg, kind: 'break', label: kernel ? 'non-canonical hole' : 'unmapped', bytesPerUnit: 0n },
      { ...topSeg, kind: 'part', label: kernel ? 'kernel half' : 'upper addresses', bytesPerUnit: 1n << top.shift },
    );
  } else if (firstEnd === FOUR_GIB) {
    sections.push({ ...userSegment, kind: 'part', label: '32-bit address space', bytesPerUnit: 1n });
  }
  const segmentAt = (u: bigint): ScaleSegment => (top === null || u < firstEnd ? userSegment : u < top.beginU ? segments[1] : segments[2]);

  return {
    mode: 'linear',
    regions,
    domain,
    fitStartU,
    fitEndU: fitEndRaw > fitStartU ? fitEndRaw : fitStartU + minSpanU,
    sections,
    uOfAddr,
    addrOfU,
    // (hi - o.hi) * 2^32 and (lo - o.lo) are exact doubles; their sum is rounded once, so the
    // deltas stay monotonic in the address and exact while the distance is below 2^53.
    beginDelta: (k: number, o: FrameOrigin) =>
      k < kTop ? (beginHi[k] - o.hi) * TWO_32 + (beginLo[k] - o.lo) : (tbh[k - kTop] - o.hi) * TWO_32 + (tbl[k - kTop] - o.lo),
    endDelta: (k: number, o: FrameOrigin) =>
      k < kTop ? (endHi[k] - o.hi) * TWO_32 + (endLo[k] - o.lo) : (teh[k - kTop] - o.hi) * TWO_32 + (tel[k - kTop] - o.lo),
    reachDelta: (k: number, o: FrameOrigin) =>
      k < kTop ? (reachHi[k] - o.hi) * TWO_32 + (reachLo[k] - o.lo) : (trh[k - kTop] - o.hi) * TWO_32 + (trl[k - kTop] - o.lo),
    segmentAt,
  };
}

function halves(u: bigint): [number, number] {
  return [Number(u >> 32n), Number(u & 0xffff_ffffn)];
}
