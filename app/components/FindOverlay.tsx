/**
 * The find layer over the address-space map: a second canvas, stacked on the map's and blind to
 * the pointer, painted whenever the window, the size or the find state changes (app/paint/paint-find.ts).
 * Nothing is laid out or painted while there is no search, filter or lookup.
 */
import { useEffect, useRef } from 'react';
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
  scale: AddressScale;
  theme: ThemeColors;
  widthPx: number;
  heightPx: number;
}

export function FindOverlay({ model, scale, theme, widthPx, heightPx }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const items = useRef(createFrameItems());
  const find = useFindPaint(model.index);

  useEffect(() => {
    let request = 0;
    const draw = () => {
      request = 0;
      const el = canvas.current;
      const state = viewStore.get();
      const v = state.viewport;
      if (!el || widthPx <= 0 || heightPx <= 0) return;
      const sized = sizeCanvas(el, widthPx, heightPx);
      if (!sized) return;
      const { ctx, dpr } = sized;
      const startMs = performance.now();
      if (find === null || v === null || state.scaleMode !== scale.mode) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, el.width, el.height);
      } else {
        layoutFrame(scale, model.lod, v, widthPx, items.current);
        paintFind({ ctx, widthPx, heightPx, dpr, theme, scale, viewport: v, items: items.current }, find);
      }
      performance.measure('mapscope:find-frame', { start: startMs, end: performance.now() });
      if (performance.getEntriesByName('mapscope:find-frame').length > 2000) performance.clearMeasures('mapscope:find-frame');
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
  }, [model, scale, theme, widthPx, heightPx, find]);

  return <canvas ref={canvas} className="find-overlay" style={{ top: AXIS_HEIGHT_PX, width: widthPx, height: heightPx }} aria-hidden="true" />;
}
