/** Sizes a canvas's backing store to CSS pixels × devicePixelRatio (only when it changed: resizing clears it). */
export function sizeCanvas(el: HTMLCanvasElement, widthPx: number, heightPx: number): { ctx: CanvasRenderingContext2D; dpr: number } | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(widthPx * dpr);
  const h = Math.round(heightPx * dpr);
  if (el.width !== w || el.height !== h) {
    el.width = w;
    el.height = h;
  }
  const ctx = el.getContext('2d');
  return ctx ? { ctx, dpr } : null;
}

/** sizeCanvas, then the whole canvas cleared and its transform set to CSS pixels: for a layer redrawn whole each frame. */
export function clearedCanvas(el: HTMLCanvasElement, widthPx: number, heightPx: number): { ctx: CanvasRenderingContext2D; dpr: number } | null {
  const sized = sizeCanvas(el, widthPx, heightPx);
  if (!sized) return null;
  const { ctx, dpr } = sized;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, el.width, el.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return sized;
}
