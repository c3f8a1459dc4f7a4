/**
 * Viewport maths: which part of a scale's domain the view shows, and how gestures move it.
 *
 * A domain is measured in integer "units" (bytes for the to-scale view, layout units for the
 * gap-compressed one). The viewport keeps its origin and span as bigints, so that zooming from
 * the whole 2^64 space down to one 4 KiB page at 0xffffffffff600000 loses nothing; a distance
 * becomes a double only after the bigint subtraction, for pixels, last (Perfetto
 * ui/src/base/time.ts and time_scale.ts do the same for nanosecond timestamps).
 */

/** The extent a viewport may show, and how far it may zoom in. */
export interface Domain {
  readonly startU: bigint;
  /** Exclusive end. */
  readonly endU: bigint;
  /** The smallest span a viewport may have. */
  readonly minSpanU: bigint;
}

/** The visible window [startU, startU + spanU) of a domain. Immutable. */
export interface Viewport {
  readonly startU: bigint;
  readonly spanU: bigint;
}

/** The domain's units in one pixel of a view `widthPx` wide. */
export function unitsPerPx(v: Viewport, widthPx: number): number {
  return Number(v.spanU) / widthPx;
}

/** Exclusive end of the visible window. */
export function viewportEnd(v: Viewport): bigint {
  return v.startU + v.spanU;
}

/** Pixel (from the view's left edge) of unit `u`. */
export function pxOfU(v: Viewport, widthPx: number, u: bigint): number {
  return (Number(u - v.startU) * widthPx) / Number(v.spanU);
}

/** The unit at pixel `xPx` (rounded to the nearest unit). */
export function uOfPx(v: Viewport, widthPx: number, xPx: number): bigint {
  return v.startU + BigInt(Math.round((xPx * Number(v.spanU)) / widthPx));
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Keeps the span within [minSpanU, domain size] and the window inside the domain. */
export function clampViewport(v: Viewport, d: Domain): Viewport {
  const size = d.endU - d.startU;
  const spanU = minBig(maxBig(v.spanU, minBig(d.minSpanU, size)), size);
  const startU = minBig(maxBig(v.startU, d.startU), d.endU - spanU);
  return startU === v.startU && spanU === v.spanU ? v : { startU, spanU };
}

/** The whole domain. */
export function fullViewport(d: Domain): Viewport {
  return { startU: d.startU, spanU: d.endU - d.startU };
}

/**
 * A window showing [beginU, endU) with `marginFraction` of its span free on each side, clamped to
 * the domain (an empty range is shown at the smallest span, centred).
 */
export function fitRange(d: Domain, beginU: bigint, endU: bigint, marginFraction = 0): Viewport {
  const span = endU > beginU ? endU - beginU : 0n;
  const margin = BigInt(Math.round(Number(span) * marginFraction));
  let spanU = span + 2n * margin;
  if (spanU < d.minSpanU) spanU = d.minSpanU;
  const startU = beginU - (spanU - span) / 2n;
  return clampViewport({ startU, spanU }, d);
}

/**
 * Zooms by `factor` (below 1 zooms in) around pixel `anchorPx`: the unit under the anchor stays
 * under it, as speedscope's flame chart and d3-zoom's wheel do, unless the domain edge stops it.
 */
export function zoomAt(v: Viewport, d: Domain, widthPx: number, anchorPx: number, factor: number): Viewport {
  const anchorU = uOfPx(v, widthPx, anchorPx);
  const next = clampViewport({ startU: v.startU, spanU: BigInt(Math.round(Number(v.spanU) * factor)) }, d);
  const startU = anchorU - BigInt(Math.round((anchorPx * Number(next.spanU)) / widthPx));
  return clampViewport({ startU, spanU: next.spanU }, d);
}

/** Moves the window by `dxPx` pixels (positive moves the content right, i.e. shows lower units). */
export function panByPx(v: Viewport, d: Domain, widthPx: number, dxPx: number): Viewport {
  const du = BigInt(Math.round((dxPx * Number(v.spanU)) / widthPx));
  return clampViewport({ startU: v.startU - du, spanU: v.spanU }, d);
}

/**
 * The viewport that a d3-zoom transform (scale `k`, translation `xPx`) makes of `base`: pixel
 * p of the new view shows what pixel (p - xPx) / k of `base` showed. Gestures stay relative to a
 * base that is re-based when they end, so d3's doubles never hold an absolute position.
 */
export function applyTransform(base: Viewport, d: Domain, widthPx: number, k: number, xPx: number): Viewport {
  const baseUpp = Number(base.spanU) / widthPx;
  const startU = base.startU + BigInt(Math.round((-xPx / k) * baseUpp));
  const spanU = BigInt(Math.round(Number(base.spanU) / k));
  return clampViewport({ startU, spanU }, d);
}

/** The zoom factors a gesture starting at `base` may reach: [most zoomed out, most zoomed in]. */
export function scaleExtentOf(base: Viewport, d: Domain): [number, number] {
  const span = Number(base.spanU);
  return [span / Number(d.endU - d.startU), span / Number(d.minSpanU)];
}

/** The domain's edges as pixels of `base`: the translate extent of a gesture starting there. */
export function pxExtentOf(base: Viewport, d: Domain, widthPx: number): [number, number] {
  return [pxOfU(base, widthPx, d.startU), pxOfU(base, widthPx, d.endU)];
}

/** True when both viewports show the same window. */
export function sameViewport(a: Viewport | null, b: Viewport | null): boolean {
  return a === b || (a !== null && b !== null && a.startU === b.startU && a.spanU === b.spanU);
}
