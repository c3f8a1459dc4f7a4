/**
 * The overview strip: the whole file at the current scale, with a d3 brush that shows the visible
 * window and moves it (drag the window, draw a new one, or click to centre the view there).
 */
import { useEffect, useRef } from 'react';
import { brushX, type BrushBehavior, type D3BrushEvent } from 'd3-brush';
import { select } from 'd3-selection';
import { clampViewport, createFrameItems, fitViewport, layoutFrame, pxOfU, uOfPx, viewportEnd, type AddressScale } from '../../src/internal';
import type { Coloring } from '../paint/coloring';
import { createPaintScratch, paintMap } from '../paint/paint-map';
import type { ThemeColors } from '../paint/palette';
import { viewStore } from '../state/app-store';
import type { ViewModel } from '../state/view-model';
import { useViewSize } from '../hooks/useViewSize';

const HEIGHT_PX = 26;
/** The brush is never drawn narrower than this, so a one-page window is still visible. */
const MIN_BRUSH_PX = 3;

interface Props {
  model: ViewModel;
  scale: AddressScale;
  coloring: Coloring;
  theme: ThemeColors;
}

export function Overview({ model, scale, coloring, theme }: Props) {
  const store = viewStore;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scratch = useRef(createPaintScratch());
  const brushGroup = useRef<SVGGElement>(null);
  const { widthPx } = useViewSize(box);

  // Paint the whole file once per scale, colouring, theme and width — in a task of its own, so
  // that a new file's first task holds the map's first frame and not this one too.
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || widthPx <= 0) return;
    const timer = setTimeout(() => {
      const whole = fitViewport(scale);
      const dpr = window.devicePixelRatio || 1;
      el.width = Math.round(widthPx * dpr);
      el.height = Math.round(HEIGHT_PX * dpr);
      const items = layoutFrame(scale, model.lod, whole, widthPx, createFrameItems(), model.prominent);
      paintMap({
        ctx, widthPx, heightPx: HEIGHT_PX, dpr, theme, coloring, scale, viewport: whole, items,
        hoverPos: -1, hoverGapBefore: -1, selectedPos: -1, detailed: false, font: '10px sans-serif', scratch: scratch.current,
      });
    }, 0);
    return () => clearTimeout(timer);
  }, [model, scale, coloring, theme, widthPx]);

  // The brush: follows the viewport, and moves it.
  useEffect(() => {
    const g = brushGroup.current;
    if (!g || widthPx <= 0) return;
    const whole = fitViewport(scale);
    const selection = select(g);
    let moving = false;
    const brush: BrushBehavior<unknown> = brushX<unknown>()
      .extent([
        [0, 0],
        [widthPx, HEIGHT_PX],
      ])
      .on('brush end', (event: D3BrushEvent<unknown>) => {
        if (moving || !event.sourceEvent) return;
        const s = event.selection as [number, number] | null;
        const v = store.get().viewport ?? whole;
        if (s === null) {
          // A click: centre the view on that point, same zoom.
          const c = uOfPx(whole, widthPx, (event.sourceEvent as MouseEvent).offsetX ?? 0);
          store.set({ viewport: clampViewport({ startU: c - v.spanU / 2n, spanU: v.spanU }, scale.domain) });
          return;
        }
        if (s[1] - s[0] < MIN_BRUSH_PX + 0.5 && event.type === 'brush') {
          // Dragging a window drawn wider than it is: keep its span, move its centre.
          const c = uOfPx(whole, widthPx, (s[0] + s[1]) / 2);
          store.set({ viewport: clampViewport({ startU: c - v.spanU / 2n, spanU: v.spanU }, scale.domain) });
          return;
        }
        const startU = uOfPx(whole, widthPx, s[0]);
        store.set({ viewport: clampViewport({ startU, spanU: uOfPx(whole, widthPx, s[1]) - startU }, scale.domain) });
      });
    selection.call(brush);
    const follow = () => {
      const { viewport: v, scaleMode, owner } = store.get();
      if (!v || owner !== model || scaleMode !== scale.mode) return; // another file's or scale's window: a render is pending
      let x0 = Math.min(Math.max(pxOfU(whole, widthPx, v.startU), 0), widthPx);
      let x1 = Math.min(Math.max(pxOfU(whole, widthPx, viewportEnd(v)), 0), widthPx);
      if (x1 - x0 < MIN_BRUSH_PX) {
        x0 = Math.min(Math.max((x0 + x1) / 2 - MIN_BRUSH_PX / 2, 0), widthPx - MIN_BRUSH_PX);
        x1 = x0 + MIN_BRUSH_PX;
      }
      moving = true;
      brush.move(selection, [x0, x1]);
      moving = false;
    };
    follow();
    const unsubscribe = store.subscribe(follow);
    return () => {
      unsubscribe();
      selection.on('.brush', null);
    };
  }, [model, scale, widthPx, store]);

  return (
    <div ref={box} className="map-overview" title="Overview: drag the window to move the view, or draw a new window">
      <canvas ref={canvas} style={{ width: widthPx, height: HEIGHT_PX }} aria-hidden="true" />
      <svg width={widthPx} height={HEIGHT_PX} aria-label="Overview of the whole address space">
        <g ref={brushGroup} className="overview-brush" />
      </svg>
    </div>
  );
}
