/**
 * What the toolbar, the keyboard and the details panel do to the view: switch scale (keeping the
 * same addresses in view), reset, fit the selection, move the selection to the previous or next
 * region, and bring a region into view. Viewport maths stays in src/layout.
 */
import { useMemo } from 'react';
import { fitRange, fitViewport, formatHex, panByPx, viewportEnd, zoomAt, type AddressScale, type ScaleMode, type Viewport } from '../../src/internal';
import type { ViewStore } from '../state/view-store';
import type { ViewModel } from '../state/view-model';

export interface ViewActions {
  setScaleMode(mode: ScaleMode): void;
  reset(): void;
  /** Fits the view to the selected region (no-op without one). */
  fitSelection(): void;
  /** Selects the region `delta` positions away in address order (or the first/last one). */
  moveSelection(delta: number): void;
  /** Selects a table row and pans it into view when it is outside, zooming in when it is too narrow to see. */
  selectAndReveal(row: number): void;
  zoomBy(factor: number): void;
  panBy(fractionOfWidth: number): void;
}

/** The [begin, end) units of table row `row` in `scale`. */
function unitsOfRow(model: ViewModel, scale: AddressScale, row: number): [bigint, bigint] {
  return [scale.uOfAddr(model.table.begin(row)), scale.uOfAddr(model.table.end(row))];
}

/** A selected region narrower than this on the map is zoomed to (issue 18: it seemed nothing happened). */
export const MIN_SELECTED_PX = 3;
/** …so that it is this wide (its neighbours stay in view around it). */
const ZOOMED_SELECTED_PX = 24;

/**
 * `v` moved so that [b, e) is visible (centred when it was not), unchanged when it already is;
 * zoomed in around it when it would be under MIN_SELECTED_PX wide at `widthPx`.
 */
function reveal(v: Viewport, scale: AddressScale, b: bigint, e: bigint, widthPx: number): Viewport {
  const span = e - b;
  if (span * BigInt(widthPx) < v.spanU * BigInt(MIN_SELECTED_PX)) {
    const half = (span * BigInt(widthPx)) / BigInt(2 * ZOOMED_SELECTED_PX) + 1n;
    return fitRange(scale.domain, (b + e) / 2n - half, (b + e) / 2n + half);
  }
  if (b >= v.startU && e <= viewportEnd(v)) return v;
  if (span > v.spanU) return fitRange(scale.domain, b, e, 0.1);
  return fitRange(scale.domain, (b + e) / 2n - v.spanU / 2n, (b + e) / 2n + v.spanU / 2n);
}

/**
 * The window of `to` that shows what `v` shows in `from`: a view of everything stays a view of
 * everything; otherwise the same mapped addresses, where the part of an unmapped gap at either
 * edge is dropped — a sliver of a compressed 100 TiB gap is 100 TiB to scale.
 */
function convertViewport(v: Viewport, from: AddressScale, to: AddressScale): Viewport {
  const end = viewportEnd(v);
  if (v.startU <= from.fitStartU && end >= from.fitEndU) return fitViewport(to);
  const a0: bigint = from.addrOfU(v.startU);
  const a1: bigint = from.addrOfU(end);
  const first = from.segmentAt(v.startU);
  const last = from.segmentAt(end - 1n);
  const b0 = first.mapped ? a0 : first.endAddr;
  const b1 = last.mapped ? a1 : last.beginAddr;
  if (b0 < b1 && (b0 !== a0 || b1 !== a1)) return fitRange(to.domain, to.uOfAddr(b0), to.uOfAddr(b1), 0.02);
  return fitRange(to.domain, to.uOfAddr(a0), to.uOfAddr(a1));
}

/** A width to act on before the map has measured itself (an action in the render that mounts it). */
const FALLBACK_WIDTH_PX = 1000;

/** The view's actions for `model`, acting on `store`; the map's width is the store's (`mapWidthPx`, as the map measured it). */
export function useViewActions(model: ViewModel, store: ViewStore): ViewActions {
  return useMemo(() => {
    const scaleNow = () => model.scale(store.get().scaleMode);
    const viewNow = () => store.get().viewport ?? fitViewport(scaleNow());
    const w = () => Math.max(1, store.get().mapWidthPx || FALLBACK_WIDTH_PX);
    const selectAndReveal = (row: number) => {
      const scale = scaleNow();
      const [b, e] = unitsOfRow(model, scale, row);
      store.set({ selectedRow: row, viewport: reveal(viewNow(), scale, b, e, w()) });
    };
    return {
      selectAndReveal,
      setScaleMode(mode) {
        const from = scaleNow();
        const to = model.scale(mode);
        if (from === to) return;
        store.set({ scaleMode: mode, viewport: convertViewport(viewNow(), from, to), hover: null });
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
  }, [model, store]);
}

/** The visible window as text: `0x7f2c1b600000 – 0x7f2c1b628000`. */
export function formatWindow(scale: AddressScale, v: Viewport): string {
  return `${formatHex(scale.addrOfU(v.startU))} – ${formatHex(scale.addrOfU(viewportEnd(v)))}`;
}
