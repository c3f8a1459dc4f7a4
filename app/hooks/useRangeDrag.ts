/**
 * Drag to zoom (issue 18), as Perfetto and speedscope do: pressing the primary button over a
 * surface (the map or the overview) and dragging marks an address range, shown as a band with its
 * addresses and size while the pointer moves; releasing zooms the map to it. A press that does
 * not move (less than DRAG_PX) stays a click, for the surface's own click; Escape cancels a drag.
 *
 * The keyboard path (the map's): `[` marks the selected region as one end of a range, the arrow
 * keys move the selection as usual (the band follows), `]` zooms to the range from the mark to
 * the selection, Escape drops the mark.
 *
 * The band is one absolutely placed element written directly (style and textContent), so a drag
 * costs no React render and no repaint of the map.
 */
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { fitRange, formatBytes, formatHex, pxOfU, uOfPx, type AddressScale, type Viewport } from '../../src/internal';
import type { ViewStore } from '../state/view-store';

/** A press that moves less than this is a click. */
export const DRAG_PX = 4;

export interface RangeDragOptions {
  /** The element that takes the presses. */
  surface: RefObject<HTMLElement | null>;
  /** The band shown while dragging (an absolutely placed child of the surface, hidden when idle; its text goes into its first child). */
  band: RefObject<HTMLElement | null>;
  scale: AddressScale;
  widthPx: number;
  store: ViewStore;
  /** The window the surface shows now: the map's viewport, or the overview's whole file. */
  shown: () => Viewport;
  /** Whether a press starts a range (the map leaves Shift+drag and touch to panning). */
  accepts?: (event: PointerEvent) => boolean;
  /** The units of the selected region, or null: one end of a range marked from the keyboard. */
  selected?: () => [bigint, bigint] | null;
}

/** The keyboard side of a range: `[` marks, `]` zooms, Escape drops the mark; true when it handled the key. */
export type RangeKeys = (key: string) => boolean;

/** The span of two unit ranges. */
function union(a: [bigint, bigint], b: [bigint, bigint]): [bigint, bigint] {
  return [a[0] < b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1]];
}

/** The units of the visible part of [u0, u1) as band text: `0x7f…000 – 0x7f…000 · 1.5 MiB`. */
function bandText(scale: AddressScale, u0: bigint, u1: bigint): string {
  const a0 = scale.addrOfU(u0);
  const a1 = scale.addrOfU(u1);
  return `${formatHex(a0)} – ${formatHex(a1)} · ${formatBytes(a1 - a0)}`;
}

/** Attaches drag-to-zoom to `surface`; returns the keyboard handler of ranges (for the map). */
export function useRangeDrag(options: RangeDragOptions): RangeKeys {
  const { surface, band, scale, widthPx, store } = options;
  const latest = useRef(options);
  latest.current = options;
  const mark = useRef<[bigint, bigint] | null>(null);

  /** Shows [x0, x1] (pixels of the surface) as the band, or hides it. */
  const showBand = (range: [number, number] | null, u: [bigint, bigint] | null) => {
    const el = band.current;
    if (!el) return;
    el.hidden = range === null;
    if (range === null || u === null) return;
    // Clamped to the surface: a marked range may reach far beyond the window.
    const [x0, x1] = range.map((x) => Math.min(Math.max(x, 0), widthPx)).sort((a, b) => a - b);
    el.style.left = `${x0}px`;
    el.style.width = `${Math.max(1, x1 - x0)}px`;
    (el.firstElementChild ?? el).textContent = bandText(scale, u[0], u[1]);
  };

  useEffect(() => {
    const el = surface.current;
    if (!el || widthPx <= 0) return;
    let start: { x: number; id: number; left: number } | null = null;
    let dragging = false;
    let swallowClick = false;
    const xOf = (event: PointerEvent) => Math.min(Math.max(event.clientX - start!.left, 0), widthPx);
    const unitsOf = (xa: number, xb: number): [bigint, bigint] => {
      const v = latest.current.shown();
      const u0 = uOfPx(v, widthPx, Math.min(xa, xb));
      const u1 = uOfPx(v, widthPx, Math.max(xa, xb));
      return [u0, u1 > u0 ? u1 : u0 + 1n];
    };
    const end = () => {
      if (start && el.hasPointerCapture(start.id)) el.releasePointerCapture(start.id);
      start = null;
      dragging = false;
      showBand(null, null);
      window.removeEventListener('keydown', onKey, true);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !dragging) return;
      event.preventDefault();
      event.stopPropagation();
      swallowClick = true;
      end();
    };
    const onDown = (event: PointerEvent) => {
      if (event.button !== 0 || (latest.current.accepts && !latest.current.accepts(event))) return;
      start = { x: event.clientX - el.getBoundingClientRect().left, id: event.pointerId, left: el.getBoundingClientRect().left };
      dragging = false;
      swallowClick = false;
    };
    const onMove = (event: PointerEvent) => {
      if (!start || event.pointerId !== start.id) return;
      const x = xOf(event);
      if (!dragging) {
        if (Math.abs(x - start.x) < DRAG_PX) return;
        dragging = true;
        el.setPointerCapture(start.id);
        store.set({ hover: null }); // the tooltip of where the drag began would only hide the band
        window.addEventListener('keydown', onKey, true);
      }
      showBand([start.x, x], unitsOf(start.x, x));
    };
    const onUp = (event: PointerEvent) => {
      if (!start || event.pointerId !== start.id) return;
      if (dragging) {
        const [u0, u1] = unitsOf(start.x, xOf(event));
        swallowClick = true;
        store.set({ viewport: fitRange(scale.domain, u0, u1) });
      }
      end();
    };
    // The click that ends a drag (or a cancelled one) is not a click on a region.
    const onClick = (event: MouseEvent) => {
      if (!swallowClick) return;
      swallowClick = false;
      event.stopPropagation();
      event.preventDefault();
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', end);
    el.addEventListener('click', onClick, true);
    return () => {
      end();
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', end);
      el.removeEventListener('click', onClick, true);
    };
  }, [surface, band, scale, widthPx, store]);

  // The keyboard mark: the band follows the window and the selection while it is set.
  useEffect(() => {
    const placeMark = () => {
      const m = mark.current;
      if (m === null) return;
      const [u0, u1] = union(m, latest.current.selected?.() ?? m);
      const v = latest.current.shown();
      showBand([pxOfU(v, widthPx, u0), pxOfU(v, widthPx, u1)], [u0, u1]);
    };
    const unsubscribe = store.subscribe(placeMark);
    return () => {
      unsubscribe();
      mark.current = null;
    };
  }, [scale, widthPx, store]);

  return useMemo<RangeKeys>(
    () => (key) => {
      const m = mark.current;
      const selected = latest.current.selected?.() ?? null;
      if (key === '[') {
        if (selected === null) return false;
        mark.current = selected;
        const v = latest.current.shown();
        showBand([pxOfU(v, widthPx, selected[0]), pxOfU(v, widthPx, selected[1])], selected);
        return true;
      }
      if (m === null || (key !== 'Escape' && key !== ']')) return false;
      mark.current = null;
      showBand(null, null);
      if (key === ']') {
        const [u0, u1] = union(m, selected ?? m);
        store.set({ viewport: fitRange(scale.domain, u0, u1, 0.02) });
      }
      return true;
    },
    [scale, widthPx, store],
  );
}
