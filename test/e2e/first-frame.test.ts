/**
 * A file's first frame of the map is laid out in a task of its own and painted in the animation
 * frame after it (app/hooks/useViewFrame.ts, prepareFirst), so that no one task holds both at
 * 4,194,304 regions. What it paints must be what one draw of the same window paints: the map's
 * canvas after the first frame is compared, pixel by pixel, with the canvas drawn again at that
 * window after a zoom in and a reset (0), where the frame is laid out and painted in one go.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, nextFrame, openApp, syntheticMaps, waitForLoaded } from './harness';
import { MAP_CANVAS, keepPixels as keepCanvasPixels } from './pixels';

const keepPixels = (page: Page, key: string, against: string | null) => keepCanvasPixels(page, [MAP_CANVAS], key, against);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** How many of the map's frames have been painted so far. */
function framesPainted(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('mapscope:frame').length);
}

async function expectFirstFrameAsOneDraw(page: Page, name: string): Promise<void> {
  await waitForLoaded(page, name);
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('mapscope:first-frame').length), { timeout: 20_000 }).toBeGreaterThan(0);
  await nextFrame(page);
  // Ink on it: a blank canvas would equal a blank canvas.
  expect((await keepPixels(page, 'first', null)).inked).toBeGreaterThan(10_000);
  const map = page.getByRole('application', { name: /Address space map/ });
  await map.focus();
  const before = await framesPainted(page);
  await page.keyboard.press('+');
  await nextFrame(page);
  expect((await keepPixels(page, 'zoomed', 'first')).differing).toBeGreaterThan(0);
  await page.keyboard.press('0');
  await nextFrame(page);
  expect(await framesPainted(page)).toBeGreaterThanOrEqual(before + 2);
  expect((await keepPixels(page, 'again', 'first')).differing).toBe(0);
}

describe('the first frame of a file', () => {
  test('paints what one draw of its window paints, for a file and for the next file in the same view', async () => {
    const page = await openApp(browser);
    try {
      await dropFile(page, 'first.maps', syntheticMaps(6_000, 7));
      await expectFirstFrameAsOneDraw(page, 'first.maps');
      await dropFile(page, 'second.maps', syntheticMaps(4_000, 8));
      await expect.poll(() => page.evaluate(() => performance.getEntriesByName('mapscope:first-frame').length), { timeout: 20_000 }).toBeGreaterThan(1);
      await expectFirstFrameAsOneDraw(page, 'second.maps');
    } finally {
      await closeApp(page);
    }
  });
});
