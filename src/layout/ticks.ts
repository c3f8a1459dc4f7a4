/**
 * Axis ticks of an address scale: hex addresses on round powers of two, far enough apart that
 * their labels never touch, at every zoom level. In the gap-compressed scale the bytes per pixel
 * differ from one region to the next, so the step is chosen per stretch, and the first address
 * after each unmapped gap gets a tick of its own (where the mapping resumes), as does the lowest.
 *
 * Work per frame is O(ticks + pixels) — the walk advances at least one pixel per step — and never
 * visits the regions between two ticks one by one.
 */
import type { Addr } from '../address.js';
import type { AddressScale } from './address-scale.js';
import { pxOfU, uOfPx, viewportEnd, type Viewport } from './viewport.js';

/** One axis tick. */
export interface Tick {
  readonly addr: Addr;
  readonly xPx: number;
  readonly label: string;
  /** The first mapped address after an unmapped gap (compressed scale). */
  readonly boundary: boolean;
}

/** How ticks are laid out. */
export interface TickOptions {
  widthPx: number;
  /** Advance of one label character (the axis uses a monospace font). */
  charWidthPx: number;
  /** Free space after each label. */
  paddingPx?: number;
}

/** Formats an address for the axis: hex in groups of four digits, `0x7fff_f7a0_0000`. */
export function formatTickLabel(addr: bigint): string {
  const hex = addr.toString(16);
  let out = '';
  for (let i = hex.length; i > 0; i -= 4) out = hex.slice(Math.max(0, i - 4), i) + (out ? '_' + out : '');
  return '0x' + out;
}

/** The smallest power of two >= x (x >= 1), as a bigint. */
export function pow2AtLeast(x: number): bigint {
  if (!(x > 1)) return 1n;
  return 1n << BigInt(Math.ceil(Math.log2(x)));
}

/** The first multiple of `step` at or above `a`. */
function roundUp(a: bigint, step: bigint): bigint {
  const r = a % step;
  return r === 0n ? a : a + (step - r);
}

/** Ticks of `scale` in the window `v`, left to right. */
export function computeTicks(scale: AddressScale, v: Viewport, options: TickOptions): Tick[] {
  const { widthPx, charWidthPx } = options;
  const endU = viewportEnd(v);
  const lastAddr = scale.addrOfU(endU - 1n);
  const labelPx = formatTickLabel(lastAddr).length * charWidthPx;
  const spacingPx = labelPx + (options.paddingPx ?? 16);
  const unitsPerPxNum = Number(v.spanU) / widthPx;
  const ticks: Tick[] = [];
  let u = v.startU;
  let prev = -1n;
  while (u < endU && ticks.length < 1000) {
    const seg = scale.segmentAt(u);
    let cand: bigint;
    let boundary = false;
    if (!seg.mapped) {
      cand = seg.endAddr;
      boundary = true;
    } else if (u === scale.domain.startU && scale.mode === 'compressed') {
      // The left edge of the compressed line is where the lowest region begins: label it.
      cand = seg.beginAddr;
      boundary = true;
    } else {
      const segPx = Number(seg.endU - seg.beginU) / unitsPerPxNum;
      const bytesPerPx = Number(seg.endAddr - seg.beginAddr) / segPx;
      cand = roundUp(scale.addrOfU(u), pow2AtLeast(bytesPerPx * spacingPx));
      if (cand >= seg.endAddr || cand <= prev) {
        if (seg.endU >= scale.domain.endU) break;
        // Next stretch, but at least one pixel on: a walk over sub-pixel regions stays O(pixels).
        const onePxOn = uOfPx(v, widthPx, pxOfU(v, widthPx, u) + 1);
        u = seg.endU > onePxOn ? seg.endU : onePxOn;
        continue;
      }
    }
    const candU = scale.uOfAddr(cand);
    if (candU >= endU) break;
    const xPx = pxOfU(v, widthPx, candU);
    if (cand > prev && xPx >= 0) {
      ticks.push({ addr: cand as Addr, xPx, label: formatTickLabel(cand), boundary });
      prev = cand;
    }
    const next = uOfPx(v, widthPx, Math.max(xPx, 0) + spacingPx);
    u = next > candU ? next : candU + 1n;
  }
  return ticks;
}
