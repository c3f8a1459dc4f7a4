/**
 * The frame loop of the address-space map: whenever the viewport, colouring, theme or size
 * changes, one requestAnimationFrame lays out the frame (src/layout), paints the map's canvas and
 * the axis (app/paint), and records its duration as a User Timing measure (`mapscope:frame`; the
 * first frame of a file also as `mapscope:first-frame`, from the moment its model was built) —
 * visible in DevTools and read by the view benchmark. The hover and the selection are drawn on a
 * canvas of their own over the map: a change of only those (a hover, a looked-up address in view)
 * redraws that canvas, not the map. The axis's accessible name is written when the view has been
 * still for a moment (writeWhenSettled), not in each frame of a zoom. React does not re-render
 * per frame.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { computeTicks, createFrameItems, layoutFrame, zoomAt, type AddressScale, type Domain, type FrameItems, type MetricPrefixSums, type Viewport } from '../../src/internal';
import type { Coloring } from '../paint/coloring';
import type { ChangeMarks } from '../paint/paint-changes';
import { AXIS_CHAR_PX, AXIS_HEIGHT_PX, axisDescription, drawAxis } from '../paint/paint-axis';
import { createPaintScratch, mapLanes, paintHighlights, paintMap, preparePaint, type PaintScratch } from '../paint/paint-map';
import type { LandmarkLabels } from '../paint/paint-landmarks';
import type { ThemeColors } from '../paint/palette';
import { hoverKey, type ViewState, type ViewStore } from '../state/view-store';
import type { ViewModel } from '../state/view-model';
import { clearedCanvas, sizeCanvas } from '../paint/canvas-size';
import { formatWindow } from './useViewActions';
import { writeWhenSettled } from './after-paint';
import { whenIdle } from './idle';

/** What the map shows in its last painted frame: for hit testing. */
export interface PaintedFrame {
  items: FrameItems;
  viewport: Viewport | null;
  scale: AddressScale | null;
  widthPx: number;
}

export interface FrameInputs {
  canvas: RefObject<HTMLCanvasElement | null>;
  /** The hover and selection's canvas, the map's size, stacked over it (and under the find layer). */
  highlight: RefObject<HTMLCanvasElement | null>;
  /** The axis's canvas, AXIS_HEIGHT_PX high and the map's width: drawn in the same frame, its accessible name set to what it shows once the view is still. */
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

/**
 * The zoom factors of the frames warmed after a file's first frame (warmFrameCode): from a half
 * of the window down to 2^-15 of it, about as deep as 60 wheel notches go, in and out again, so
 * that the levels of the level-of-detail tree a zoom reaches are laid out and painted.
 */
const WARM_FACTORS = [2 ** -1, 2 ** -3, 2 ** -6, 2 ** -9, 2 ** -12, 2 ** -15, 2 ** -13, 2 ** -10, 2 ** -7, 2 ** -4, 2 ** -2, 2 ** -5, 2 ** -8, 2 ** -11, 2 ** -14, 2 ** -1];
/** How many frames warmFrameCode lays out and paints (each a `mapscope:warm-frame` measure). */
export const WARM_FRAMES = WARM_FACTORS.length;

/**
 * Width of a warmed frame: a strip of the map, not all of it. The code runs cold in these frames
 * (the first, at the map's full width, held the main thread ~30 ms at 262,144 regions on a loaded
 * machine); a narrow one lays out and paints fewer items, so that no idle step is a long task,
 * and V8 sees the same code and objects all the same.
 */
export const WARM_WIDTH_PX = 240;

/**
 * The windows warmFrameCode lays out and paints, WARM_WIDTH_PX wide: `v`'s first WARM_WIDTH_PX
 * pixels (its scale), zoomed by WARM_FACTORS around points spread over that strip — windows a
 * wheel gesture from `v` shows a part of.
 */
export function warmViewports(v: Viewport, domain: Domain, widthPx: number): Viewport[] {
  const w = Math.min(widthPx, WARM_WIDTH_PX);
  const strip: Viewport = { startU: v.startU, spanU: (v.spanU * BigInt(w)) / BigInt(Math.max(widthPx, 1)) || 1n };
  return WARM_FACTORS.map((f, i) => zoomAt(strip, domain, w, (w * ((i % 4) + 1)) / 5, f));
}

/**
 * Paints the map on every change; returns the last painted frame. Long because: one layout effect
 * whose closures share a frame's state (the request, the window laid out ahead, the blank highlight
 * canvas) across the draw, the first frame's two tasks and the store's subscription.
 */
export function useViewFrame(inputs: FrameInputs): RefObject<PaintedFrame> {
  const painted = useRef<PaintedFrame>({ items: createFrameItems(), viewport: null, scale: null, widthPx: 0 });
  const firstFrameOf = useRef<ViewModel | null>(null);
  const scratch = useRef(createPaintScratch());
  /** A new file's first frame, laid out in a task before the frame that paints it (prepareFirst). */
  const spareItems = useRef<FrameItems>(createFrameItems());
  const { canvas, highlight, axis, model, scale, coloring, theme, widthPx, heightPx, store, shade = null, changes = null, landmarks } = inputs;

  useLayoutEffect(() => {
    let request = 0;
    // What the next frame must redraw: the map (a new window, file, colouring, theme or size)
    // or only the hover and the selection.
    let mapStale = true;
    const lanes = mapLanes(heightPx, true, landmarks.list.length > 0);
    const current = () => {
      const state = store.get();
      return state.viewport !== null && widthPx > 0 && heightPx > 0 && state.owner === model && state.scaleMode === scale.mode ? state : null;
    };
    // The window whose items prepareFirst laid out in spareItems, or null.
    let prepared: Viewport | null = null;
    // Cancels the warm-up after the first frame (warmFrameCode).
    let unwarm = () => {};
    const drawMap = (v: Viewport): boolean => {
      const el = canvas.current;
      const sized = el ? sizeCanvas(el, widthPx, heightPx) : null;
      if (!sized) return false;
      const frame = painted.current;
      if (prepared === v) {
        const items = spareItems.current;
        spareItems.current = frame.items;
        frame.items = items;
      } else layoutFrame(scale, model.lod, v, widthPx, frame.items, model.prominent);
      prepared = null;
      frame.viewport = v;
      frame.scale = scale;
      frame.widthPx = widthPx;
      paintMap({ ctx: sized.ctx, widthPx, heightPx, dpr: sized.dpr, theme, coloring, scale, viewport: v, items: frame.items, detailed: true, font: LABEL_FONT, shade, changes, landmarks, scratch: scratch.current });
      if (axis.current) paintAxisCanvas(axis.current, scale, v, widthPx, theme);
      return true;
    };
    // Cleared once when there is nothing to outline, not in every frame of a zoom: a canvas drawn
    // on is copied to the compositor in that frame, cleared or not.
    let highlightBlank = false;
    const drawHighlights = (state: ViewState, v: Viewport) => {
      const el = highlight.current;
      if (!el) return;
      const hover = state.hover;
      const position = model.sorted.positionOfRow;
      const hoverPos = hover?.kind === 'region' ? position[hover.row] : -1;
      const hoverGapBefore = hover?.kind === 'gap' && hover.beforeRow >= 0 ? position[hover.beforeRow] : -1;
      const selectedPos = state.selectedRow >= 0 && state.selectedRow < model.table.length ? position[state.selectedRow] : -1;
      const blank = hoverPos < 0 && hoverGapBefore < 0 && selectedPos < 0;
      if (blank && highlightBlank) return;
      const sized = clearedCanvas(el, widthPx, heightPx);
      if (!sized) return;
      highlightBlank = blank;
      if (blank) return;
      paintHighlights({
        ctx: sized.ctx,
        widthPx,
        theme,
        scale,
        viewport: v,
        items: painted.current.items,
        lanes,
        hoverPos,
        hoverGapBefore,
        selectedPos,
        detailed: true,
      });
    };
    const draw = () => {
      request = 0;
      const state = current();
      if (state === null) return;
      const v = state.viewport!;
      const startMs = performance.now();
      if (mapStale || painted.current.viewport !== v) {
        if (!drawMap(v)) return;
        mapStale = false;
      }
      drawHighlights(state, v);
      const endMs = performance.now();
      if (++measures > MAX_MEASURES) {
        performance.clearMeasures('mapscope:frame');
        measures = 0;
      }
      performance.measure('mapscope:frame', { start: startMs, end: endMs });
      if (firstFrameOf.current !== model) {
        firstFrameOf.current = model;
        performance.measure('mapscope:first-frame', { start: model.createdMs, end: endMs });
        model.firstFrame('drawn');
        unwarm = warmFrameCode(v, { model, scale, theme, coloring, widthPx, heightPx, store, shade, changes, landmarks }, scratch.current);
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
    //
    // That first frame is split in two tasks: a task of its own lays the frame out and makes what
    // the paint makes once per canvas (the backing stores, the W+X stripes), then asks for the
    // animation frame that paints it. At 4,194,304 regions the two together, in one animation
    // frame, were the longest task of a load (43–54 ms of CPU: the layout's code runs cold, and the
    // stripes' tile is a canvas of its own). Nothing is drawn before the paint, so no frame shows
    // half of it; the hover's hit test reads the painted frame, not the prepared one.
    let firstTimer = 0;
    const prepareFirst = () => {
      firstTimer = 0;
      const state = current();
      const el = canvas.current;
      const sized = el && state !== null && firstFrameOf.current !== model ? clearedCanvas(el, widthPx, heightPx) : null;
      if (sized && state !== null) {
        layoutFrame(scale, model.lod, state.viewport!, widthPx, spareItems.current, model.prominent);
        prepared = state.viewport;
        preparePaint(sized.ctx, theme, sized.dpr, scratch.current);
        // The other two canvases' backing stores too: a canvas's memory is made at its first draw.
        if (axis.current) clearedCanvas(axis.current, widthPx, AXIS_HEIGHT_PX);
        if (highlight.current && clearedCanvas(highlight.current, widthPx, heightPx)) highlightBlank = true;
      }
      schedule();
    };
    const drawFirstOrNow = () => {
      mapStale = true;
      if (firstFrameOf.current === model) draw();
      else if (firstTimer === 0) {
        // What waits for the map's first frame (the worker's analysis: parse-client.ts) waits for this one.
        model.firstFrame('asked');
        firstTimer = window.setTimeout(prepareFirst, 0);
      }
    };
    drawFirstOrNow();
    let last = store.get();
    const unsubscribe = store.subscribe(() => {
      const s = store.get();
      if (s.owner !== last.owner) drawFirstOrNow();
      else if (s.viewport !== last.viewport || hoverKey(s.hover) !== hoverKey(last.hover) || s.selectedRow !== last.selectedRow) schedule();
      last = s;
    });
    // The axis's name, once the view is still: what the axis shows when its next frame is drawn.
    const unname = writeWhenSettled(store, () => {
      const state = current();
      if (state !== null && axis.current) nameAxis(axis.current, scale, state.viewport!, widthPx);
    });
    return () => {
      unsubscribe();
      unname();
      if (request !== 0) cancelAnimationFrame(request);
      clearTimeout(firstTimer);
      unwarm();
    };
  }, [canvas, highlight, axis, model, scale, coloring, theme, widthPx, heightPx, store, shade, changes, landmarks]);

  return painted;
}

/**
 * A wheel gesture's first frames ran the layout and paint code in V8's interpreter and its
 * baseline tier: 7–15 ms of CPU each for the first four or five at 262,144 regions, against ~2 ms
 * for the frames after them — most of the gesture's slowest 5%. So once a file's first frame is
 * shown, idle time lays out and paints frames of a zoom into it (warmViewports), one an idle
 * step, on a canvas that is not in the document: the same functions on the same kinds of objects,
 * so that V8 has compiled them when the first wheel event comes. Nothing the user sees is drawn,
 * and the painted frame (hit testing) is left as it is; the label widths it measures are kept in
 * the map's `scratch`, as a frame's are. It stops when the window moves from `from` (a gesture's
 * own frames take over). Returns the cancel.
 */
function warmFrameCode(from: Viewport, f: Omit<FrameInputs, 'canvas' | 'highlight' | 'axis'>, scratch: PaintScratch): () => void {
  const { model, scale, theme, widthPx, store } = f;
  const windows = warmViewports(from, scale.domain, widthPx);
  const w = Math.min(widthPx, WARM_WIDTH_PX);
  const dpr = window.devicePixelRatio || 1;
  // One pixel: what is drawn there is never shown, and so is cut to nothing by the rasteriser.
  const offscreen = document.createElement('canvas');
  offscreen.width = 1;
  offscreen.height = 1;
  const ctx = offscreen.getContext('2d');
  if (ctx === null) return () => {};
  const items = createFrameItems();
  let k = 0;
  let cancel = () => {};
  const step = () => {
    if (store.get().viewport !== from || k === windows.length) return;
    const startMs = performance.now();
    const v = windows[k++];
    layoutFrame(scale, model.lod, v, w, items, model.prominent);
    paintMap({ ctx, widthPx: w, heightPx: f.heightPx, dpr, theme, coloring: f.coloring, scale, viewport: v, items, detailed: true, font: LABEL_FONT, shade: f.shade, changes: f.changes, landmarks: f.landmarks, scratch });
    drawAxis(ctx, computeTicks(scale, v, { widthPx: w, charWidthPx: AXIS_CHAR_PX }), w, 0, theme, dpr);
    performance.measure('mapscope:warm-frame', { start: startMs, end: performance.now() });
    cancel = whenIdle(step);
  };
  cancel = whenIdle(step);
  return () => cancel();
}

/** Draws the axis of window `v` on its canvas. */
function paintAxisCanvas(el: HTMLCanvasElement, scale: AddressScale, v: Viewport, widthPx: number, theme: ThemeColors): void {
  const sized = clearedCanvas(el, widthPx, AXIS_HEIGHT_PX);
  if (!sized) return;
  drawAxis(sized.ctx, computeTicks(scale, v, { widthPx, charWidthPx: AXIS_CHAR_PX }), widthPx, 0, theme, sized.dpr);
}

/** Names the axis's canvas with what it shows in window `v`, when that changed. */
function nameAxis(el: HTMLCanvasElement, scale: AddressScale, v: Viewport, widthPx: number): void {
  const label = axisDescription(computeTicks(scale, v, { widthPx, charWidthPx: AXIS_CHAR_PX }), widthPx, formatWindow(scale, v));
  if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
}
