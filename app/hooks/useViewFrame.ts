/**
 * The frame loop of the address-space map: whenever the viewport, hover, selection, colouring,
 * theme or size changes, one requestAnimationFrame lays out the frame (src/layout), paints the
 * canvas and the axis (app/paint), and records its duration as a User Timing measure
 * (`mapscope:frame`; the first frame of a file also as `mapscope:first-frame`, from the moment its
 * model was built) — visible in DevTools and read by the view benchmark. React does not re-render
 * per frame.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { computeTicks, createFrameItems, layoutFrame, type AddressScale, type FrameItems, type MetricPrefixSums, type Viewport } from '../../src/internal';
import type { Coloring } from '../paint/coloring';
import type { ChangeMarks } from '../paint/paint-changes';
import { AXIS_CHAR_PX, AXIS_HEIGHT_PX, axisDescription, drawAxis } from '../paint/paint-axis';
import { createPaintScratch, paintMap } from '../paint/paint-map';
import type { LandmarkLabels } from '../paint/paint-landmarks';
import type { ThemeColors } from '../paint/palette';
import { hoverKey, type ViewStore } from '../state/view-store';
import type { ViewModel } from '../state/view-model';
import { clearedCanvas, sizeCanvas } from '../paint/canvas-size';
import { formatWindow } from './useViewActions';

/** What the map shows in its last painted frame: for hit testing. */
export interface PaintedFrame {
  items: FrameItems;
  viewport: Viewport | null;
  scale: AddressScale | null;
  widthPx: number;
}

export interface FrameInputs {
  canvas: RefObject<HTMLCanvasElement | null>;
  /** The axis's canvas, AXIS_HEIGHT_PX high and the map's width: drawn in the same frame, its accessible name set to what it shows. */
  axis: RefObject<HTMLCanvasElement | null>;
  model: ViewModel;
  scale: AddressScale;
  coloring: Coloring;
  theme: ThemeColors;
  widthPx: number;
  heightPx: number;
  store: ViewStore;
  /** An smaps metric to shade by (useMetricShade), or null. */
  shade?: MetricPrefixSums | null;
  /** A comparison's marks (useChangeMarks), or null. */
  changes?: ChangeMarks | null;
  /** The file's landmarks and their labels (made once per file). */
  landmarks: LandmarkLabels;
}

const LABEL_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
const MAX_MEASURES = 2000;
let measures = 0;

/** Paints the map on every change; returns the last painted frame. */
export function useViewFrame(inputs: FrameInputs): RefObject<PaintedFrame> {
  const painted = useRef<PaintedFrame>({ items: createFrameItems(), viewport: null, scale: null, widthPx: 0 });
  const firstFrameOf = useRef<ViewModel | null>(null);
  const scratch = useRef(createPaintScratch());
  const { canvas, axis, model, scale, coloring, theme, widthPx, heightPx, store, shade = null, changes = null, landmarks } = inputs;

  useLayoutEffect(() => {
    let request = 0;
    const draw = () => {
      request = 0;
      const el = canvas.current;
      const state = store.get();
      const v = state.viewport;
      if (!el || !v || widthPx <= 0 || heightPx <= 0 || state.owner !== model || state.scaleMode !== scale.mode) return;
      const startMs = performance.now();
      const sized = sizeCanvas(el, widthPx, heightPx);
      if (!sized) return;
      const { ctx, dpr } = sized;
      const frame = painted.current;
      layoutFrame(scale, model.lod, v, widthPx, frame.items, model.prominent);
      frame.viewport = v;
      frame.scale = scale;
      frame.widthPx = widthPx;
      const hover = state.hover;
      paintMap({
        ctx,
        widthPx,
        heightPx,
        dpr,
        theme,
        coloring,
        scale,
        viewport: v,
        items: frame.items,
        hoverPos: hover?.kind === 'region' ? model.sorted.positionOfRow[hover.row] : -1,
        hoverGapBefore: hover?.kind === 'gap' && hover.beforeRow >= 0 ? model.sorted.positionOfRow[hover.beforeRow] : -1,
        selectedPos: state.selectedRow >= 0 && state.selectedRow < model.table.length ? model.sorted.positionOfRow[state.selectedRow] : -1,
        detailed: true,
        font: LABEL_FONT,
        shade,
        changes,
        landmarks,
        scratch: scratch.current,
      });
      if (axis.current) paintAxisCanvas(axis.current, scale, v, widthPx, theme);
      const endMs = performance.now();
      if (++measures > MAX_MEASURES) {
        performance.clearMeasures('mapscope:frame');
        measures = 0;
      }
      performance.measure('mapscope:frame', { start: startMs, end: endMs });
      if (firstFrameOf.current !== model) {
        firstFrameOf.current = model;
        performance.measure('mapscope:first-frame', { start: model.createdMs, end: endMs });
      }
    };
    const schedule = () => {
      if (request === 0) request = requestAnimationFrame(draw);
    };
    // A new file's first frame is painted by an animation-frame callback: in the browser's next
    // frame, before it shows the new DOM, but not in the task that mounted the view (which, with
    // the paint, held the main thread ~25 ms of CPU at 262,144 regions). A new size or colouring
    // of a file already shown is painted at once, before the browser shows the new DOM; other
    // changes wait for the next animation frame.
    const drawFirstOrNow = () => {
      if (firstFrameOf.current === model) draw();
      else schedule();
    };
    drawFirstOrNow();
    let last = store.get();
    const unsubscribe = store.subscribe(() => {
      const s = store.get();
      if (s.owner !== last.owner) drawFirstOrNow();
      else if (s.viewport !== last.viewport || hoverKey(s.hover) !== hoverKey(last.hover) || s.selectedRow !== last.selectedRow) schedule();
      last = s;
    });
    return () => {
      unsubscribe();
      if (request !== 0) cancelAnimationFrame(request);
    };
  }, [canvas, axis, model, scale, coloring, theme, widthPx, heightPx, store, shade, changes, landmarks]);

  return painted;
}

/**
 * Draws the axis of window `v` on its canvas, and names the canvas with what it shows when that
 * changed (an attribute no style rule reads: no style, layout or paint of anything else).
 */
function paintAxisCanvas(el: HTMLCanvasElement, scale: AddressScale, v: Viewport, widthPx: number, theme: ThemeColors): void {
  const sized = clearedCanvas(el, widthPx, AXIS_HEIGHT_PX);
  if (!sized) return;
  const { ctx, dpr } = sized;
  const ticks = computeTicks(scale, v, { widthPx, charWidthPx: AXIS_CHAR_PX });
  drawAxis(ctx, ticks, widthPx, 0, theme, dpr);
  const label = axisDescription(ticks, widthPx, formatWindow(scale, v));
  if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
}
