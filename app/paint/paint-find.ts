/**
 * The find layer of the map, painted on its own canvas over the map's (app/components/FindOverlay.tsx):
 * regions that the search and the permission filter leave out are dimmed (or hidden), runs of
 * matches get a bar under them (at least 3 px wide, so that a match far below a pixel still shows
 * as it is typed), and a looked-up address gets a pin. Items merge many regions into a
 * pixel column (src/layout/level-of-detail.ts); the address-order positions of the selected
 * regions, as a set (src/model/position-set.ts: an ascending array searched by halves, or bits
 * for a broad match, read a word at a time), answer "does this item hold a selected region?", so
 * the layer costs O(items · log matches) or O(items + positions / 32), not O(regions), and a
 * keystroke lists no per-region array for it. Like paint-map.ts, it never reads the DOM.
 */
import { pxOfU, type AddressScale, type FrameItems, type PositionSet, type Viewport } from '../../src/internal';
import { mapLanes } from './paint-map';
import type { ThemeColors } from './palette';

/** Everything one frame of the find layer needs; sizes in CSS pixels. */
export interface FindFrame {
  ctx: CanvasRenderingContext2D;
  widthPx: number;
  heightPx: number;
  dpr: number;
  theme: ThemeColors;
  scale: AddressScale;
  viewport: Viewport;
  /** The frame's items, laid out as the map lays out its own (layoutFrame). */
  items: FrameItems;
  /** The map labels landmarks (its band lies lower: mapLanes). */
  labelled: boolean;
}

/** What the find layer draws; built from the find results (app/state/find-results.ts). */
export interface FindPaint {
  /** Address-order positions of the regions the filter and the search keep; null when neither is set. */
  selected: PositionSet | null;
  /** A search is set: its matches (`selected`) get a bar. */
  bars: boolean;
  /** Regions the search or the filter leaves out are hidden instead of dimmed. */
  hide: boolean;
  /** The looked-up address, or null. */
  markAddr: bigint | null;
}

/** Height of the match bar under the band. */
const MATCH_BAR_PX = 5;

/** Paints the find layer over a cleared canvas. */
export function paintFind(p: FindFrame, f: FindPaint): void {
  const { ctx, items, theme, widthPx, heightPx, dpr } = p;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, widthPx, heightPx);
  // The band of regions as paintMap places it.
  const { bandTop, bandHeight } = mapLanes(heightPx, true, p.labelled);
  const clip = (x: number) => Math.min(Math.max(x, -2), widthPx + 2);

  // Search and filter are one selection: what neither keeps is dimmed (or hidden).
  const selected = f.selected;
  if (selected !== null) {
    ctx.fillStyle = theme.bandBackground;
    ctx.globalAlpha = f.hide ? 1 : 0.78;
    for (let i = 0; i < items.count; i++) {
      if (selected.anyIn(items.first[i], items.last[i])) continue;
      const x0 = clip(items.x0[i]);
      const x1 = Math.max(clip(items.x1[i]), x0 + 2);
      ctx.fillRect(x0, bandTop, x1 - x0, bandHeight);
    }
    ctx.globalAlpha = 1;
  }

  if (f.bars && selected !== null) {
    const mp = selected;
    const barTop = bandTop + bandHeight - MATCH_BAR_PX;
    // Runs of adjacent matching items share one bar, so that a matched library reads as one.
    let i = 0;
    while (i < items.count) {
      if (!mp.anyIn(items.first[i], items.last[i])) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < items.count && mp.anyIn(items.first[j], items.last[j]) && items.x0[j] - items.x1[j - 1] < 1) j++;
      const x0 = clip(items.x0[i]);
      const x1 = Math.max(clip(items.x1[j - 1]), x0 + 3);
      ctx.fillStyle = theme.background;
      ctx.fillRect(x0, barTop - 1, x1 - x0, MATCH_BAR_PX + 1);
      ctx.fillStyle = theme.text;
      ctx.fillRect(x0, barTop, x1 - x0, MATCH_BAR_PX);
      i = j;
    }
  }

  if (f.markAddr !== null) {
    const x = Math.round(pxOfU(p.viewport, widthPx, p.scale.uOfAddr(f.markAddr)));
    if (x >= -4 && x <= widthPx + 4) {
      const cx = x + 0.5;
      ctx.fillStyle = theme.background;
      ctx.fillRect(cx - 2.5, bandTop, 5, bandHeight);
      ctx.fillStyle = theme.alarm;
      ctx.fillRect(cx - 1, bandTop, 2, bandHeight);
      // A pin head in the marker lane above the band.
      ctx.beginPath();
      ctx.arc(cx, Math.max(5, bandTop - 5), 4.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
