/**
 * The gap-compressed view: every unmapped gap gets the same small width, whatever its size, and
 * each mapped region a width that grows with the logarithm of its size — a 4 KiB guard page gets
 * one "page weight", a 1 GiB heap 19, so both are visible and the larger still looks larger.
 *
 * The domain is a line of integer units. A region's piece is `weight * Q` units, a gap
 * `GAP_WEIGHT * Q`, with Q the largest power of two that keeps the whole line below 2^52 — so
 * every piece edge is an exact double (the per-frame maths needs no bigint) and a page deep inside
 * a huge region still spans many units. Inside a piece, addresses map linearly to units, in
 * bigint, so the mapping is monotonic and invertible.
 *
 * Edited files may overlap (docs/format.md): a region that starts inside an earlier one gets
 * a piece only for the part beyond everything before it, and its begin is placed by uOfAddr.
 */
import { U64_MAX, type Addr } from '../address.js';
import type { AddressScale, FrameOrigin, ScaleSegment } from './address-scale.js';
import { sizeApproxAt, type SortedRegions } from './sorted-regions.js';
import type { Domain } from './viewport.js';

const TWO_32 = 4294967296;

/** Width weight of every unmapped gap, in page weights. */
export const GAP_WEIGHT = 3;
/** The weight of regions below one page (hand-written files have 1-byte and empty ones). */
export const MIN_WEIGHT = 0.25;
const PAGE_BYTES = 4096;
/** Slots of the build's table of weights by size (a power of two). */
const WEIGHT_CACHE = 4096;

/** Width weight of a mapped stretch: 1 for a 4 KiB page, +1 per doubling (1 GiB → 19). */
export function regionWeight(sizeBytes: number): number {
  return sizeBytes >= PAGE_BYTES ? 1 + Math.log2(sizeBytes / PAGE_BYTES) : Math.max(MIN_WEIGHT, sizeBytes / PAGE_BYTES);
}

function big(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Ceiling of a / b for a >= 0, b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * A compressed scale as plain arrays, structured-cloneable: the parse worker builds it
 * (buildCompressedScaleData) and the page wraps it (compressedScaleFromData), so that the O(n)
 * build never runs on the page's main thread.
 */
export interface CompressedScaleData {
  /** Pieces, in address order: the part of the address space each region adds beyond everything before it. */
  readonly pieceCount: number;
  /** Piece edges (the first `pieceCount` entries); the regions' own arrays when no two regions overlap. */
  readonly pieceBeginHi: Uint32Array;
  readonly pieceBeginLo: Uint32Array;
  readonly pieceEndHi: Uint32Array;
  readonly pieceEndLo: Uint32Array;
  /**
   * First unit and end unit (exclusive) of each piece: exact integers below 2^52. Null first units
   * when the pieces are the regions (no two overlap): a piece then starts where the one before
   * ends, a gap's units later when it does not begin at that one's end (startUnitsOf) — 8 MB less
   * to write and keep at 1,048,576 regions, whose first touch was ~30 ms of the worker's build.
   */
  readonly pieceStartU: Float64Array | null;
  readonly pieceEndU: Float64Array;
  /** Per position: the units of its begin and end, and the running maximum of end units (the pieces' own arrays when pieces are the regions: beginU null with pieceStartU). */
  readonly beginU: Float64Array | null;
  readonly endU: Float64Array;
  readonly reachU: Float64Array;
  /** Units per page weight (a power of two). */
  readonly unitsPerWeight: number;
  /** Units of the whole line (at least 1). */
  readonly totalU: number;
}

/** The pieces and their units: what the exact address ↔ unit maths reads. */
type PieceLine = Omit<CompressedScaleData, 'beginU' | 'endU' | 'reachU'>;

/**
 * The first unit of piece p of `line`: its own, or, with no array of them (the pieces are the
 * regions, none overlapping), the end unit of the piece before, plus a gap's units when p does not
 * begin where that one ends — the sum the build made (disjointScaleData), so the same double.
 */
function startUnitsOf(line: PieceLine): (p: number) => number {
  const { pieceStartU: pu0, pieceBeginHi: pbh, pieceBeginLo: pbl, pieceEndHi: peh, pieceEndLo: pel, pieceEndU: pu1 } = line;
  if (pu0 !== null) return (p) => pu0[p];
  const gapUnits = Math.round(GAP_WEIGHT * line.unitsPerWeight);
  return (p) => (p === 0 ? 0 : pbh[p] === peh[p - 1] && pbl[p] === pel[p - 1] ? pu1[p - 1] : pu1[p - 1] + gapUnits);
}

/** Exact maps between addresses and units over a line of pieces. */
function pieceMaths(line: PieceLine) {
  const { pieceCount: np, pieceBeginHi: pbh, pieceBeginLo: pbl, pieceEndHi: peh, pieceEndLo: pel, pieceEndU: pu1, totalU } = line;
  const startU = startUnitsOf(line);

  /** Last piece whose begin <= (hi, lo), or -1. */
  const pieceAtOrBelow = (hi: number, lo: number): number => {
    let a = 0;
    let b = np;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (pbh[m] < hi || (pbh[m] === hi && pbl[m] <= lo)) a = m + 1;
      else b = m;
    }
    return a - 1;
  };
  /** Last piece whose first unit <= u, or -1. */
  const pieceAtOrBelowU = (uNum: number): number => {
    let a = 0;
    let b = np;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (startU(m) <= uNum) a = m + 1;
      else b = m;
    }
    return a - 1;
  };

  const uOfAddr = (addr: bigint): bigint => {
    if (np === 0 || addr <= 0n) return 0n;
    const p = pieceAtOrBelow(Number(addr >> 32n), Number(addr & 0xffff_ffffn));
    if (p < 0) return 0n;
    const b = big(pbh[p], pbl[p]);
    const e = big(peh[p], pel[p]);
    if (addr < e) return BigInt(startU(p)) + ((addr - b) * BigInt(pu1[p] - startU(p))) / (e - b);
    if (addr === b) return BigInt(startU(p)); // an empty region: its address is its left edge
    if (p === np - 1) return BigInt(pu1[p]);
    const nb = big(pbh[p + 1], pbl[p + 1]);
    return BigInt(pu1[p]) + ((addr - e) * BigInt(startU(p + 1) - pu1[p])) / (nb - e);
  };

  /** The first address whose unit is >= uu, from the piece arithmetic (exact but for empty pieces). */
  const addrAtOrAfterU = (uu: bigint): bigint => {
    const uNum = Number(uu < 0n ? 0n : uu);
    const p = pieceAtOrBelowU(uNum);
    if (p < 0) return big(pbh[0], pbl[0]);
    const b = big(pbh[p], pbl[p]);
    const e = big(peh[p], pel[p]);
    if (uNum < pu1[p]) return b + ceilDiv((uu - BigInt(startU(p))) * (e - b), BigInt(pu1[p] - startU(p)));
    if (p === np - 1) return e;
    const nb = big(pbh[p + 1], pbl[p + 1]);
    return e + ceilDiv((uu - BigInt(pu1[p])) * (nb - e), BigInt(startU(p + 1) - pu1[p]));
  };

  const addrOfU = (uu: bigint): Addr => {
    if (np === 0) return 0n as Addr;
    const a = addrAtOrAfterU(uu);
    // Inside an empty region's piece no address maps to uu itself: the answer is the next byte.
    return (a < U64_MAX && uOfAddr(a) < uu ? a + 1n : a) as Addr;
  };

  const segmentAt = (uu: bigint): ScaleSegment => {
    const uNum = Number(uu);
    let p = Math.max(0, pieceAtOrBelowU(uNum));
    if (np === 0) return { mapped: true, beginAddr: 0n, endAddr: 0n, beginU: 0n, endU: BigInt(totalU) };
    if (uNum >= pu1[p] && p < np - 1) {
      return {
        mapped: false,
        beginAddr: big(peh[p], pel[p]),
        endAddr: big(pbh[p + 1], pbl[p + 1]),
        beginU: BigInt(pu1[p]),
        endU: BigInt(startU(p + 1)),
      };
    }
    if (p > np - 1) p = np - 1;
    return { mapped: true, beginAddr: big(pbh[p], pbl[p]), endAddr: big(peh[p], pel[p]), beginU: BigInt(startU(p)), endU: BigInt(pu1[p]) };
  };

  return { uOfAddr, addrOfU, segmentAt };
}

/** Units per page weight: the largest power of two that keeps a line of `totalWeight` page weights below 2^52. */
function unitsPerWeight(totalWeight: number): number {
  return 2 ** Math.floor(Math.log2(2 ** 52 / Math.max(totalWeight, 1)));
}

/** Builds the arrays of the gap-compressed scale of a file's regions, in O(n). */
export function buildCompressedScaleData(regions: SortedRegions): CompressedScaleData {
  const pu1 = new Float64Array(regions.count);
  const gaps = weighIfDisjoint(regions, pu1);
  return gaps >= 0 ? disjointScaleData(regions, gaps, pu1) : overlappingScaleData(regions);
}

/**
 * Writes each region's weight into `weights`, negated where a gap comes before the region (a
 * weight is at least MIN_WEIGHT > 0, so its sign is free), and returns the number of gaps — or -1,
 * as soon as a region begins before the previous one's end (an edited file: overlappingScaleData).
 * Math.log2 was a third of the build at 4,194,304 regions; a map has few distinct sizes (pages,
 * guard pages, thread stacks, a library's segments), so each weight is remembered by its size in a
 * small direct-mapped table (the same double as computed anew).
 */
function weighIfDisjoint(regions: SortedRegions, weights: Float64Array): number {
  const { count: n, beginHi, beginLo, endHi, endLo } = regions;
  const cachedSize = new Float64Array(WEIGHT_CACHE).fill(-1);
  const cachedWeight = new Float64Array(WEIGHT_CACHE);
  let gaps = 0;
  for (let k = 0; k < n; k++) {
    const sizeBytes = sizeApproxAt(regions, k);
    const slot = (sizeBytes / PAGE_BYTES) & (WEIGHT_CACHE - 1);
    let w = cachedWeight[slot];
    if (cachedSize[slot] !== sizeBytes) {
      w = regionWeight(sizeBytes);
      cachedSize[slot] = sizeBytes;
      cachedWeight[slot] = w;
    }
    if (k > 0) {
      const bh = beginHi[k];
      const bl = beginLo[k];
      const eh = endHi[k - 1];
      const el = endLo[k - 1];
      if (bh < eh || (bh === eh && bl < el)) return -1;
      if (bh !== eh || bl !== el) {
        gaps++;
        w = -w;
      }
    }
    weights[k] = w;
  }
  return gaps;
}

/**
 * The scale of regions that do not overlap (every file the kernel writes): the pieces are the
 * regions themselves (their arrays shared), and a piece's units are its begin's, end's and reach's.
 * `pu1` holds the weights weighIfDisjoint wrote, each replaced by its end unit: one pass over the
 * regions' arrays and one array in all (a weight array and a gap array were 36 MB more at
 * 4,194,304 regions, and a pass of their own over the regions); the first units are not kept but
 * found from the end units (startUnitsOf).
 */
function disjointScaleData(regions: SortedRegions, gaps: number, pu1: Float64Array): CompressedScaleData {
  const n = regions.count;
  const { beginHi, beginLo, endHi, endLo } = regions;
  // The sum in the same order as over separate arrays (the gaps' weight first), so that the line is
  // the same to the last bit whichever way it is built.
  let totalWeight = gaps * GAP_WEIGHT;
  for (let k = 0; k < n; k++) totalWeight += Math.abs(pu1[k]);
  const q = unitsPerWeight(totalWeight);
  const gapUnits = Math.round(GAP_WEIGHT * q);
  let u = 0;
  for (let k = 0; k < n; k++) {
    const w = pu1[k];
    if (w < 0) u += gapUnits;
    u += Math.max(1, Math.round(Math.abs(w) * q));
    pu1[k] = u;
  }
  const line = { pieceCount: n, pieceBeginHi: beginHi, pieceBeginLo: beginLo, pieceEndHi: endHi, pieceEndLo: endLo, pieceStartU: null, pieceEndU: pu1, unitsPerWeight: q, totalU: Math.max(u, 1) };
  return { ...line, beginU: null, endU: pu1, reachU: pu1 };
}

/** The scale of regions some of which overlap (an edited file): a region gets a piece only for what it adds beyond everything before it. */
function overlappingScaleData(regions: SortedRegions): CompressedScaleData {
  const n = regions.count;
  const { beginHi, beginLo, endHi, endLo } = regions;
  const pbh = new Uint32Array(n);
  const pbl = new Uint32Array(n);
  const peh = new Uint32Array(n);
  const pel = new Uint32Array(n);
  const weight = new Float64Array(n);
  const gapBefore = new Uint8Array(n);
  const pieceOf = new Int32Array(n);
  let np = 0;
  let gaps = 0;
  let runHi = 0;
  let runLo = 0;
  for (let k = 0; k < n; k++) {
    const bh = beginHi[k], bl = beginLo[k], eh = endHi[k], el = endLo[k];
    const atOrAfterRun = k === 0 || bh > runHi || (bh === runHi && bl >= runLo);
    if (atOrAfterRun) {
      if (k > 0 && (bh !== runHi || bl !== runLo)) {
        gapBefore[np] = 1;
        gaps++;
      }
      pbh[np] = bh;
      pbl[np] = bl;
    } else if (eh > runHi || (eh === runHi && el > runLo)) {
      pbh[np] = runHi;
      pbl[np] = runLo;
    } else {
      pieceOf[k] = -1; // inside an earlier region: no piece of its own
      continue;
    }
    peh[np] = eh;
    pel[np] = el;
    weight[np] = regionWeight((eh - pbh[np]) * TWO_32 + (el - pbl[np]));
    pieceOf[k] = np++;
    runHi = eh;
    runLo = el;
  }

  let totalWeight = gaps * GAP_WEIGHT;
  for (let p = 0; p < np; p++) totalWeight += weight[p];
  const q = unitsPerWeight(totalWeight);
  const gapUnits = Math.round(GAP_WEIGHT * q);
  const pu0 = new Float64Array(np);
  const pu1 = new Float64Array(np);
  let u = 0;
  for (let p = 0; p < np; p++) {
    if (gapBefore[p]) u += gapUnits;
    pu0[p] = u;
    u += Math.max(1, Math.round(weight[p] * q));
    pu1[p] = u;
  }
  const line: PieceLine = {
    pieceCount: np,
    pieceBeginHi: pbh,
    pieceBeginLo: pbl,
    pieceEndHi: peh,
    pieceEndLo: pel,
    pieceStartU: pu0,
    pieceEndU: pu1,
    unitsPerWeight: q,
    totalU: Math.max(u, 1),
  };

  // Per position: the units of its begin and end, and their running maximum.
  const { uOfAddr } = pieceMaths(line);
  const uBegin = new Float64Array(n);
  const uEnd = new Float64Array(n);
  const reach = new Float64Array(n);
  let maxEnd = 0;
  for (let k = 0; k < n; k++) {
    const p = pieceOf[k];
    const ownsBegin = p >= 0 && pbh[p] === beginHi[k] && pbl[p] === beginLo[k];
    uBegin[k] = ownsBegin ? pu0[p] : Number(uOfAddr(big(beginHi[k], beginLo[k])));
    uEnd[k] = p >= 0 ? pu1[p] : Number(uOfAddr(big(endHi[k], endLo[k])));
    if (uEnd[k] > maxEnd) maxEnd = uEnd[k];
    reach[k] = maxEnd;
  }
  return { ...line, beginU: uBegin, endU: uEnd, reachU: reach };
}

/** The compressed scale of `regions` over arrays built by buildCompressedScaleData; throws when they do not fit. */
export function compressedScaleFromData(regions: SortedRegions, data: CompressedScaleData): AddressScale {
  const n = regions.count;
  const np = data.pieceCount;
  const fits =
    Number.isInteger(np) &&
    np >= 0 &&
    np <= n &&
    [data.pieceBeginHi, data.pieceBeginLo, data.pieceEndHi, data.pieceEndLo].every((a) => a.length >= np) &&
    // No first units: the pieces are the regions (startUnitsOf), one a position.
    (data.pieceStartU === null ? data.beginU === null && np === n : data.pieceStartU.length === np && data.beginU?.length === n) &&
    data.pieceEndU.length === np &&
    [data.endU, data.reachU].every((a) => a.length === n) &&
    data.totalU >= 1 &&
    data.unitsPerWeight > 0;
  if (!fits) throw new RangeError('compressed-scale data does not match the regions');
  const { uOfAddr, addrOfU, segmentAt } = pieceMaths(data);
  const { beginU, endU, reachU, unitsPerWeight: q } = data;
  const startU = startUnitsOf(data);
  const domain: Domain = { startU: 0n, endU: BigInt(data.totalU), minSpanU: BigInt(Math.max(64, q / 2 ** 20)) };
  return {
    mode: 'compressed',
    regions,
    domain,
    fitStartU: 0n,
    fitEndU: domain.endU,
    sections: [],
    uOfAddr,
    addrOfU,
    beginDelta: beginU === null ? (k: number, o: FrameOrigin) => startU(k) - o.approx : (k: number, o: FrameOrigin) => beginU[k] - o.approx,
    endDelta: (k: number, o: FrameOrigin) => endU[k] - o.approx,
    reachDelta: (k: number, o: FrameOrigin) => reachU[k] - o.approx,
    segmentAt,
  };
}

/** The gap-compressed scale of a file's regions. */
export function createCompressedScale(regions: SortedRegions): AddressScale {
  return compressedScaleFromData(regions, buildCompressedScaleData(regions));
}
