/**
 * The overview strip: the whole file at the current scale, with the visible window outlined.
 * Dragging across it marks a range and zooms the map to it when released, wherever the drag
 * starts — inside the window too, so that at the opening view (the window is the whole strip) a
 * drag still zooms (issue 18); Escape cancels it. A click centres the view there, same zoom.
 */
import { useEffect, useMemo, useRef } from 'react';
import { clampViewport, createFrameItems, fitViewport, layoutFrame, pxOfU, uOfPx, viewportEnd, type AddressScale } from '../../src/internal';
import type { Coloring } from '../paint/coloring';
import { createPaintScratch, paintMap } from '../paint/paint-map';
import type { ThemeColors } from '../paint/palette';
import { viewStore } from '../state/app-store';
import type { ViewModel } from '../state/view-model';
import { useRangeDrag } from '../hooks/useRangeDrag';
import { useViewSize } from '../hooks/useViewSize';
import { writeInFrames } from '../hooks/after-paint';
import { ScaleSections } from './ScaleSections';
import { clearedCanvas } from '../paint/canvas-size';

const HEIGHT_PX = 26;
/** The window is never drawn narrower than this, so a one-page window is still visible. */
const MIN_WINDOW_PX = 3;
/** Width of the window's edge. */
const WINDOW_EDGE_PX = 1.5;

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
  const windowBox = useRef<HTMLCanvasElement>(null);
  const band = useRef<HTMLDivElement>(null);
  const { widthPx } = useViewSize(box);
  const whole = useMemo(() => fitViewport(scale), [scale]);

  // Paint the whole file once per scale, colouring, theme and width — in a task of its own, so
  // that a new file's first task holds the map's first frame and not this one too.
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || widthPx <= 0) return;
    const timer = setTimeout(() => {
      const all = fitViewport(scale);
      const dpr = window.devicePixelRatio || 1;
      el.width = Math.round(widthPx * dpr);
      el.height = Math.round(HEIGHT_PX * dpr);
      const items = layoutFrame(scale, model.lod, all, widthPx, createFrameItems(), model.prominent);
      paintMap({
        ctx, widthPx, heightPx: HEIGHT_PX, dpr, theme, coloring, scale, viewport: all, items, detailed: false, font: '10px sans-serif', scratch: scratch.current,
      });
    }, 0);
    return () => clearTimeout(timer);
  }, [model, scale, coloring, theme, widthPx]);

  useRangeDrag({ surface: box, band, scale, widthPx, store, shown: () => fitViewport(scale) });

  // The window outline follows the viewport, in the frame that paints the map: drawn on a canvas
  // of its own (an element moved and resized in each frame of a zoom made the browser lay out and
  // layerize the page again each frame; a canvas redrawn is composited as it is).
  useEffect(() => {
    const el = windowBox.current;
    if (!el || widthPx <= 0) return;
    const all = fitViewport(scale);
    let drawn: unknown = null;
    const follow = () => {
      const { viewport: v, scaleMode, owner } = store.get();
      if (!v || owner !== model || scaleMode !== scale.mode) return; // another file's or scale's window: a render is pending
      if (v === drawn) return; // a hover or a selection: the window did not move
      drawn = v;
      let x0 = Math.min(Math.max(pxOfU(all, widthPx, v.startU), 0), widthPx);
      let x1 = Math.min(Math.max(pxOfU(all, widthPx, viewportEnd(v)), 0), widthPx);
      if (x1 - x0 < MIN_WINDOW_PX) {
        x0 = Math.min(Math.max((x0 + x1) / 2 - MIN_WINDOW_PX / 2, 0), widthPx - MIN_WINDOW_PX);
        x1 = x0 + MIN_WINDOW_PX;
      }
      const sized = clearedCanvas(el, widthPx, HEIGHT_PX);
      if (!sized) return;
      const { ctx } = sized;
      ctx.fillStyle = theme.overlay;
      ctx.fillRect(x0, 0, x1 - x0, HEIGHT_PX);
      ctx.strokeStyle = theme.selection;
      ctx.lineWidth = WINDOW_EDGE_PX;
      ctx.strokeRect(x0 + WINDOW_EDGE_PX / 2, WINDOW_EDGE_PX / 2, x1 - x0 - WINDOW_EDGE_PX, HEIGHT_PX - WINDOW_EDGE_PX);
    };
    return writeInFrames(store, follow);
  }, [model, scale, widthPx, store, theme]);

  // A click (a press that did not become a drag: useRangeDrag swallows those) centres the view there.
  const onClick = (event: React.MouseEvent) => {
    const el = box.current;
    if (!el) return;
    const v = store.get().viewport ?? whole;
    const c = uOfPx(whole, widthPx, event.clientX - el.getBoundingClientRect().left);
    store.set({ viewport: clampViewport({ startU: c - v.spanU / 2n, spanU: v.spanU }, scale.domain) });
  };

  return (
    <div
      ref={box}
      className="map-overview"
      role="group"
      aria-label="Overview of the whole address space: drag across it to zoom the map to that range, click to centre the view there"
      title="Overview: drag across it to zoom to a range (Escape cancels), click to centre the view there"
      onClick={onClick}
    >
      <canvas ref={canvas} style={{ width: widthPx, height: HEIGHT_PX }} aria-hidden="true" />
      <ScaleSections scale={scale} variant="bands" viewport={whole} />
      <canvas ref={windowBox} className="overview-window" style={{ width: widthPx, height: HEIGHT_PX }} aria-hidden="true" />
      <div ref={band} className="range-band" hidden>
        <span className="range-band-text" />
      </div>
    </div>
  );
}
