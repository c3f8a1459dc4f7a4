/**
 * The to-scale view: one unit is one byte, and the domain is the whole 64-bit address space, so
 * the view zooms from all 16 EiB down to a few hundred bytes inside one 4 KiB page.
 */
import { U64_MAX, type Addr } from '../address.js';
import type { AddressScale, FrameOrigin, ScaleSegment } from './address-scale.js';
import { beginAt, reachAt, type SortedRegions } from './sorted-regions.js';
import type { Domain } from './viewport.js';

const TWO_32 = 4294967296;
const TWO_64 = U64_MAX + 1n;

/** The narrowest to-scale window: 256 bytes, so one 4 KiB page can fill the view 16 times over. */
export const LINEAR_MIN_SPAN_BYTES = 256n;

/** The linear (to-scale) scale of a file's regions. */
export function createLinearScale(regions: SortedRegions): AddressScale {
  const n = regions.count;
  const { beginHi, beginLo, endHi, endLo, reachHi, reachLo } = regions;
  const domain: Domain = { startU: 0n, endU: TWO_64, minSpanU: LINEAR_MIN_SPAN_BYTES };
  const fitStartU = n > 0 ? beginAt(regions, 0) : 0n;
  const fitEndU = n > 0 ? reachAt(regions, n - 1) : TWO_64;
  const whole: ScaleSegment = { mapped: true, beginAddr: 0n, endAddr: TWO_64, beginU: 0n, endU: TWO_64 };
  return {
    mode: 'linear',
    regions,
    domain,
    fitStartU,
    fitEndU: fitEndU > fitStartU ? fitEndU : fitStartU + LINEAR_MIN_SPAN_BYTES,
    uOfAddr: (addr) => (addr < 0n ? 0n : addr > TWO_64 ? TWO_64 : addr),
    addrOfU: (u) => (u < 0n ? 0n : u > U64_MAX ? U64_MAX : u) as Addr,
    // (hi - o.hi) * 2^32 and (lo - o.lo) are exact doubles; their sum is rounded once, so the
    // deltas stay monotonic in the address and exact while the distance is below 2^53.
    beginDelta: (k: number, o: FrameOrigin) => (beginHi[k] - o.hi) * TWO_32 + (beginLo[k] - o.lo),
    endDelta: (k: number, o: FrameOrigin) => (endHi[k] - o.hi) * TWO_32 + (endLo[k] - o.lo),
    reachDelta: (k: number, o: FrameOrigin) => (reachHi[k] - o.hi) * TWO_32 + (reachLo[k] - o.lo),
    segmentAt: () => whole,
  };
}
