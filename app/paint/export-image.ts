/**
 * The map as an image (the Export menu's SVG and PNG): a title, the address axis, the band of
 * regions as the map paints it (paint-map.ts, the same painter), and the legend. One drawing
 * routine, two surfaces: an SvgContext (real vector output) or a canvas at 2× for the PNG.
 */
import { computeTicks, createFrameItems, formatCount, layoutFrame, type AddressScale, type Viewport } from '../../src/internal';
import type { Coloring } from './coloring';
import { createPaintScratch, mapLanes, paintHighlights, paintMap } from './paint-map';
import { AXIS_CHAR_PX, AXIS_HEIGHT_PX, drawAxis } from './paint-axis';
import type { ThemeColors } from './palette';
import { SvgContext } from './svg-context';
import type { ViewModel } from '../state/view-model';

/** What the image shows: the view as it is on screen. */
export interface ExportFrame {
  model: ViewModel;
  scale: AddressScale;
  viewport: Viewport;
  coloring: Coloring;
  theme: ThemeColors;
  widthPx: number;
  /** The first line: the file and the window (shown text, already escaped for display). */
  title: string;
  selectedRow: number;
}

const PAD_PX = 12;
const TITLE_PX = 26;
const BAND_PX = 112;
const LEGEND_ROW_PX = 20;
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

/** The drawing calls the frame makes besides the painter's: a canvas context and an SvgContext both have them. */
type Draw2D = Pick<CanvasRenderingContext2D, 'fillRect' | 'fillText' | 'measureText'> & {
  fillStyle: unknown;
  font: string;
  textAlign: string;
  textBaseline: string;
};

interface LegendItem {
  color: string | 'wx' | 'gap';
  label: string;
}

function legendItems(frame: ExportFrame): LegendItem[] {
  const items: LegendItem[] = frame.coloring.legend.map((e) => ({ color: e.color, label: `${e.label} ${formatCount(e.count)}` }));
  if (frame.coloring.moreModules > 0) items.push({ color: frame.theme.moduleNone[0], label: `+${formatCount(frame.coloring.moreModules)} more modules` });
  items.push({ color: 'wx', label: '▼ writable + executable' });
  if (frame.scale.mode === 'compressed') items.push({ color: 'gap', label: 'unmapped gap (not to scale)' });
  return items;
}

/** Each legend item's place, flowed in rows across the width. */
function layoutLegend(ctx: Draw2D, frame: ExportFrame): { item: LegendItem; x: number; row: number }[] {
  ctx.font = FONT;
  const out: { item: LegendItem; x: number; row: number }[] = [];
  let x = PAD_PX;
  let row = 0;
  for (const item of legendItems(frame)) {
    const w = 16 + ctx.measureText(item.label).width + 18;
    if (x + w > frame.widthPx - PAD_PX && x > PAD_PX) {
      row++;
      x = PAD_PX;
    }
    out.push({ item, x, row });
    x += w;
  }
  return out;
}

const BAND_TOP = TITLE_PX + AXIS_HEIGHT_PX;

/** The image's height for `frame`, measured with `ctx`. */
function heightOf(ctx: Draw2D, frame: ExportFrame): number {
  const legend = layoutLegend(ctx, frame);
  return BAND_TOP + BAND_PX + 8 + (legend[legend.length - 1].row + 1) * LEGEND_ROW_PX + PAD_PX;
}

/** Draws everything but the band: background, title, axis, legend. */
function paintChrome(ctx: Draw2D, frame: ExportFrame, heightPx: number): void {
  const { theme, widthPx } = frame;
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, widthPx, heightPx);
  ctx.font = FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = theme.text;
  ctx.fillText(frame.title, PAD_PX, TITLE_PX / 2);
  // The axis, as the map's axis draws it.
  drawAxis(ctx, computeTicks(frame.scale, frame.viewport, { widthPx, charWidthPx: AXIS_CHAR_PX }), widthPx, TITLE_PX, theme);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  const legendTop = BAND_TOP + BAND_PX + 8;
  for (const { item, x, row } of layoutLegend(ctx, frame)) {
    const y = legendTop + row * LEGEND_ROW_PX;
    ctx.fillStyle = item.color === 'wx' ? theme.alarm : item.color === 'gap' ? theme.gapFill : item.color;
    ctx.fillRect(x, y + 4, 12, 12);
    ctx.fillStyle = theme.text;
    ctx.fillText(item.label, x + 16, y + 10);
  }
}

/** The band's painter inputs at `dpr`: the map and, over it, the selection. */
function paintBand(ctx: CanvasRenderingContext2D, frame: ExportFrame, dpr: number): void {
  const items = layoutFrame(frame.scale, frame.model.lod, frame.viewport, frame.widthPx, createFrameItems(), frame.model.prominent);
  const position = frame.model.sorted.positionOfRow;
  const { widthPx, theme, scale, viewport } = frame;
  paintMap({ ctx, widthPx, heightPx: BAND_PX, dpr, theme, coloring: frame.coloring, scale, viewport, items, detailed: true, font: FONT, scratch: createPaintScratch() });
  paintHighlights({
    ctx,
    widthPx,
    theme,
    scale,
    viewport,
    items,
    lanes: mapLanes(BAND_PX, true, false),
    hoverPos: -1,
    hoverGapBefore: -1,
    selectedPos: frame.selectedRow >= 0 && frame.selectedRow < position.length ? position[frame.selectedRow] : -1,
    detailed: true,
  });
}

/** The frame as an SVG document; `metadata` (the view's serialisation) goes into its <metadata>. */
export function exportSvg(frame: ExportFrame, metadata: string): string {
  const measurer = new OffscreenCanvas(1, 1).getContext('2d')!;
  const svg = new SvgContext(measurer, frame.theme.alarm);
  const heightPx = heightOf(svg as unknown as Draw2D, frame);
  paintChrome(svg as unknown as Draw2D, frame, heightPx);
  svg.setOffsetY(BAND_TOP);
  paintBand(svg as unknown as CanvasRenderingContext2D, frame, 1);
  return svg.document(frame.widthPx, heightPx, frame.title, metadata);
}

/** The frame as a PNG at `dpr` (2: sharp on high-density screens). */
export async function exportPng(frame: ExportFrame, dpr = 2): Promise<Blob> {
  const probe = new OffscreenCanvas(1, 1).getContext('2d')!;
  const heightPx = heightOf(probe as unknown as Draw2D, frame);
  const canvas = new OffscreenCanvas(Math.round(frame.widthPx * dpr), Math.round(heightPx * dpr));
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  paintChrome(ctx as unknown as Draw2D, frame, heightPx);
  const band = new OffscreenCanvas(Math.round(frame.widthPx * dpr), Math.round(BAND_PX * dpr));
  paintBand(band.getContext('2d')! as unknown as CanvasRenderingContext2D, frame, dpr);
  ctx.drawImage(band, 0, BAND_TOP, frame.widthPx, BAND_PX);
  return canvas.convertToBlob({ type: 'image/png' });
}
