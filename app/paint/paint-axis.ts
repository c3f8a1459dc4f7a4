/**
 * Draws the address axis: one tick and one hex label per tick from src/layout/ticks.ts, on a 2D
 * context — the map's axis canvas in each frame, and the Export menu's image (a canvas or an
 * SvgContext) — in the theme's colours. The map's axis was SVG: every frame of a zoom rewrote its
 * labels and moved its lines, which invalidated SVG layout (~13 invalidations a frame) and made the
 * browser lay out, repaint and layerize the page again; a canvas redrawn is a repaint of itself.
 * What the axis shows is also a text (`axisDescription`), the canvas's accessible name.
 */
import type { Tick } from '../../src/internal';
import type { ThemeColors } from './palette';
import { setFont } from './canvas-font';

/** Height of the axis in CSS pixels. */
export const AXIS_HEIGHT_PX = 22;
/** The axis's font: 11 px, the page's monospace stack (app.css --font-mono). */
export const AXIS_FONT = "11px ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";
/** Advance of one character of the axis's font. */
export const AXIS_CHAR_PX = 6.7;
/** Length of a tick line, and the labels' baseline above the axis's bottom. */
const TICK_PX = 7;
const BASELINE_PX = 9;

/** The drawing calls the axis makes: a canvas context and an SvgContext both have them. */
export type AxisContext = Pick<CanvasRenderingContext2D, 'fillRect' | 'fillText'> & { fillStyle: unknown; font: string; textAlign: string; textBaseline: string };

/** Whether `t`'s label is drawn: a label that would run past the right edge is left out (its tick stays). */
export function axisLabelShown(t: Tick, widthPx: number): boolean {
  return t.xPx + 3 + t.label.length * AXIS_CHAR_PX <= widthPx;
}

/**
 * Draws `ticks` in a band AXIS_HEIGHT_PX high from `topPx`, `widthPx` wide. A tick line is a CSS
 * pixel wide rounded to whole device pixels (`dpr` device pixels a CSS pixel; at least one) and
 * starts on a device pixel's edge: sharp at any devicePixelRatio. Ordinary ticks' lines in the theme's axis colour and labels in its muted text,
 * the ticks where an address-space part begins (boundary) in its text colour.
 */
export function drawAxis(ctx: AxisContext, ticks: readonly Tick[], widthPx: number, topPx: number, theme: ThemeColors, dpr = 1): void {
  const lineWidth = Math.max(1, Math.round(dpr)) / dpr;
  const lineTop = topPx + AXIS_HEIGHT_PX - TICK_PX;
  setFont(ctx, AXIS_FONT);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  for (const t of ticks) {
    const px = Math.round(t.xPx);
    ctx.fillStyle = t.boundary ? theme.text : theme.axisLine;
    ctx.fillRect(Math.round(px * dpr) / dpr, lineTop, lineWidth, TICK_PX);
    if (!axisLabelShown(t, widthPx)) continue;
    ctx.fillStyle = t.boundary ? theme.text : theme.mutedText;
    ctx.fillText(t.label, px + 3.5, topPx + AXIS_HEIGHT_PX - BASELINE_PX);
  }
}

/**
 * The axis as words, for assistive technology and tests: `Address axis, 0x… – 0x…: 0x…, 0x…` —
 * the window shown (`windowText`) and the labels drawn, left to right.
 */
export function axisDescription(ticks: readonly Tick[], widthPx: number, windowText: string): string {
  const labels: string[] = [];
  for (const t of ticks) if (axisLabelShown(t, widthPx)) labels.push(t.label);
  return `Address axis, ${windowText}: ${labels.join(', ')}`;
}
