/**
 * The wheel's frames (app/hooks/useViewFrame.ts). A frame of a wheel gesture is drawn from the
 * store's new window in an animation frame, with no React render: what it shows — the map and the
 * axis — must be what one draw of that window shows, so that a label never lags its map. And
 * after a file's first frame, idle time lays out and paints frames of a zoom off screen
 * (warmFrameCode), so that V8 has compiled that code before the first wheel event: nothing of it
 * may reach a canvas the user sees. A draw "at once" of the same window is forced by switching the
 * system's colour scheme to dark and back (the map's colours change, its window does not).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, nextFrame, openApp, syntheticMaps, waitForLoaded } from './harness';
import { MAP_CANVAS, AXIS_CANVAS, keepPixels as keepCanvasPixels } from './pixels';
import { WARM_FRAMES } from '../../app/hooks/useViewFrame';

const keepPixels = (page: Page, key: string, against: string | null) => keepCanvasPixels(page, [MAP_CANVAS, AXIS_CANVAS], key, against);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Draws the map again at its window, in one go: the colour scheme switched to dark and back. */
async function drawAgain(page: Page): Promise<void> {
  const frames = await count(page, 'mapscope:frame');
  await page.emulateMedia({ colorScheme: 'dark' });
  await drawn(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await drawn(page);
  expect(await count(page, 'mapscope:frame')).toBeGreaterThanOrEqual(frames + 2);
}

const count = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

/**
 * Waits until the map has drawn every frame asked of it: wheel input reaches the page on its own
 * time (through the browser's input queue), so a frame is not enough — until three frames go by
 * with no map frame drawn.
 */
async function drawn(page: Page): Promise<void> {
  for (let quiet = 0; quiet < 3; ) {
    const before = await count(page, 'mapscope:frame');
    await nextFrame(page);
    quiet = (await count(page, 'mapscope:frame')) === before ? quiet + 1 : 0;
  }
}

async function openMap(): Promise<Page> {
  const page = await openApp(browser);
  await page.emulateMedia({ colorScheme: 'light' });
  await dropFile(page, 'wheel.maps', syntheticMaps(6_000, 11));
  await waitForLoaded(page, 'wheel.maps');
  await expect.poll(() => count(page, 'mapscope:first-frame'), { timeout: 20_000 }).toBeGreaterThan(0);
  return page;
}

describe('the wheel frames of the map', () => {
  test("the frame code is warmed in idle time after the first frame, and nothing of it is drawn where it shows", async () => {
    const page = await openMap();
    try {
      await expect.poll(() => count(page, 'mapscope:warm-frame'), { timeout: 20_000 }).toBe(WARM_FRAMES);
      await drawn(page);
      expect((await keepPixels(page, 'warmed', null)).inked).toBeGreaterThan(10_000);
      await drawAgain(page);
      expect((await keepPixels(page, 'again', 'warmed')).differing).toBe(0);
    } finally {
      await closeApp(page);
    }
  });

  test("each frame of a gesture, one wheel event a frame, shows what one draw of its window shows", async () => {
    const page = await openMap();
    try {
      const map = page.getByRole('application', { name: /Address space map/ });
      const box = (await map.boundingBox())!;
      await keepPixels(page, 'before', null);
      await page.mouse.move(box.x + box.width * 0.53, box.y + box.height * 0.6);
      for (const [deltaY, times] of [[-120, 12], [120, 4]] as const) {
        for (let i = 0; i < times; i++) {
          await page.mouse.wheel(0, deltaY);
          await nextFrame(page);
        }
        await drawn(page);
        const gesture = await keepPixels(page, `wheeled ${deltaY}`, 'before');
        expect(gesture.differing).toBeGreaterThan(0);
        expect(gesture.inked).toBeGreaterThan(1_000);
        await drawAgain(page);
        expect((await keepPixels(page, `again ${deltaY}`, `wheeled ${deltaY}`)).differing).toBe(0);
      }
    } finally {
      await closeApp(page);
    }
  });
});
