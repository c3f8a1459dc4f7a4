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
