/**
 * Zoom and pan of the address-space map. d3-zoom is the gesture source for Shift+drag (a plain
 * drag zooms to a range: useRangeDrag), touch and double-click (d3-zoom src/transform.js: an
 * immutable, invertible transform); the viewport itself stays in src/layout/viewport.ts, exact in
 * bigint. d3's transform is kept relative to a base viewport and re-based when a gesture ends, so
 * its doubles never hold an absolute position.
 *
 * The wheel is handled here rather than by d3: each wheel event is applied to the exact viewport
 * at once (zooming around the cursor, as speedscope's flame chart does), so a long trackpad
 * gesture from 16 EiB down to one page accumulates no rounding. Horizontal wheel deltas (trackpad
 * swipes) and Shift+wheel pan.
 */
import { useEffect, type RefObject } from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import {
  applyTransform,
  fitViewport,
  panByPx,
  pxExtentOf,
  sameViewport,
  scaleExtentOf,
  zoomAt,
  type AddressScale,
  type Viewport,
} from '../../src/internal';
import type { ViewStore } from '../state/view-store';

/** d3-zoom's wheel speed: the span doubles every 500 px of vertical wheel (10× with Ctrl: pinch). */
const WHEEL_BITS_PER_PX = 0.002;

/** Attaches zoom and pan gestures to `target` (the map's interaction surface). */
export function useZoom(target: RefObject<HTMLElement | null>, scale: AddressScale | null, widthPx: number, store: ViewStore): void {
  useEffect(() => {
    const el = target.current;
    if (!el || !scale || widthPx <= 0) return;
    const domain = scale.domain;
    const current = () => store.get().viewport ?? fitViewport(scale);
    let base = current();
    let emitted: Viewport | null = null;
    let resetting = false;
    const selection = select(el);

    // d3's transform is re-based on the current viewport when one of its gestures starts, not on
    // every change of the viewport: re-basing runs a d3 gesture and reads the element's size (a
    // forced style and layout), which was a third of a wheel frame's main-thread work.
    let stale = false;
    const behavior: ZoomBehavior<HTMLElement, unknown> = zoom<HTMLElement, unknown>()
      // The wheel is ours (below), and so is a plain drag (useRangeDrag: it zooms to a range);
      // d3 takes Shift+drag (pan), touch and double-click.
      .filter((event: Event) => {
        const mouse = event as MouseEvent;
        const ours = event.type !== 'wheel' && !mouse.button && !mouse.ctrlKey && (event.type !== 'mousedown' || mouse.shiftKey);
        // d3 calls the filter before it reads the element's transform for a new gesture.
        if (ours && stale) rebase();
        return ours;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        if (resetting) return;
        const next = applyTransform(base, domain, widthPx, event.transform.k, event.transform.x);
        emitted = next;
        store.set({ viewport: next });
      })
      .on('end', () => {
        if (!resetting) rebase();
      });

    /** Starts d3's transform afresh from the current viewport, with extents relative to it. */
    function rebase(): void {
      stale = false;
      emitted = null;
      base = current();
      const [kMin, kMax] = scaleExtentOf(base, domain);
      const [x0, x1] = pxExtentOf(base, domain, widthPx);
      behavior.scaleExtent([kMin, kMax]).translateExtent([
        [x0, -Infinity],
        [x1, Infinity],
      ]);
      resetting = true;
      behavior.transform(selection, zoomIdentity);
      resetting = false;
    }

    // The element's left edge, read when the pointer enters or the layout changes (the observer's
    // first call comes after the first layout) — not per wheel event, where reading it would force
    // a style and layout pass in every frame of a zoom, nor at set-up, where it would force one in
    // the task that shows a new file. An event before any of those reads it then.
    let left = NaN;
    const measureLeft = () => {
      left = el.getBoundingClientRect().left;
    };
    const leftPx = () => {
      if (Number.isNaN(left)) measureLeft();
      return left;
    };
    const resize = new ResizeObserver(measureLeft);
    resize.observe(el);
    el.addEventListener('pointerenter', measureLeft);
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const unitPx = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? widthPx : 1;
      const dx = event.deltaX * unitPx;
      const dy = event.deltaY * unitPx;
      const x = event.clientX - leftPx();
      const v = current();
      let next: Viewport;
      if (!event.ctrlKey && Math.abs(dx) > Math.abs(dy)) next = panByPx(v, domain, widthPx, -dx);
      else if (event.shiftKey && !event.ctrlKey) next = panByPx(v, domain, widthPx, -dy);
      else next = zoomAt(v, domain, widthPx, x, 2 ** (dy * WHEEL_BITS_PER_PX * (event.ctrlKey ? 10 : 1)));
      store.set({ viewport: next });
    };

    // Anything else that moves the viewport (wheel, keys, overview brush, scale switch) re-bases d3.
    const unsubscribe = store.subscribe(() => {
      const { viewport: v, scaleMode } = store.get();
      if (scaleMode !== scale.mode) return; // the other scale's viewport: this effect is being replaced
      if (v !== null && !sameViewport(v, emitted) && !sameViewport(v, base)) stale = true;
    });

    // d3's own wheel listener would only call the filter, which turns every wheel event away.
    selection.call(behavior).on('dblclick.zoom', null).on('wheel.zoom', null);
    selection.on('dblclick.mapscope', (event: MouseEvent) => {
      const x = event.clientX - leftPx();
      store.set({ viewport: zoomAt(current(), domain, widthPx, x, event.shiftKey ? 2 : 0.5) });
    });
    el.addEventListener('wheel', onWheel, { passive: false });
    // Based at its first gesture (the filter), not here: a d3 gesture run at set-up read the
    // element's size in the task that shows a new file, forcing a second style and layout pass
    // there (~10% of that task at 4,194,304 regions, with the gesture itself).
    stale = true;
    return () => {
      unsubscribe();
      resize.disconnect();
      el.removeEventListener('pointerenter', measureLeft);
      el.removeEventListener('wheel', onWheel);
      selection.on('.zoom', null).on('dblclick.mapscope', null);
    };
  }, [target, scale, widthPx, store]);
}
