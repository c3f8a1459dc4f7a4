/** Pixel comparisons of the page's canvases, for the e2e tests that check a frame equals one draw. */
import type { Page } from 'playwright-core';

/** The map's canvas (the first canvas of the map). */
export const MAP_CANVAS = '.address-space-map canvas';
/** The map's axis. */
export const AXIS_CANVAS = '.address-space-map canvas.address-axis';

/**
 * Keeps the pixels of the canvases `selectors` name (each the first match), one after another,
 * in the page under `key`, and returns how many bytes differ from those kept under `against` (-1
 * when none are) and how many pixels of the first canvas have ink.
 */
export function keepPixels(page: Page, selectors: readonly string[], key: string, against: string | null): Promise<{ differing: number; inked: number }> {
  return page.evaluate(
    ([names, k, a]) => {
      const parts = names.map((name) => {
        const c = document.querySelector(name) as HTMLCanvasElement;
        return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      });
      const data = new Uint8ClampedArray(parts.reduce((sum, part) => sum + part.length, 0));
      let at = 0;
      for (const part of parts) {
        data.set(part, at);
        at += part.length;
      }
      const kept = window as unknown as Record<string, Uint8ClampedArray>;
      kept[k] = data;
      const other = a === null ? null : kept[a];
      let differing = other === null ? -1 : Math.abs(other.length - data.length);
      if (other !== null) for (let i = 0; i < Math.min(other.length, data.length); i++) if (other[i] !== data[i]) differing++;
      let inked = 0;
      for (let i = 3; i < parts[0].length; i += 4) if (parts[0][i] > 0) inked++;
      return { differing, inked };
    },
    [selectors, key, against] as [readonly string[], string, string | null],
  );
}
