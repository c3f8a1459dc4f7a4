/**
 * Shading of the map by an smaps metric: each drawn item keeps its colour up to the height of its
 * share of the metric (Rss ÷ size: how much of it is resident) and is shadowed above it, so a
 * region that is mostly not in RAM reads as mostly dark. A dark shadow rather than a light veil
 * keeps the names painted over the regions legible. A merged pixel column shows the share
 * of all the regions it holds (prefix sums, src/analyze/metrics.ts). Reads nothing but its inputs.
 */
import { metricShare, type FrameItems, type MetricPrefixSums } from '../../src/internal';

/** The narrowest an item is drawn, as paint-map.ts draws it. */
const MIN_DRAWN_PX = 2;

export interface MetricShadePaint {
  ctx: CanvasRenderingContext2D;
  items: FrameItems;
  sums: MetricPrefixSums;
  widthPx: number;
  /** The band the regions fill, in CSS pixels. */
  bandTop: number;
  bandHeight: number;
}

/** The shadow over the part of a region above its share, and the line at the level. */
const SHADOW = 'rgba(0, 0, 0, 0.5)';
const LEVEL_LINE = 'rgba(255, 255, 255, 0.85)';

/** Shadows the part of each item above its share of the metric: after the fills, before the labels. */
export function paintMetricShade(p: MetricShadePaint): void {
  const { ctx, items, sums, bandTop, bandHeight } = p;
  ctx.save();
  for (let i = 0; i < items.count; i++) {
    const x0 = Math.max(items.x0[i], -1);
    const x1 = Math.min(Math.max(items.x1[i], items.x0[i] + MIN_DRAWN_PX), p.widthPx + 1);
    if (x1 <= 0 || x0 >= p.widthPx) continue;
    const share = metricShare(sums, items.first[i], items.last[i]);
    const shadowPx = bandHeight * (1 - share);
    if (shadowPx <= 0) continue;
    ctx.fillStyle = SHADOW;
    ctx.fillRect(x0, bandTop, x1 - x0, shadowPx);
    if (share > 0 && x1 - x0 >= 3) {
      ctx.fillStyle = LEVEL_LINE;
      ctx.fillRect(x0, bandTop + shadowPx - 1, x1 - x0, 1);
    }
  }
  ctx.restore();
}
