/**
 * Every row of a 4,194,304-region table is reachable: at 24 px a row its rows are ~100 million px
 * tall, three times what Chromium lays out (33,554,428 px), so the table maps its scroll position
 * onto the rows (app/components/row-scroll.ts). Scrolled to the end, the last region is seen; the
 * lookup and the keyboard bring any row into view; the scrollbar's position is the rows'.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot, syntheticMaps, waitForLoaded } from './harness';

const REGIONS = 4_194_304;
const NAME = `rows-${REGIONS}.maps`;
let browser: Browser;
let dir: string;
/** The first and last lines' begin addresses, read with a regex (not by src/). */
let firstBegin: string;
let lastBegin: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const text = syntheticMaps(REGIONS);
  const begins = [/^([0-9a-f]+)-/.exec(text)![1], /\n([0-9a-f]+)-[^\n]*\n$/.exec(text)![1]];
  [firstBegin, lastBegin] = begins;
  dir = mkdtempSync(join(tmpdir(), 'mapscope-rows-'));
  writeFileSync(join(dir, NAME), text);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const grid = (page: Page) => page.getByRole('grid', { name: 'Regions' });

/** The rows seen whole below the grid's sticky header: their aria-rowindex and first cell's text. */
function rowsInView(page: Page): Promise<{ index: number; begin: string; selected: boolean }[]> {
  return grid(page).evaluate((el) => {
    const head = el.querySelector('[role="row"][aria-rowindex="1"]')!.getBoundingClientRect();
    const view = el.getBoundingClientRect();
    return Array.from(el.querySelectorAll<HTMLElement>('[role="row"]'))
      .filter((row) => row.getAttribute('aria-rowindex') !== '1')
      .filter((row) => {
        const r = row.getBoundingClientRect();
        return r.top >= head.bottom - 0.5 && r.bottom <= view.top + el.clientHeight + 0.5;
      })
      .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), begin: row.querySelector('[role="gridcell"]')!.textContent!, selected: row.getAttribute('aria-selected') === 'true' }))
      .sort((a, b) => a.index - b.index);
  });
}

/** Sets the grid's scrollTop as a drag of its scrollbar's thumb does (`fraction` of the scroll range), and waits for the rows to follow. */
async function scrollTo(page: Page, fraction: number): Promise<void> {
  await grid(page).evaluate((el, f) => {
    el.scrollTop = f * (el.scrollHeight - el.clientHeight);
  }, fraction);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe(`a table of ${REGIONS.toLocaleString('en-US')} regions`, () => {
  test('scrolled to the end shows the last region; the lookup and End bring it into view; the scrollbar is where the rows are', async () => {
    const page = await openApp(browser, { hash: 'empty', viewport: { width: 1280, height: 720 } });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open file' }).click()]);
    await chooser.setFiles(join(dir, NAME)); // a path: no copy of ~300 MB through the test's protocol
    expect((await waitForLoaded(page, NAME, 300_000)).regions).toBe(REGIONS);
    expect(await grid(page).getAttribute('aria-rowcount')).toBe(String(REGIONS + 1));
    const pad = (hex: string) => hex.padStart(8, '0');

    // The top: the first region, first.
    expect((await rowsInView(page))[0]).toMatchObject({ index: 2, begin: pad(firstBegin) });

    // Dragged to the end: the last region is the last row seen, whole.
    await scrollTo(page, 1);
    await expect.poll(async () => (await rowsInView(page)).at(-1)).toMatchObject({ index: REGIONS + 1, begin: pad(lastBegin) });
    await screenshot(page, 'table-rows-end-1280');

    // The middle of the scrollbar is the middle of the rows (to a view of rows).
    await scrollTo(page, 0.5);
    const middle = await rowsInView(page);
    expect(middle.length).toBeGreaterThan(4);
    expect(Math.abs(middle[0].index - 2 - (REGIONS - middle.length) / 2)).toBeLessThanOrEqual(middle.length);

    // Back at the top, the last region looked up: selected, and scrolled into view.
    await scrollTo(page, 0);
    await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${lastBegin}`);
    await expect.poll(async () => (await rowsInView(page)).find((r) => r.selected)).toMatchObject({ index: REGIONS + 1, begin: pad(lastBegin) });

    // The keyboard: Home goes to the first row, PageDown a page on, End to the last.
    await grid(page).focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await rowsInView(page)).find((r) => r.selected)).toMatchObject({ index: 2, begin: pad(firstBegin) });
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await rowsInView(page)).find((r) => r.selected)?.index ?? 0).toBeGreaterThan(4);
    await page.keyboard.press('End');
    await expect.poll(async () => (await rowsInView(page)).find((r) => r.selected)).toMatchObject({ index: REGIONS + 1, begin: pad(lastBegin) });
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await rowsInView(page)).find((r) => r.selected)?.index).toBe(REGIONS);

    // A larger window, dark: scrolled to the end, the last region is still the last row seen.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await scrollTo(page, 1);
    await expect.poll(async () => (await rowsInView(page)).at(-1)).toMatchObject({ index: REGIONS + 1, begin: pad(lastBegin) });
    await screenshot(page, 'table-rows-end-1920-dark');
    await closeApp(page);
  }, 600_000);
});
