/**
 * Level of detail: what to draw for one frame, in O(pixels + visible regions) whatever the number
 * of regions. Regions at least a pixel wide are drawn one by one; all the regions that begin in
 * the same pixel column and are narrower than a pixel are merged into one column item,
 * represented by its largest region (a range-maximum query over a segment tree built once per
 * file) and flagged when any of them is writable and executable (a range-OR over the same tree).
 * A frame at 262,144 regions therefore costs about what one at 2,000 does.
 */
import type { AddressScale, FrameOrigin } from './address-scale.js';
import { frameOrigin } from './address-scale.js';
import { sizeApproxAt, type SortedRegions } from './sorted-regions.js';
import { unitsPerPx, type Viewport } from './viewport.js';
import { firstAtOrAfter } from '../model/position-set.js';

/**
 * Item flag: several regions merged into one item: the sub-pixel regions of a pixel column, or
 * the regions that begin at one address (an edited file's copies of a line).
 */
export const ITEM_MERGED = 1;
/** Item flag: a region of the item is writable and executable. */
export const ITEM_WX = 2;

/** Below this width in pixels a region is merged with the others of its pixel column. */
export const MIN_ITEM_PX = 1;

/** The least width an item is drawn and hit-tested at, CSS px, where the next item leaves room. */
export const MIN_VISIBLE_PX = 2;

/** Where item `i` ends as drawn: at least MIN_VISIBLE_PX after its start, never past the next item's start. */
export function visibleEndPx(items: FrameItems, i: number): number {
  const x0 = items.x0[i];
  const x1 = items.x1[i];
  if (x1 - x0 >= MIN_VISIBLE_PX) return x1;
  return Math.max(x1, Math.min(x0 + MIN_VISIBLE_PX, i + 1 < items.count ? items.x0[i + 1] : Infinity));
}

/** Range maximum (by size) and range OR (of flags) over positions, answered in O(log n). */
export interface LodIndex {
  readonly count: number;
  /** The largest region in positions [first, last); ties go to the lowest position. */
  largestIn(first: number, last: number): number;
  /** OR of the FLAG_* bits of positions [first, last). */
  flagsIn(first: number, last: number): number;
}

/**
 * The segment trees of a LodIndex as plain arrays (structured-cloneable: a worker builds them, the
 * page wraps them with lodIndexFromData). Node i has children 2i and 2i + 1; leaf k is node
 * `leaves + k`. The leaves are not stored: leaf k's largest region is k itself (-1 past the last
 * region), its flags the region's own (SortedRegions.flags) — 20 MB less to write, send and keep
 * at 4,194,304 regions.
 */
export interface LodIndexData {
  readonly count: number;
  /** Leaves of each tree: the smallest power of two >= count (1 when count is 0). */
  readonly leaves: number;
  /** Per node above the leaves (index 0 unused, -1): the largest region of its range (ties: the lowest position), or -1. */
  readonly best: Int32Array;
  /** Per node above the leaves: OR of its range's FLAG_* bits. */
  readonly flags: Uint8Array;
}

/** Builds the segment trees of `regions` in O(n). */
export function buildLodData(regions: SortedRegions): LodIndexData {
  const n = regions.count;
  let size = 1;
  while (size < n) size <<= 1;
  const best = new Int32Array(size);
  const flags = new Uint8Array(size);
  const weight = (k: number) => sizeApproxAt(regions, k);
  const leafFlags = regions.flags;
  best[0] = -1;
  // The lowest nodes, from their two leaves (positions a and a + 1); b lies after a: ties keep a.
  for (let i = size - 1; i >= size >> 1 && i >= 1; i--) {
    const a = 2 * i - size;
    const b = a + 1;
    best[i] = a >= n ? -1 : b >= n ? a : weight(b) > weight(a) ? b : a;
    flags[i] = (a < n ? leafFlags[a] : 0) | (b < n ? leafFlags[b] : 0);
  }
  for (let i = (size >> 1) - 1; i >= 1; i--) {
    const a = best[2 * i];
    const b = best[2 * i + 1];
    best[i] = a < 0 ? b : b < 0 ? a : weight(b) > weight(a) ? b : a;
    flags[i] = flags[2 * i] | flags[2 * i + 1];
  }
  return { count: n, leaves: size, best, flags };
}

/** The LodIndex of `regions` over trees built by buildLodData; throws when they do not fit. */
export function lodIndexFromData(regions: SortedRegions, data: LodIndexData): LodIndex {
  const n = regions.count;
  const size = data.leaves;
  const { best, flags } = data;
  const fits = data.count === n && size >= Math.max(n, 1) && (size & (size - 1)) === 0 && size < 2 * Math.max(n, 1) && best.length === size && flags.length === size;
  if (!fits) throw new RangeError('level-of-detail data does not match the regions');
  const weight = (k: number) => sizeApproxAt(regions, k);
  const leafFlags = regions.flags;
  const better = (a: number, b: number): number => {
    if (a < 0) return b;
    if (b < 0) return a;
    return weight(b) > weight(a) ? b : a; // b > a in position: ties keep a
  };
  /** Leaf node i's largest region: its position, or -1 past the last region. */
  const leaf = (i: number): number => (i - size < n ? i - size : -1);
  /** Leaf node i's flags: its region's, or none past the last region. */
  const leafFlag = (i: number): number => (i - size < n ? leafFlags[i - size] : 0);
  return {
    count: n,
    largestIn(first: number, last: number): number {
      let left = -1;
      let right = -1;
      let a = first + size;
      let b = last + size;
      if (a < b) {
        if (a & 1) left = better(left, leaf(a++));
        if (b & 1) right = better(leaf(--b), right);
        for (a >>= 1, b >>= 1; a < b; a >>= 1, b >>= 1) {
          if (a & 1) left = better(left, best[a++]);
          if (b & 1) right = better(best[--b], right);
        }
      }
      return better(left, right);
    },
    flagsIn(first: number, last: number): number {
      let f = 0;
      let a = first + size;
      let b = last + size;
      if (a < b) {
        if (a & 1) f |= leafFlag(a++);
        if (b & 1) f |= leafFlag(--b);
        for (a >>= 1, b >>= 1; a < b; a >>= 1, b >>= 1) {
          if (a & 1) f |= flags[a++];
          if (b & 1) f |= flags[--b];
        }
      }
      return f;
    },
  };
}

/** Builds the range-maximum and range-OR index of `regions` in O(n). */
export function buildLodIndex(regions: SortedRegions): LodIndex {
  return lodIndexFromData(regions, buildLodData(regions));
}

/**
 * What a frame draws, left to right, in CSS pixels (not clipped: the first and last may extend
 * past the edges). Items cover positions [first, last); gaps lie between `before` and
 * `before + 1`. Arrays are reused from frame to frame; read only the first `count` / `gapCount`.
 */
export interface FrameItems {
  count: number;
  x0: Float64Array;
  x1: Float64Array;
  first: Int32Array;
  last: Int32Array;
  /** The position that represents the item: its largest region. */
  rep: Int32Array;
  /** ITEM_* bits. */
  flags: Uint8Array;
  gapCount: number;
  gapX0: Float64Array;
  gapX1: Float64Array;
  /** Position of the region before the gap. */
  gapBefore: Int32Array;
}

/** Empty frame buffers (they grow as needed). */
export function createFrameItems(capacity = 256): FrameItems {
  return {
    count: 0,
    x0: new Float64Array(capacity),
    x1: new Float64Array(capacity),
    first: new Int32Array(capacity),
    last: new Int32Array(capacity),
    rep: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    gapCount: 0,
    gapX0: new Float64Array(capacity),
    gapX1: new Float64Array(capacity),
    gapBefore: new Int32Array(capacity),
  };
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

function pushItem(out: FrameItems, x0: number, x1: number, first: number, last: number, rep: number, flags: number): void {
  if (out.count === out.x0.length) {
    const n = out.count * 2;
    out.x0 = grown(out.x0, n);
    out.x1 = grown(out.x1, n);
    out.first = grown(out.first, n);
    out.last = grown(out.last, n);
    out.rep = grown(out.rep, n);
    out.flags = grown(out.flags, n);
  }
  const i = out.count++;
  out.x0[i] = x0;
  out.x1[i] = x1;
  out.first[i] = first;
  out.last[i] = last;
  out.rep[i] = rep;
  out.flags[i] = flags;
}

function pushGap(out: FrameItems, x0: number, x1: number, before: number): void {
  if (out.gapCount === out.gapX0.length) {
    const n = out.gapCount * 2;
    out.gapX0 = grown(out.gapX0, n);
    out.gapX1 = grown(out.gapX1, n);
    out.gapBefore = grown(out.gapBefore, n);
  }
  const i = out.gapCount++;
  out.gapX0[i] = x0;
  out.gapX1[i] = x1;
  out.gapBefore[i] = before;
}

/**
 * Lays out one frame of `scale` in the window `v`, `widthPx` wide, into `out` (cleared first).
 * `prominent`: positions (ascending) that represent any pixel column they fall in — the landmarks'
 * (prominentPositions). Cost: two binary searches, then O(log n) per item; at most about three
 * items per pixel.
 */
export function layoutFrame(scale: AddressScale, lod: LodIndex, v: Viewport, widthPx: number, out: FrameItems, prominent: Int32Array | null = null): FrameItems {
  out.count = 0;
  out.gapCount = 0;
  const n = scale.regions.count;
  if (n === 0 || widthPx <= 0) return out;
  const upp = unitsPerPx(v, widthPx);
  const o: FrameOrigin = frameOrigin(v.startU);
  const flagsOf = scale.regions.flags;
  // The searches are written out (no closures): a frame allocates nothing per column.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (scale.reachDelta(m, o) > 0) hi = m;
    else lo = m + 1;
  }
  let k = lo;
  while (k < n) {
    const b = scale.beginDelta(k, o) / upp;
    if (b >= widthPx) break;
    // A gap: everything before k ends (at the running maximum of ends) before k begins.
    if (k > 0) {
      const reach = scale.reachDelta(k - 1, o);
      if (reach < scale.beginDelta(k, o)) pushGap(out, reach / upp, b, k - 1);
    }
    const e = scale.endDelta(k, o) / upp;
    if (e - b >= MIN_ITEM_PX) {
      // Regions that begin where k begins lie on top of each other: one item, drawn by the
      // largest, so that a million copies of a line cost one item, not a million (issue 11).
      const j = k + 1 < n && scale.beginDelta(k + 1, o) === scale.beginDelta(k, o) ? endOfSameBegin(scale, o, k) : k + 1;
      if (j - k === 1) {
        pushItem(out, b, e, k, k + 1, k, flagsOf[k] ? ITEM_WX : 0);
      } else {
        const rep = lod.largestIn(k, j);
        pushItem(out, b, scale.endDelta(rep, o) / upp, k, j, rep, ITEM_MERGED | (lod.flagsIn(k, j) ? ITEM_WX : 0));
      }
      k = j;
      continue;
    }
    // Sub-pixel: take every region that begins in this pixel column. Gallop, then bisect.
    const colEnd = Math.floor(b) + 1;
    let step = 1;
    let top = k + 1;
    while (top < n && scale.beginDelta(top, o) / upp < colEnd) {
      top = Math.min(n, k + 1 + step);
      step *= 2;
    }
    lo = k + 1;
    hi = top;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (scale.beginDelta(m, o) / upp >= colEnd) hi = m;
      else lo = m + 1;
    }
    let j = lo;
    // A long last region is drawn on its own, beyond the column.
    if (j - k > 1 && scale.endDelta(j - 1, o) / upp > colEnd + MIN_ITEM_PX) j--;
    if (j - k === 1) {
      pushItem(out, b, e, k, k + 1, k, flagsOf[k] ? ITEM_WX : 0);
    } else {
      const rep = prominent === null ? -1 : largestProminentIn(prominent, scale.regions, k, j);
      const wx = lod.flagsIn(k, j) ? ITEM_WX : 0;
      pushItem(out, colEnd - 1, colEnd, k, j, rep >= 0 ? rep : lod.largestIn(k, j), ITEM_MERGED | wx);
    }
    k = j;
  }
  return out;
}

export { firstAtOrAfter };

/** The largest of the `prominent` positions (ascending) in [first, last), or -1: a binary search, then the few in range. */
function largestProminentIn(prominent: Int32Array, regions: SortedRegions, first: number, last: number): number {
  const lo = firstAtOrAfter(prominent, first);
  let best = -1;
  for (let i = lo; i < prominent.length && prominent[i] < last; i++) if (best < 0 || sizeApproxAt(regions, prominent[i]) > sizeApproxAt(regions, best)) best = prominent[i];
  return best;
}

/** The end of the run of positions from `k` that begin where `k` begins (positions are in begin order): gallop, then bisect. */
function endOfSameBegin(scale: AddressScale, o: FrameOrigin, k: number): number {
  const n = scale.regions.count;
  const at = scale.beginDelta(k, o);
  let step = 1;
  let top = k + 1;
  while (top < n && scale.beginDelta(top, o) === at) {
    top = Math.min(n, k + 1 + step);
    step *= 2;
  }
  let lo = k + 1;
  let hi = top;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (scale.beginDelta(m, o) !== at) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/** The item under pixel `xPx` (on its visible extent, visibleEndPx), or -1; where items overlap, the last drawn (topmost) wins. */
export function findItemAt(items: FrameItems, xPx: number, slopPx = 0): number {
  // x0 is non-decreasing but for a merged column that starts (at most a pixel) before an
  // overlapping item in the same pixel; a later item may overlap an earlier one. Scan back a little.
  let a = 0;
  let b = items.count;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (items.x0[m] <= xPx + slopPx) a = m + 1;
    else b = m;
  }
  let best = -1;
  let bestDistance = Infinity;
  for (let i = a - 1; i >= 0 && i >= a - 8; i--) {
    const x0 = items.x0[i];
    const x1 = visibleEndPx(items, i);
    const distance = xPx < x0 ? x0 - xPx : xPx >= x1 ? xPx - x1 : 0;
    if (distance <= slopPx && distance < bestDistance) {
      best = i;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}
