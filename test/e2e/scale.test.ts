/**
 * Issue 18 point 4 and the Summary's part of point 5, in headless Chromium on a real capture: the
 * maps of a process started here (x86-64: its `[vsyscall]` at 0xffffffffff600000 is what used to
 * stretch "To scale" to 16 EiB). To scale opens on the regions, in labelled parts; dragging on the
 * overview and on the map zooms to the dragged range (Escape cancels, a click still selects); the
 * keyboard's [ … ] does the same; the Summary shows what a search selects. Screenshots go to
 * test-results/screenshots/scale-*.png.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  RegionIndex,
  createLinearScale,
  findAddressSpaceShape,
  fitViewport,
  formatBytes,
  PERM_READ,
  parseAddr,
  parseMaps,
  sortRegions,
  uOfPx,
  type AddressScale,
} from '../../src/internal';
import { axeAudit, axisDrawn, closeApp, dropFile, launchBrowser, nextFrame, openApp, overviewWindowBox, screenshot, unexpectedErrors, waitForLoaded, windowText } from './harness';

let browser: Browser;
/** The maps of a `sleep` started for these tests, read while it runs. */
let maps = '';

beforeAll(async () => {
  browser = await launchBrowser();
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    // The kernel fills in the maps once the program is exec'd: wait for its own binary to show.
    for (let i = 0; i < 100 && !/\/sleep\n/.test(maps); i++) {
      await new Promise((r) => setTimeout(r, 20));
      maps = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
    }
  } finally {
    child.kill();
  }
});
afterAll(async () => {
  await browser?.close();
});

/** The capture's to-scale scale, as the app builds it. */
function linearScale(): AddressScale {
  const table = parseMaps(maps).regions;
  return createLinearScale(sortRegions(table, RegionIndex.build(table).order), findAddressSpaceShape(table));
}

async function openCapture(scheme: 'light' | 'dark', viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await openApp(browser, { hash: 'empty', colorScheme: scheme, viewport });
  await dropFile(page, 'sleep.maps', maps);
  await waitForLoaded(page, 'sleep.maps');
  await axisDrawn(page);
  return page;
}

/** The visible window as the toolbar states it: [first, last] addresses. */
async function visibleWindow(page: Page): Promise<[bigint, bigint]> {
  const text = await windowText(page);
  const m = /(0x[0-9a-f]+) – (0x[0-9a-f]+)/.exec(text);
  if (!m) throw new Error(`window text "${text}"`);
  return [parseAddr(m[1])!, parseAddr(m[2])!];
}

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`no ${selector}`);
  return b;
}

/** Drags across `b` from fraction f0 to f1 of its width, at its middle height; `before` runs with the button still down. */
async function dragAcross(page: Page, b: { x: number; y: number; width: number; height: number }, f0: number, f1: number, before?: () => Promise<void>) {
  const y = b.y + b.height * 0.6;
  await page.mouse.move(b.x + b.width * f0, y);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * f1, y, { steps: 6 });
  await before?.();
  await page.mouse.up();
}

const scaleButton = (page: Page, name: string) => page.getByRole('group', { name: 'Scale' }).getByRole('button', { name });

describe('To scale on a real x86-64 process', () => {
  test('opens on the regions in two labelled parts with the non-canonical hole between them, light and dark, 1280×720 and 1920×1080', async () => {
    const table = parseMaps(maps).regions;
    const sorted = [...table].sort((a, b) => (a.begin < b.begin ? -1 : 1));
    const vsyscall = sorted.at(-1)!;
    expect(vsyscall.pathname).toBe('[vsyscall]');
    const lowest = sorted[0].begin;
    const highestUser = sorted.at(-2)!.end;
    for (const scheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
      ]) {
        const page = await openCapture(scheme, viewport);
        await scaleButton(page, 'To scale').click();
        const parts = page.getByRole('group', { name: /^Address-space parts:/ });
        const name = await parts.getAttribute('aria-label');
        expect(name).toBe(
          'Address-space parts: user space · 128 TiB, 0x0–0x7fffffffffff; non-canonical hole · 16 EiB − 256 TiB; ' +
            `kernel half · 128 TiB, drawn ${linearScale().sections[2].bytesPerUnit}× narrower, 0xffff800000000000–0xffffffffffffffff`,
        );
        await screenshot(page, `scale-to-scale-${scheme}-${viewport.width}x${viewport.height}`);
        // The three labels are on screen.
        for (const label of [/^user space · 128 TiB$/, /^non-canonical hole · 16 EiB − 256 TiB$/, /^kernel half · 128 TiB/]) await expect.poll(() => parts.getByText(label).isVisible()).toBe(true);
        // The window starts just below the lowest region, ends past [vsyscall], and says it spans the hole.
        const [a, b] = await visibleWindow(page);
        const userSpan = highestUser - lowest;
        expect(a).toBeLessThanOrEqual(lowest);
        expect(lowest - a).toBeLessThan(userSpan / 20n);
        expect(b).toBeGreaterThanOrEqual(vsyscall.end);
        expect(await windowText(page)).toMatch(/ · across the non-canonical hole \(16 EiB − 256 TiB, not counted\)$/);
        // The user regions fill most of the map: the user part's label box spans from the left edge to the break, at least 75 % of the width.
        const mapBox = await box(page, '.address-space-map');
        const hole = await box(page, '.address-space-map .scale-break');
        expect((hole.x - mapBox.x) / mapBox.width).toBeGreaterThan(0.75);
        expect(hole.x + hole.width).toBeLessThan(mapBox.x + mapBox.width - 20); // the kernel part is visible to its right
        expect(unexpectedErrors(page)).toEqual([]);
        await closeApp(page);
      }
    }
  });

  test('a drag on the map zooms to the dragged range (the band shows it while dragging); Escape cancels; a click still selects; [ … ] from the keyboard', async () => {
    const page = await openCapture('light');
    await scaleButton(page, 'To scale').click();
    const map = await box(page, '.address-space-map');
    const scale = linearScale();
    const whole = fitViewport(scale);
    // Drag from 10 % to 30 % of the map (user space, one unit a byte): the band says the range.
    const band = page.locator('.address-space-map .range-band');
    let bandText = '';
    await dragAcross(page, map, 0.1, 0.3, async () => {
      await band.waitFor({ state: 'visible' });
      bandText = await band.innerText();
      await screenshot(page, 'scale-dragging-light-1280x720');
    });
    const expected0 = scale.addrOfU(uOfPx(whole, map.width, map.width * 0.1));
    const expected1 = scale.addrOfU(uOfPx(whole, map.width, map.width * 0.3));
    const [a, b] = await visibleWindow(page);
    const slack = (expected1 - expected0) / 50n; // a pixel or so of the 20 % span
    expect(a > expected0 - slack && a < expected0 + slack, `${a} vs ${expected0}`).toBe(true);
    expect(b > expected1 - slack && b < expected1 + slack, `${b} vs ${expected1}`).toBe(true);
    expect(bandText).toMatch(/^0x[0-9a-f]+ – 0x[0-9a-f]+ · [\d.]+ [KMGTP]iB$/);
    expect(await band.isHidden()).toBe(true);
    // No region was selected by the drag's release.
    const details = page.getByRole('complementary', { name: 'Region details' });
    await expect.poll(() => details.innerText()).toContain('Click a region');

    // Escape during a drag: nothing changes.
    await dragAcross(page, map, 0.2, 0.6, () => page.keyboard.press('Escape'));
    expect(await visibleWindow(page)).toEqual([a, b]);
    expect(await band.isHidden()).toBe(true);

    // A click without movement still selects a region (the lowest one, at the compressed view's left edge),
    // clicked once the map has painted the compressed view (a click hits what the last painted frame
    // shows). A CI run once saw this click select nothing within the poll's default second; not reproduced.
    const switchedAt = await page.evaluate(() => performance.now());
    const paintedSince = (t: number) => page.evaluate((since) => performance.getEntriesByName('mapscope:frame').some((e) => e.startTime >= since), t);
    await scaleButton(page, 'Compressed gaps').click();
    await page.locator('.address-space-map').focus();
    await page.keyboard.press('0');
    await expect.poll(() => paintedSince(switchedAt)).toBe(true);
    await nextFrame(page);
    const map2 = await box(page, '.address-space-map');
    await page.mouse.click(map2.x + map2.width * 0.02, map2.y + map2.height * 0.6);
    await expect.poll(() => details.locator('h2').count(), { timeout: 5000 }).toBe(1);

    // The keyboard: select the first region, mark it, move three on, zoom to the range.
    const sorted = [...parseMaps(maps).regions].sort((p, q) => (p.begin < q.begin ? -1 : 1));
    await page.locator('.address-space-map').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('[');
    await expect.poll(() => band.isVisible()).toBe(true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press(']');
    await expect.poll(() => band.isHidden()).toBe(true);
    const [k0, k1] = await visibleWindow(page);
    expect(k0).toBeLessThanOrEqual(sorted[0].begin);
    expect(k1).toBeGreaterThanOrEqual(sorted[3].end);
    expect(k1 < sorted[4].end).toBe(true);
    expect(unexpectedErrors(page)).toEqual([]);
    await closeApp(page);
  });

  test('a drag on the overview at the opening view zooms the map to that range, at both scales', async () => {
    for (const mode of ['Compressed gaps', 'To scale']) {
      const page = await openCapture('dark');
      await scaleButton(page, mode).click();
      const before = await visibleWindow(page);
      const overview = await box(page, '.map-overview');
      const band = page.locator('.map-overview .range-band');
      let shown = false;
      await dragAcross(page, overview, 0.05, 0.45, async () => {
        shown = await band.isVisible();
      });
      expect(shown).toBe(true);
      const after = await visibleWindow(page);
      expect(after[0]).toBeGreaterThanOrEqual(before[0]);
      expect(after[1]).toBeLessThan(before[1]);
      expect(after[1] - after[0]).toBeLessThan(before[1] - before[0]);
      // The overview's window outline now covers about that range (5 % to 45 % of the strip).
      const outline = await overviewWindowBox(page);
      expect(Math.abs(outline.x - (overview.x + overview.width * 0.05))).toBeLessThan(4);
      expect(Math.abs(outline.x + outline.width - (overview.x + overview.width * 0.45))).toBeLessThan(4);
      if (mode === 'To scale') await screenshot(page, 'scale-overview-zoomed-dark-1280x720');
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});

describe('the Summary follows the selection', () => {
  test('a search: the Summary says what it selects beside the totals, and the bars show their selected part', async () => {
    const table = parseMaps(maps).regions;
    const libc = [...table].filter((r) => r.pathname !== null && /libc/.test(r.pathname));
    expect(libc.length).toBeGreaterThan(0);
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openCapture(scheme);
      const summary = page.getByRole('region', { name: 'Summary' });
      const totals = summary.getByLabel('Totals');
      await totals.waitFor();
      expect(await totals.innerText()).not.toContain('Selected');
      await page.getByRole('searchbox', { name: 'Search regions' }).fill('libc');
      await expect.poll(() => totals.innerText()).toMatch(new RegExp(`Selected\\s+[\\d.]+ [KMG]iB in ${libc.length} regions`));
      // The file bar (libc is a file) reads "x of y"; the kinds the search leaves out read "0 B of …".
      const chart = summary.getByRole('group', { name: /^Virtual size by kind/ });
      await expect.poll(() => chart.getByRole('button', { name: /^file: [\d.]+ [KMG]iB of [\d.]+ [KMG]iB/ }).count()).toBe(1);
      await expect.poll(() => chart.getByRole('button', { name: /^heap: 0 B of / }).count()).toBe(1);
      const fileRow = summary.getByRole('table', { name: 'Summary by kind' }).getByRole('row', { name: /^file / });
      expect(await fileRow.innerText()).toMatch(new RegExp(`${libc.length} of \\d+`));
      await screenshot(page, `scale-summary-search-${scheme}-1280x720`);
      // No axe violation with the Summary narrowed and the map to scale in parts.
      await scaleButton(page, 'To scale').click();
      await page.getByRole('group', { name: /^Address-space parts:/ }).getByText(/^user space/).waitFor();
      expect(await axeAudit(page)).toEqual([]);
      // A broad answer (more than 1/32 of the regions: kept as bits, read in pieces): the readable
      // regions, their count and exact size summed here.
      const readable = [...table].filter((r) => (r.perms & PERM_READ) !== 0);
      expect(readable.length * 32).toBeGreaterThan(table.length);
      const readableBytes = readable.reduce((sum, r) => sum + r.sizeBytes, 0n);
      await page.getByRole('searchbox', { name: 'Search regions' }).fill('perm:r');
      const selected = `${formatBytes(readableBytes)} in ${readable.length.toLocaleString('en-US')} regions`.replace(/[.]/g, '\\.');
      await expect.poll(() => totals.innerText()).toMatch(new RegExp(`Selected\\s+${selected}`));
      await page.getByRole('searchbox', { name: 'Search regions' }).fill('');
      await expect.poll(() => totals.innerText()).not.toContain('Selected');
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});
