/**
 * What the toolbar, the keyboard and the details panel do to the view: switch scale (keeping the
 * same addresses in view), reset, fit the selection, move the selection to the previous or next
 * region, and bring a region into view. Viewport maths stays in src/layout.
 */
import { useMemo } from 'react';
import { fitRange, formatHex, panByPx, viewportEnd, zoomAt, type AddressScale, type ScaleMode, type Viewport } from '../../src/index';
import type { ViewStore } from '../state/view-store';
import { fitViewport } from './useZoom';
import type { ViewModel } from './useViewModel';

export interface ViewActions {
  setScaleMode(mode: ScaleMode): void;
  reset(): void;
  /** Fits the view to the selected region (no-op without one). */
  fitSelection(): void;
  /** Selects the region `delta` positions away in address order (or the first/last one). */
  moveSelection(delta: number): void;
  /** Selects a table row and pans it into view when it is outside. */
  selectAndReveal(row: number): void;
  zoomBy(factor: number): void;
  panBy(fractionOfWidth: number): void;
}

/** The [begin, end) units of table row `row` in `scale`. */
function unitsOfRow(model: ViewModel, scale: AddressScale, row: number): [bigint, bigint] {
  return [scale.uOfAddr(model.table.begin(row)), scale.uOfAddr(model.table.end(row))];
}

/** `v` moved so that [b, e) is visible (centred when it was not), unchanged when it already is. */
function reveal(v: Viewport, scale: AddressScale, b: bigint, e: bigint): Viewport {
  if (b >= v.startU && e <= viewportEnd(v)) return v;
  if (e - b > v.spanU) return fitRange(scale.domain, b, e, 0.1);
  return fitRange(scale.domain, (b + e) / 2n - v.spanU / 2n, (b + e) / 2n + v.spanU / 2n);
}

/** The view's actions for `model`, acting on `store`; `widthPx` gives the map's current width. */
export function useViewActions(model: ViewModel, store: ViewStore, widthPx: () => number): ViewActions {
  return useMemo(() => {
    const scaleNow = () => model.scale(store.get().scaleMode);
    const viewNow = () => store.get().viewport ?? fitViewport(scaleNow());
    const w = () => Math.max(1, widthPx());
    const selectAndReveal = (row: number) => {
      const scale = scaleNow();
      const [b, e] = unitsOfRow(model, scale, row);
      store.set({ selectedRow: row, viewport: reveal(viewNow(), scale, b, e) });
    };
    return {
      selectAndReveal,
      setScaleMode(mode) {
        const from = scaleNow();
        const to = model.scale(mode);
        if (from === to) return;
        const v = viewNow();
        const whole = v.startU <= from.fitStartU && viewportEnd(v) >= from.fitEndU;
        // The same addresses stay in view; a view of everything stays a view of everything.
        const viewport = whole
          ? fitViewport(to)
          : fitRange(to.domain, to.uOfAddr(from.addrOfU(v.startU)), to.uOfAddr(from.addrOfU(viewportEnd(v))));
        store.set({ scaleMode: mode, viewport, hover: null });
      },
      reset() {
        store.set({ viewport: fitViewport(scaleNow()) });
      },
      fitSelection() {
        const row = store.get().selectedRow;
        if (row < 0) return;
        const scale = scaleNow();
        const [b, e] = unitsOfRow(model, scale, row);
        store.set({ viewport: fitRange(scale.domain, b, e, 0.15) });
      },
      moveSelection(delta) {
        const n = model.sorted.count;
        if (n === 0) return;
        const row = store.get().selectedRow;
        const pos = row < 0 ? (delta > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, model.sorted.positionOfRow[row] + delta));
        selectAndReveal(model.sorted.rows[pos]);
      },
      zoomBy(factor) {
        store.set({ viewport: zoomAt(viewNow(), scaleNow().domain, w(), w() / 2, factor) });
      },
      panBy(fraction) {
        store.set({ viewport: panByPx(viewNow(), scaleNow().domain, w(), -fraction * w()) });
      },
    };
  }, [model, store, widthPx]);
}

/** The visible window as text: `0x7f2c1b600000 – 0x7f2c1b628000`. */
export function formatWindow(scale: AddressScale, v: Viewport): string {
  return `${formatHex(scale.addrOfU(v.startU))} – ${formatHex(scale.addrOfU(viewportEnd(v)))}`;
}
