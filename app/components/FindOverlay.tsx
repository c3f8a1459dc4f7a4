/**
 * The find layer over the address-space map: a second canvas, stacked on the map's and blind to
 * the pointer, painted whenever the window, the size or the find state changes (app/paint/paint-find.ts).
 * Nothing is laid out or painted while there is no search, filter or lookup.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { PaintedFrame } from '../hooks/useViewFrame';
import { createFrameItems, layoutFrame, type AddressScale } from '../../src/internal';
import { AXIS_HEIGHT_PX } from '../paint/paint-axis';
import { paintFind } from '../paint/paint-find';
import type { ThemeColors } from '../paint/palette';
import { useFindPaint } from '../hooks/useFind';
import type { ViewModel } from '../state/view-model';
import { viewStore } from '../state/app-store';
import { sizeCanvas } from '../paint/canvas-size';

interface Props {
  model: ViewModel;
  /** The map's last painted frame (useViewFrame): its items, when they are this frame's. */
  painted: RefObject<PaintedFrame>;
  scale: AddressScale;
  theme: ThemeColors;
  widthPx: number;
  heightPx: number;
}

export function FindOverlay({ model, painted, scale, theme, widthPx, heightPx }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const items = useRef(createFrameItems());
  const blank = useRef(false);
  const measures = useRef(0);
  const find = useFindPaint(model.index);

  useEffect(() => {
    let request = 0;
    const draw = () => {
      request = 0;
      const el = canvas.current;
      const state = viewStore.get();
      const v = state.viewport;
      if (!el || widthPx <= 0 || heightPx <= 0) return;
      const startMs = performance.now();
      if (find === null || v === null || state.scaleMode !== scale.mode) {
        // An empty layer is cleared once, not in every frame of a zoom: a canvas drawn on is
        // copied to the compositor in that frame, cleared or not.
        const dpr = window.devicePixelRatio || 1;
        if (blank.current && el.width === Math.round(widthPx * dpr) && el.height === Math.round(heightPx * dpr)) return;
        const sized = sizeCanvas(el, widthPx, heightPx);
        if (!sized) return;
        sized.ctx.setTransform(1, 0, 0, 1, 0, 0);
        sized.ctx.clearRect(0, 0, el.width, el.height);
        blank.current = true;
      } else {
        const sized = sizeCanvas(el, widthPx, heightPx);
        if (!sized) return;
        // The map lays out the same frame just before (its frame callback is registered first): its items are reused.
        const frame = painted.current;
        const laidOut = frame.viewport === v && frame.scale === scale && frame.widthPx === widthPx ? frame.items : layoutFrame(scale, model.lod, v, widthPx, items.current);
        paintFind({ ctx: sized.ctx, widthPx, heightPx, dpr: sized.dpr, theme, scale, viewport: v, items: laidOut, labelled: model.landmarks.length > 0 }, find);
        blank.current = false;
      }
      performance.measure('mapscope:find-frame', { start: startMs, end: performance.now() });
      if (++measures.current > 2000) {
        performance.clearMeasures('mapscope:find-frame');
        measures.current = 0;
      }
    };
    const schedule = () => {
      if (request === 0) request = requestAnimationFrame(draw);
    };
    schedule();
    let last = viewStore.get();
    const unsubscribe = viewStore.subscribe(() => {
      const s = viewStore.get();
      if (s.viewport !== last.viewport || s.scaleMode !== last.scaleMode) schedule();
      last = s;
    });
    return () => {
      unsubscribe();
      if (request !== 0) cancelAnimationFrame(request);
    };
  }, [model, scale, theme, widthPx, heightPx, find, painted]);

  return <canvas ref={canvas} className="find-overlay" style={{ top: AXIS_HEIGHT_PX, width: widthPx, height: heightPx }} aria-hidden="true" />;
}
