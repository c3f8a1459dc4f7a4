/**
 * Paints one frame of the address-space map on a canvas: region items (already merged per pixel
 * column by src/layout/level-of-detail.ts), unmapped gaps with their break marks and sizes, names
 * inside regions where they fit, the landmarks' marks and labels above the band
 * (paint-landmarks.ts), writable-and-executable stripes and markers; and, apart (paintHighlights),
 * the hover and the selection — on the map, a canvas of their own over it, so that a hover or a
 * looked-up region redraws that canvas and not the map. Everything it needs comes in the MapPaint record (Perfetto's TrackRenderContext idea): it never
 * reads the DOM, so the same code paints the overview and runs in benchmarks.
 */
import { ITEM_MERGED, ITEM_WX, MIN_VISIBLE_PX, PERM_SHARED, beginAt, formatBytes, formatPermissions, frameOrigin, reachAt, type AddressScale, type FrameItems, type MetricPrefixSums, type Viewport } from '../../src/internal';
import { classOfRow, moduleDisplayName, type Coloring } from './coloring';
import { textColorOn, type ThemeColors } from './palette';
import { paintMetricShade } from './paint-metric';
import { paintChanges, type ChangeMarks } from './paint-changes';
import { paintLandmarks, type LandmarkLabels } from './paint-landmarks';
import { setFont } from './canvas-font';

/** Everything one frame needs. Sizes in CSS pixels; the context is scaled by `dpr` here. */
export interface MapPaint {
  ctx: CanvasRenderingContext2D;
  widthPx: number;
  heightPx: number;
  dpr: number;
  theme: ThemeColors;
  coloring: Coloring;
  scale: AddressScale;
  viewport: Viewport;
  items: FrameItems;
  /** Names in regions, gap labels and the marker lane: off for the overview strip. */
  detailed: boolean;
  /** Font of the labels (CSS font shorthand). */
  font: string;
  /** An smaps metric to shade regions by (paint-metric.ts), or null/absent for plain colours. */
  shade?: MetricPrefixSums | null;
  /** What this canvas's frames reuse (createPaintScratch), kept by the component that owns the canvas. */
  scratch: PaintScratch;
  /** A comparison's marks (paint-changes.ts), or null/absent. */
  changes?: ChangeMarks | null;
  /** The file's landmarks and their label texts, labelled above the band when `detailed`; null/absent for none. */
  landmarks?: LandmarkLabels | null;
}

/**
 * What one canvas's frames reuse: the snapped item edges, the W+X stripe patterns by colour and
 * pixel ratio, and the widths of label texts in the context's font. One per canvas, held by its
 * component, not at module level: two canvases (the map and its overview) keep their own.
 */
export interface PaintScratch {
  rectX0: Float64Array;
  rectX1: Float64Array;
  /** Each item's colour class. */
  classes: Uint8Array;
  stripes: Map<string, CanvasPattern | null>;
  textWidths: Map<string, number>;
  textWidthsFont: string;
}

/** An empty PaintScratch for a new canvas. */
export function createPaintScratch(): PaintScratch {
  return { rectX0: new Float64Array(256), rectX1: new Float64Array(256), classes: new Uint8Array(256), stripes: new Map(), textWidths: new Map(), textWidthsFont: '' };
}

/** Height of the lane above the band that carries W+X and selection markers. */
const MARKER_LANE_PX = 9;

/** Height of one row of landmark labels, and of the lane of their marks right above the band. */
const LABEL_ROW_PX = 14;
const NOTCH_LANE_PX = 5;

/**
 * The lanes of a map canvas, top to bottom: rows of landmark labels, the W+X and selection marker
 * lane, the landmarks' marks, the band of regions. The label rows take what the band can spare:
 * three while it keeps 64 px, two while 48, one while 32, none below (or without landmarks).
 */
export interface MapLanes {
  labelRows: number;
  labelRowPx: number;
  markerTop: number;
  notchTop: number;
  bandTop: number;
  bandHeight: number;
}

const LEAST_BAND_PX = [0, 32, 48, 64];

/** The lanes of a canvas `heightPx` tall: `detailed` (the map, not the overview) and with landmarks to label or not. */
export function mapLanes(heightPx: number, detailed: boolean, labelled: boolean): MapLanes {
  if (!detailed) return { labelRows: 0, labelRowPx: LABEL_ROW_PX, markerTop: 0, notchTop: 0, bandTop: 0, bandHeight: heightPx };
  const band = (rows: number) => heightPx - rows * LABEL_ROW_PX - (rows > 0 ? NOTCH_LANE_PX : 0) - MARKER_LANE_PX - 4;
  let rows = labelled ? 3 : 0;
  while (rows > 0 && band(rows) < LEAST_BAND_PX[rows]) rows--;
  const markerTop = rows * LABEL_ROW_PX;
  const notchTop = markerTop + MARKER_LANE_PX + 1;
  const bandTop = notchTop + (rows > 0 ? NOTCH_LANE_PX : 0) + 1;
  return { labelRows: rows, labelRowPx: LABEL_ROW_PX, markerTop, notchTop, bandTop, bandHeight: heightPx - bandTop - 2 };
}

/**
 * Stripes `pattern` over the writable-and-executable items whose rectangles are [rectX0, rectX1):
 * a region over its whole height; a merged pixel column that holds one among others only over its
 * top third, so that the column's colour still shows (a JIT's many small rwx regions otherwise
 * stripe a whole million-region map and hide its kinds). One rectangle per run of adjacent items.
 */
export function paintWxStripes(
  ctx: Pick<CanvasRenderingContext2D, 'fillRect' | 'fillStyle'>,
  pattern: CanvasPattern | string,
  items: FrameItems,
  rectX0: Float64Array,
  rectX1: Float64Array,
  bandTop: number,
  bandHeight: number,
): void {
  ctx.fillStyle = pattern;
  forRuns(items, ITEM_WX | ITEM_MERGED, ITEM_WX, (a, b) => ctx.fillRect(rectX0[a], bandTop, rectX1[b] - rectX0[a], bandHeight));
  const strip = Math.min(bandHeight, Math.max(4, Math.round(bandHeight / 3)));
  forRuns(items, ITEM_WX | ITEM_MERGED, ITEM_WX | ITEM_MERGED, (a, b) => ctx.fillRect(rectX0[a], bandTop, rectX1[b] - rectX0[a], strip));
}

/** Diagonal stripes in `color`, for writable-and-executable regions. */
function stripePattern(scratch: PaintScratch, ctx: CanvasRenderingContext2D, color: string, dpr: number): CanvasPattern | null {
  const byColor = scratch.stripes;
  const key = `${color}@${dpr}`;
  if (byColor.has(key)) return byColor.get(key) ?? null;
  const size = Math.round(8 * dpr);
  const tile = new OffscreenCanvas(size, size);
  const t = tile.getContext('2d');
  let pattern: CanvasPattern | null = null;
  if (t) {
    t.strokeStyle = color;
    t.lineWidth = 2.2 * dpr;
    t.beginPath();
    for (const o of [-size, 0, size]) {
      t.moveTo(o, size);
      t.lineTo(o + size, 0);
    }
    t.stroke();
    pattern = ctx.createPattern(tile, 'repeat');
    pattern?.setTransform(new DOMMatrix().scale(1 / dpr));
  }
  byColor.set(key, pattern);
  return pattern;
}

/**
 * Makes ahead what paintMap makes once per canvas and theme (the W+X stripes' tile, a canvas of its
 * own): in a task before the frame that first paints a file.
 */
export function preparePaint(ctx: CanvasRenderingContext2D, theme: ThemeColors, dpr: number, scratch: PaintScratch): void {
  stripePattern(scratch, ctx, theme.alarm, dpr);
}

/** The width of `text` in the context's font, remembered per font. */
function measure(scratch: PaintScratch, ctx: CanvasRenderingContext2D, text: string): number {
  const textWidths = scratch.textWidths;
  if (ctx.font !== scratch.textWidthsFont) {
    textWidths.clear();
    scratch.textWidthsFont = ctx.font;
  }
  let w = textWidths.get(text);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (textWidths.size > 5000) textWidths.clear();
    textWidths.set(text, w);
  }
  return w;
}

/** Snaps a CSS-pixel coordinate to the device pixel grid. */
function snap(x: number, dpr: number): number {
  return Math.round(x * dpr) / dpr;
}

/** The short name drawn inside a region: module file name, pseudo-path, or nothing. */
function labelOfRow(p: MapPaint, row: number): string {
  const path = p.scale.regions.table.pathname(row);
  return path === null ? '' : moduleDisplayName(path);
}

/** Paints the frame. */
export function paintMap(p: MapPaint): void {
  const { ctx, widthPx, heightPx, dpr, theme, items, coloring } = p;
  const table = p.scale.regions.table;
  const rows = p.scale.regions.rows;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, widthPx, heightPx);
  const lanes = mapLanes(heightPx, p.detailed, (p.landmarks?.list.length ?? 0) > 0);
  const { bandTop, bandHeight } = lanes;
  ctx.fillStyle = theme.bandBackground;
  ctx.fillRect(0, bandTop, widthPx, bandHeight);

  // Gaps: in the compressed scale each one is a fixed-width break with its size.
  if (p.scale.mode === 'compressed') paintGaps(p, bandTop, bandHeight);

  // Regions: one solid fillRect per item, colour by colour (fillRect is the rasteriser's fast
  // path — the canvas is rasterised in software in headless and GPU-less browsers, where one
  // path of a thousand rectangles costs tens of milliseconds), then W+X stripes over runs of
  // adjacent W+X items, then the shared bars. A device pixel of separator between adjacent
  // items wide enough to show it.
  const n = items.count;
  const scratch = p.scratch;
  if (scratch.rectX0.length < n) {
    scratch.rectX0 = new Float64Array(n * 2);
    scratch.rectX1 = new Float64Array(n * 2);
    scratch.classes = new Uint8Array(n * 2);
  }
  const rectX0 = scratch.rectX0;
  const rectX1 = scratch.rectX1;
  const classes = scratch.classes;
  const sep = 1 / dpr;
  let prevX1 = -Infinity;
  for (let i = 0; i < n; i++) {
    // At least MIN_VISIBLE_PX, inside the canvas, so that a lone 4 KiB page in a sea of unmapped
    // space shows — [vsyscall] at the right edge of the whole 64-bit space is a sliver of a pixel —
    // but never over the next item: visibleEndPx (src/layout/level-of-detail.ts), which hit
    // testing uses too, snapped to device pixels.
    let x0 = Math.min(snap(Math.max(items.x0[i], -1), dpr), widthPx - MIN_VISIBLE_PX);
    let x1 = snap(Math.min(items.x1[i], widthPx + 1), dpr);
    if (x1 - x0 < MIN_VISIBLE_PX) {
      const next = i + 1 < n ? snap(items.x0[i + 1], dpr) : Infinity;
      x1 = Math.max(x0 + sep, Math.min(x0 + MIN_VISIBLE_PX, next));
    }
    if (x1 - x0 >= 3 && x0 < prevX1 + sep) x0 = Math.min(prevX1 + sep, x1 - sep);
    prevX1 = x1;
    rectX0[i] = x0;
    rectX1[i] = x1;
    classes[i] = classOfRow(coloring, rows[items.rep[i]]);
  }
  // Each item's class is looked up once, not once per class: a class's pass reads a byte an item.
  for (let cls = 0; cls < coloring.fills.length; cls++) {
    let styled = false;
    for (let i = 0; i < n; i++) {
      if (classes[i] !== cls) continue;
      if (!styled) {
        ctx.fillStyle = coloring.fills[cls];
        styled = true;
      }
      ctx.fillRect(rectX0[i], bandTop, rectX1[i] - rectX0[i], bandHeight);
    }
  }
  const stripes = stripePattern(scratch, ctx, theme.alarm, dpr);
  if (stripes) paintWxStripes(ctx, stripes, items, rectX0, rectX1, bandTop, bandHeight);
  if (coloring.mode === 'perms') {
    const perms = table.columns.perms;
    ctx.fillStyle = theme.sharedBar;
    for (let i = 0; i < n; i++) {
      if (perms[rows[items.rep[i]]] & PERM_SHARED && !(items.flags[i] & ITEM_MERGED)) ctx.fillRect(rectX0[i], bandTop, rectX1[i] - rectX0[i], Math.min(3, bandHeight / 4));
    }
  }

  if (p.shade) paintMetricShade({ ctx, items, sums: p.shade, widthPx, bandTop, bandHeight });
  if (p.changes) paintChanges({ ctx, items, marks: p.changes, theme, rectX0, rectX1, bandTop, bandHeight });

  if (p.detailed) {
    paintLabels(p, bandTop, bandHeight);
    if (p.landmarks && lanes.labelRows > 0) paintLandmarks({ ctx, widthPx, theme, scale: p.scale, viewport: p.viewport, items, font: p.font, measure: (t) => measure(scratch, ctx, t), lanes, landmarks: p.landmarks });
    paintMarkers(p, lanes.markerTop);
  }
}

/** The break mark's strokes, offset from the gap's middle: two where there is room, else one. */
const BREAK_TWO = [-1.5, 1.5];
const BREAK_ONE = [0];

function paintGaps(p: MapPaint, bandTop: number, bandHeight: number): void {
  const { ctx, items, theme, widthPx } = p;
  const r = p.scale.regions;
  setFont(ctx, p.font);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const mid = bandTop + bandHeight / 2;
  // Three passes — the fills, every break mark in one path stroked once, the sizes — rather than
  // a fill, a stroke and a label gap by gap: each stroke is a path the rasteriser sets up anew,
  // and a wheel frame of the whole map shows hundreds of gaps. Each gap's marks and label lie
  // inside it (but a label pushed in from the canvas's edge), and the regions are drawn over the
  // gaps after, so the order across gaps changes nothing that shows.
  const x0Of = (g: number) => Math.max(items.gapX0[g], -10);
  const x1Of = (g: number) => Math.min(items.gapX1[g], widthPx + 10);
  ctx.fillStyle = theme.gapFill;
  for (let g = 0; g < items.gapCount; g++) {
    const w = x1Of(g) - x0Of(g);
    if (w >= 1) ctx.fillRect(x0Of(g), bandTop, w, bandHeight);
  }
  if (!p.detailed) return;
  ctx.strokeStyle = theme.gapMark;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let g = 0; g < items.gapCount; g++) {
    const x0 = x0Of(g);
    const x1 = x1Of(g);
    const w = x1 - x0;
    if (w < 2) continue;
    // The break mark of an axis break: one slanted stroke, two where there is room.
    const cx = (x0 + x1) / 2;
    const slant = Math.min(4, w / 3);
    for (const dx of w >= 6 ? BREAK_TWO : BREAK_ONE) {
      ctx.moveTo(cx + dx - slant, bandTop + bandHeight - 2);
      ctx.lineTo(cx + dx + slant, bandTop + 2);
    }
  }
  ctx.stroke();
  for (let g = 0; g < items.gapCount; g++) {
    const x0 = x0Of(g);
    const x1 = x1Of(g);
    const w = x1 - x0;
    if (w < 40) continue;
    const cx = (x0 + x1) / 2;
    const k = items.gapBefore[g];
    const size = formatBytes(beginAt(r, k + 1) - reachAt(r, k));
    const long = `${size} unmapped`;
    const text = measure(p.scratch, ctx, long) + 8 <= w ? long : measure(p.scratch, ctx, size) + 8 <= w ? size : '';
    if (text === '') continue;
    const tx = Math.min(Math.max(cx, measure(p.scratch, ctx, text) / 2 + 4), widthPx - measure(p.scratch, ctx, text) / 2 - 4);
    ctx.fillStyle = theme.gapFill;
    ctx.fillRect(tx - measure(p.scratch, ctx, text) / 2 - 3, mid - 8, measure(p.scratch, ctx, text) + 6, 16);
    ctx.fillStyle = theme.gapText;
    ctx.fillText(text, tx, mid);
  }
}

function paintLabels(p: MapPaint, bandTop: number, bandHeight: number): void {
  const { ctx, items, widthPx } = p;
  const table = p.scale.regions.table;
  const rows = p.scale.regions.rows;
  const pathId = table.columns.pathId;
  setFont(ctx, p.font);
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  // The alpha is set when it changes, and left at 1 at the end: not twice a label.
  const text = (t: string, x: number, y: number, color: string, alpha = 1) => {
    if (ctx.globalAlpha !== alpha) ctx.globalAlpha = alpha;
    ctx.fillStyle = color;
    ctx.fillText(t, x, y);
  };
  const onFill = (item: number) => textColorOn(p.coloring.fills[classOfRow(p.coloring, rows[items.rep[item]])]);
  const nameY = bandTop + bandHeight / 2 - (bandHeight >= 60 ? 8 : 0);
  const infoY = nameY + 16;
  ctx.textAlign = 'center';
  // Names span runs of adjacent single regions with one pathname (a library's segments); the
  // permissions and size of each region go under the name where the band is tall enough.
  let i = 0;
  while (i < items.count) {
    const row = rows[items.rep[i]];
    let j = i + 1;
    if (!(items.flags[i] & ITEM_MERGED)) {
      while (j < items.count && !(items.flags[j] & ITEM_MERGED) && pathId[rows[items.rep[j]]] === pathId[row] && items.x0[j] - items.x1[j - 1] < 0.5) j++;
    }
    const x0 = Math.max(items.x0[i], 0);
    const x1 = Math.min(items.x1[j - 1], widthPx);
    if (x1 - x0 >= 24 && pathId[row] >= 0) {
      const name = labelOfRow(p, row);
      if (measure(p.scratch, ctx, name) + 8 <= x1 - x0) text(name, (x0 + x1) / 2, nameY, onFill(i));
    }
    if (bandHeight >= 60) {
      for (let k = i; k < j; k++) {
        if (items.flags[k] & ITEM_MERGED) continue;
        const a = Math.max(items.x0[k], 0);
        const b = Math.min(items.x1[k], widthPx);
        if (b - a < 40) continue;
        const r = rows[items.first[k]];
        const info = `${formatPermissions(table.columns.perms[r])} ${formatBytes(table.end(r) - table.begin(r))}`;
        if (measure(p.scratch, ctx, info) + 8 <= b - a) text(info, (a + b) / 2, infoY, onFill(k), 0.8);
      }
    }
    i = j;
  }
  ctx.globalAlpha = 1;
  paintClusterLabels(p, bandTop, bandHeight, (t, x, y, color) => text(t, x, y, color));
}

/** `toLocaleString('en-US')`'s digits, from one formatter: that call makes a formatter each time. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/**
 * Where many regions crowd into a few pixels with empty space beside them (the to-scale view of a
 * whole 64-bit process), say how many there are: "148 regions".
 */
function paintClusterLabels(p: MapPaint, bandTop: number, bandHeight: number, text: (t: string, x: number, y: number, color: string) => void): void {
  const { ctx, items, widthPx, theme } = p;
  ctx.textAlign = 'left';
  const y = bandTop + bandHeight / 2;
  let i = 0;
  while (i < items.count) {
    let j = i + 1;
    while (j < items.count && items.x0[j] - items.x1[j - 1] < 2) j++;
    const x0 = Math.max(items.x0[i], 0);
    const x1 = Math.min(Math.max(items.x1[j - 1], items.x0[j - 1] + 1), widthPx);
    const regions = items.last[j - 1] - items.first[i];
    const room = (j < items.count ? items.x0[j] : widthPx) - x1;
    if (x1 - x0 < 24 && regions > 1) {
      const label = `${COUNT_FORMAT.format(regions)} regions`;
      const w = measure(p.scratch, ctx, label);
      if (w + 12 <= room) text(label, x1 + 6, y, theme.mutedText);
      else if (x0 - w - 12 >= (i > 0 ? Math.min(items.x1[i - 1], widthPx) : 0)) {
        ctx.textAlign = 'right';
        text(label, x0 - 6, y, theme.mutedText);
        ctx.textAlign = 'left';
      }
    }
    i = j;
  }
}

/**
 * Markers above the band: every writable-and-executable item, however narrow. All of them one
 * path filled once, not a path filled per marker: each fill is a path the rasteriser sets up anew
 * (a JIT's map has hundreds of W+X runs in a frame). Markers that overlap are filled as their
 * union, the same shape with one edge.
 */
function paintMarkers(p: MapPaint, top: number): void {
  const { ctx, items, theme } = p;
  ctx.fillStyle = theme.alarm;
  ctx.beginPath();
  forRuns(items, ITEM_WX, ITEM_WX, (a, b) => {
    const cx = (Math.max(items.x0[a], 0) + Math.min(Math.max(items.x1[b], items.x0[b] + 1), p.widthPx)) / 2;
    ctx.moveTo(cx - 4, top + 1);
    ctx.lineTo(cx + 4, top + 1);
    ctx.lineTo(cx, top + MARKER_LANE_PX);
    ctx.closePath();
  });
  ctx.fill();
}

/** Calls `run(first, last)` for each run of adjacent items (inclusive) whose flags under `mask` are `want`. */
function forRuns(items: FrameItems, mask: number, want: number, run: (first: number, last: number) => void): void {
  let i = 0;
  while (i < items.count) {
    if ((items.flags[i] & mask) !== want) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.count && (items.flags[j + 1] & mask) === want && items.x0[j + 1] - items.x1[j] < 1) j++;
    run(i, j);
    i = j + 1;
  }
}

/** What the hover and the selection need: the frame the map shows (its items for a hovered gap). */
export interface HighlightPaint extends Pick<MapPaint, 'ctx' | 'widthPx' | 'theme' | 'scale' | 'viewport' | 'items'> {
  /** Lanes as the map's: mapLanes(heightPx, detailed, labelled). */
  lanes: MapLanes;
  /** Position (address order) of the hovered region, or -1; and the hovered gap (before-position), or -1. */
  hoverPos: number;
  hoverGapBefore: number;
  /** Position of the selected region, or -1. */
  selectedPos: number;
  /** The caret above the selection (the map, not the overview). */
  detailed: boolean;
}

/** Outlines the hovered region or gap and the selected region (with a caret above it), over what paintMap drew. */
export function paintHighlights(p: HighlightPaint): void {
  const { ctx, theme, widthPx, lanes } = p;
  const { bandTop, bandHeight, markerTop } = lanes;
  const o = frameOrigin(p.viewport.startU);
  const upp = Number(p.viewport.spanU) / widthPx;
  const outline = (pos: number, color: string, lineWidth: number) => {
    let x0 = p.scale.beginDelta(pos, o) / upp;
    let x1 = p.scale.endDelta(pos, o) / upp;
    if (x1 < -2 || x0 > widthPx + 2) return;
    if (x1 - x0 < 3) {
      const c = (x0 + x1) / 2;
      x0 = c - 1.5;
      x1 = c + 1.5;
    }
    x0 = Math.max(x0, -lineWidth);
    x1 = Math.min(x1, widthPx + lineWidth);
    // A band of the background under the outline, so that it shows on a fill of its own hue.
    for (const [style, width] of [[theme.background, lineWidth + 2], [color, lineWidth]] as const) {
      ctx.strokeStyle = style;
      ctx.lineWidth = width;
      ctx.strokeRect(x0 + lineWidth / 2, bandTop + lineWidth / 2, x1 - x0 - lineWidth, bandHeight - lineWidth);
    }
  };
  if (p.hoverGapBefore >= 0 && p.scale.mode === 'compressed') {
    for (let g = 0; g < p.items.gapCount; g++) {
      if (p.items.gapBefore[g] !== p.hoverGapBefore) continue;
      ctx.strokeStyle = theme.hover;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 2]);
      ctx.strokeRect(p.items.gapX0[g] + 0.5, bandTop + 0.5, p.items.gapX1[g] - p.items.gapX0[g] - 1, bandHeight - 1);
      ctx.setLineDash([]);
    }
  }
  if (p.hoverPos >= 0 && p.hoverPos !== p.selectedPos) outline(p.hoverPos, theme.hover, 1.5);
  if (p.selectedPos >= 0) {
    outline(p.selectedPos, theme.selection, 2);
    if (p.detailed) {
      // A caret above the selection, so that a sub-pixel selection is still found.
      const x = (p.scale.beginDelta(p.selectedPos, o) + p.scale.endDelta(p.selectedPos, o)) / 2 / upp;
      if (x >= 0 && x <= widthPx) {
        ctx.fillStyle = theme.selection;
        ctx.beginPath();
        ctx.moveTo(x - 5, markerTop);
        ctx.lineTo(x + 5, markerTop);
        ctx.lineTo(x, markerTop + MARKER_LANE_PX + 1);
        ctx.closePath();
        ctx.fill();
      }
    }
  }
}
