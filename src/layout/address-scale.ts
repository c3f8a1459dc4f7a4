/**
 * What the two address scales share. A scale maps a 64-bit address to an integer unit of its
 * domain and back (exactly, in bigint), and gives per-region distances from a frame's origin as
 * doubles for pixels — the hot path of a frame, which touches no bigint.
 */
import type { Addr } from '../address.js';
import type { SortedRegions } from './sorted-regions.js';
import type { Domain } from './viewport.js';

/** `compressed`: unmapped gaps collapsed, mapped sizes log-scaled. `linear`: to scale. */
export type ScaleMode = 'compressed' | 'linear';

/** A viewport's origin, split once per frame so that per-region maths stays in doubles. */
export interface FrameOrigin {
  readonly u: bigint;
  /** High and low 32-bit halves of `u` (hi may be 2^32 at the very end of the 64-bit domain). */
  readonly hi: number;
  readonly lo: number;
  /** `u` as the nearest double: exact below 2^53 (every compressed domain). */
  readonly approx: number;
}

/** Splits a unit for per-frame maths. */
export function frameOrigin(u: bigint): FrameOrigin {
  return { u, hi: Number(u >> 32n), lo: Number(u & 0xffff_ffffn), approx: Number(u) };
}

/** A stretch of the domain: one region's piece, or the unmapped gap between two pieces. */
export interface ScaleSegment {
  readonly mapped: boolean;
  readonly beginAddr: bigint;
  /** Exclusive. */
  readonly endAddr: bigint;
  readonly beginU: bigint;
  /** Exclusive. */
  readonly endU: bigint;
}

/**
 * A labelled stretch of a to-scale line: a part of the address space (`user space`, drawn
 * `bytesPerUnit` bytes per unit) or the break that stands for a hole no one can map.
 */
export interface ScaleSection extends ScaleSegment {
  readonly kind: 'part' | 'break';
  /** `user space`, `kernel half`, `non-canonical hole`. */
  readonly label: string;
  /** Bytes per unit in a part (a power of two); 0 in a break. */
  readonly bytesPerUnit: bigint;
}

/** Maps addresses of one file's regions to units of a domain. */
export interface AddressScale {
  readonly mode: ScaleMode;
  readonly regions: SortedRegions;
  readonly domain: Domain;
  /** From the lowest region's begin to the highest region's end: what "reset" shows. */
  readonly fitStartU: bigint;
  readonly fitEndU: bigint;
  /** The to-scale line's labelled parts and breaks, in order (empty when there is nothing to label). */
  readonly sections: readonly ScaleSection[];
  /** The unit of an address (monotonic; addresses outside the regions' span clamp to its edges). */
  uOfAddr(addr: bigint): bigint;
  /** The first address whose unit is at or after `u` (monotonic; the inverse of uOfAddr). */
  addrOfU(u: bigint): Addr;
  /** Units from the origin to position k's begin, as a double (non-decreasing in k). */
  beginDelta(k: number, o: FrameOrigin): number;
  /** Units from the origin to position k's end. */
  endDelta(k: number, o: FrameOrigin): number;
  /** Units from the origin to the running-maximum end at k (non-decreasing in k). */
  reachDelta(k: number, o: FrameOrigin): number;
  /** The stretch containing unit `u`; ticks step through these. */
  segmentAt(u: bigint): ScaleSegment;
}
