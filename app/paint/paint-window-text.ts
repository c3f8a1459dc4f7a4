/**
 * Draws the map's visible window as text on a canvas of its own in the toolbar
 * (useViewWindowText): right-aligned in the axis's monospace font and the theme's muted text, cut
 * with an ellipsis where it does not fit, as the text element it replaces showed it.
 */
import { AXIS_FONT } from './paint-axis';
import { clearedCanvas } from './canvas-size';
import { setFont } from './canvas-font';
import type { ThemeColors } from './palette';

/** Clears `el` (`widthPx` × `heightPx` CSS pixels) and draws `text` on it. */
export function drawWindowText(el: HTMLCanvasElement, widthPx: number, heightPx: number, text: string, theme: ThemeColors): void {
  if (widthPx <= 0 || heightPx <= 0) return;
  const sized = clearedCanvas(el, widthPx, heightPx);
  if (!sized || text === '') return;
  const { ctx } = sized;
  setFont(ctx, AXIS_FONT);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = theme.mutedText;
  ctx.fillText(fitted(ctx, text, widthPx), widthPx, heightPx / 2);
}

/** `text`, or its longest beginning that fits in `widthPx` with an ellipsis after it. */
export function fitted(ctx: Pick<CanvasRenderingContext2D, 'measureText'>, text: string, widthPx: number): string {
  if (ctx.measureText(text).width <= widthPx) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= widthPx) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
