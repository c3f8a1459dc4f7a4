/**
 * The map itself: the hex address axis (a canvas) over the canvas of regions, with zoom
 * and pan gestures, hover, click to select and keyboard control. Painting happens in the frame
 * loop (useViewFrame), not in React renders.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, type PointerEvent } from 'react';
import { ITEM_MERGED, beginAt, findItemAt, fitViewport, reachAt } from '../../src/internal';
import type { Coloring } from '../paint/coloring';
import { AXIS_HEIGHT_PX } from '../paint/paint-axis';
import { mapLanes } from '../paint/paint-map';
import type { ThemeColors } from '../paint/palette';
import { type HoverTarget } from '../state/view-store';
import { viewStore } from '../state/app-store';
import type { ViewActions } from '../hooks/useViewActions';
import { useViewFrame } from '../hooks/useViewFrame';
import { useMetricShade } from '../hooks/useMetricShade';
import { useChangeMarks } from '../hooks/useComparison';
import { useViewKeys } from '../hooks/useViewKeys';
import type { ViewModel } from '../state/view-model';
import { useViewSize } from '../hooks/useViewSize';
import { useZoom } from '../hooks/useZoom';
import { useRangeDrag } from '../hooks/useRangeDrag';
import { FindOverlay } from './FindOverlay';
import { ScaleSections } from './ScaleSections';
import { LandmarkList } from './LandmarkList';
import { landmarkLabel } from '../paint/landmark-text';

interface Props {
  model: ViewModel;
  coloring: Coloring;
  theme: ThemeColors;
  actions: ViewActions;
  scaleMode: 'compressed' | 'linear';
}

/** Slack of the hit test, so that a one-pixel region can be hovered. */
const HIT_SLOP_PX = 2;

export function AddressSpaceMap({ model, coloring, theme, actions, scaleMode }: Props) {
  const store = viewStore;
  const surface = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const highlight = useRef<HTMLCanvasElement>(null);
  const axis = useRef<HTMLCanvasElement>(null);
  const { widthPx, heightPx } = useViewSize(surface);
  // The map's width is view state: actions elsewhere (find, panels) zoom and pan by it.
  useLayoutEffect(() => store.set({ mapWidthPx: widthPx }), [store, widthPx]);
  const scale = model.scale(scaleMode);
  const canvasHeightPx = Math.max(0, heightPx - AXIS_HEIGHT_PX);
  const shade = useMetricShade(model);
  const changes = useChangeMarks(model);
  // The landmarks' labels: once per file.
  const landmarks = useMemo(() => ({ list: model.landmarks, text: model.landmarks.map(landmarkLabel) }), [model]);
  const painted = useViewFrame({ canvas, highlight, axis, model, scale, coloring, theme, widthPx, heightPx: canvasHeightPx, store, shade, changes, landmarks });
  useZoom(surface, scale, widthPx, store);
  const band = useRef<HTMLDivElement>(null);
  const rangeKeys = useRangeDrag({
    surface,
    band,
    scale,
    widthPx,
    store,
    shown: () => store.get().viewport ?? fitViewport(scale),
    // Shift+drag and touch pan (useZoom).
    accepts: (event) => !event.shiftKey && event.pointerType !== 'touch',
    selected: () => {
      const row = store.get().selectedRow;
      return row >= 0 && row < model.table.length ? [scale.uOfAddr(model.table.begin(row)), scale.uOfAddr(model.table.end(row))] : null;
    },
  });
  const viewKeys = useViewKeys(actions, store);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (!event.altKey && !event.ctrlKey && !event.metaKey && rangeKeys(event.key)) event.preventDefault();
    else viewKeys(event);
  };

  /** What is under the pointer in the last painted frame. */
  const targetAt = useCallback(
    (event: PointerEvent | React.MouseEvent): HoverTarget | null => {
      const el = surface.current;
      const frame = painted.current;
      if (!el || frame.scale !== scale) return null;
      const rect = el.getBoundingClientRect();
      const x = event.clientX - rect.left;
      if (event.clientY - rect.top < AXIS_HEIGHT_PX) return null;
      const { items } = frame;
      const rows = model.sorted.rows;
      // Exactly under the pointer first; else a region within a pixel or two (a 4 KiB page is
      // far narrower than a pixel in most views); else the gap.
      let i = findItemAt(items, x, 0);
      if (i < 0) i = findItemAt(items, x, HIT_SLOP_PX);
      const { clientX, clientY } = event;
      if (i >= 0) {
        const count = items.flags[i] & ITEM_MERGED ? items.last[i] - items.first[i] : 1;
        return { kind: 'region', row: rows[items.rep[i]], count, clientX, clientY };
      }
      const g = findGapAt(items, x);
      if (g < 0) return null;
      const before = items.gapBefore[g];
      const begin = reachAt(model.sorted, before);
      const end = beginAt(model.sorted, before + 1);
      return { kind: 'gap', begin, end, beforeRow: rows[before], afterRow: rows[before + 1], clientX, clientY };
    },
    [model, scale, painted],
  );

  const onPointerMove = (event: PointerEvent) => {
    if (event.buttons !== 0) return; // dragging: d3-zoom pans, the tooltip would only flicker
    store.set({ hover: targetAt(event) });
  };
  const onClick = (event: React.MouseEvent) => {
    const target = targetAt(event);
    store.set({ selectedRow: target?.kind === 'region' ? target.row : -1 });
    surface.current?.focus();
  };

  return (
    <>
    <div
      ref={surface}
      className="address-space-map"
      tabIndex={0}
      role="application"
      aria-label="Address space map. Drag across it to zoom to a range (Escape cancels), wheel or + and − zoom, Shift+drag or Shift+arrows pan, 0 resets, click selects, arrows move the selection, f fits it, [ then ] zooms from the marked region to the selected one."
      aria-roledescription="memory map"
      onPointerMove={onPointerMove}
      onPointerLeave={() => store.set({ hover: null })}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      {/* The map's canvas first (the page's first canvas in the map), below the axis's band. */}
      <canvas ref={canvas} style={{ width: widthPx, height: canvasHeightPx, marginTop: AXIS_HEIGHT_PX }} aria-hidden="true" />
      {/* Named in each frame with the window and the labels it shows (useViewFrame). */}
      <canvas ref={axis} className="address-axis" role="img" aria-label="Address axis" style={{ width: widthPx, height: AXIS_HEIGHT_PX }} />
      {/* The hover and the selection (useViewFrame), under the find layer as they were on the map's canvas: the pin stays on top. */}
      <canvas ref={highlight} className="map-highlight" style={{ top: AXIS_HEIGHT_PX, width: widthPx, height: canvasHeightPx }} aria-hidden="true" />
      <FindOverlay model={model} painted={painted} scale={scale} theme={theme} widthPx={widthPx} heightPx={canvasHeightPx} />
      <ScaleSections scale={scale} variant="bands" topPx={AXIS_HEIGHT_PX + mapLanes(canvasHeightPx, true, model.landmarks.length > 0).markerTop} />
      <div ref={band} className="range-band" hidden>
        <span className="range-band-text mono" />
      </div>
    </div>
    {/* Outside the map's application role, so that a screen reader browses it as a list. */}
    <LandmarkList landmarks={landmarks.list} labels={landmarks.text} sorted={model.sorted} />
    </>
  );
}

/** The gap under pixel x, or -1. */
function findGapAt(items: { gapCount: number; gapX0: Float64Array; gapX1: Float64Array }, x: number): number {
  let a = 0;
  let b = items.gapCount;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (items.gapX0[m] <= x) a = m + 1;
    else b = m;
  }
  const g = a - 1;
  return g >= 0 && x < items.gapX1[g] && items.gapX1[g] - items.gapX0[g] >= 1 ? g : -1;
}
