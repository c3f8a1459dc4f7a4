/**
 * The page on a laptop and at a glance (issue 18), in headless Chromium on the live smaps of a
 * process this test starts (test/fixtures/layout/threads.c: four threads, a heap block, libc):
 * map, Region details and the region table each get usable space at 1280×720, 1024×768, 1400×900
 * and 1920×1080 with no page scroll; and an axe-core audit finds no violation after the file is
 * loaded, in both themes. Screenshots go to test-results/screenshots/layout-*.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatBytes, formatHexPadded } from '../../src/internal';
import { captureThreadsProcess, type LiveProcess } from '../analyze/analyze-helpers';
import { axeAudit, axisDrawn, closeApp, dropFile, launchBrowser, openApp, screenshot, syntheticMaps, waitForLoaded, windowText } from './harness';


let browser: Browser;
let work: string;
/** The live process's smaps, read while it ran, and what it reported (its threads' stack addresses, its heap block). */
let smaps: string;
let reported: LiveProcess['features'];

beforeAll(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'mapscope-layout-'));
  const capture = await captureThreadsProcess(work);
  smaps = capture.smaps;
  reported = capture.features;
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens the app at `size` and loads the live capture. */
async function openCapture(width: number, height: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await openApp(browser, { hash: 'empty', viewport: { width, height }, colorScheme });
  await dropFile(page, 'threads.smaps', smaps);
  await waitForLoaded(page, 'threads.smaps');
  await axisDrawn(page);
  return page;
}

const details = (page: Page) => page.getByRole('complementary', { name: 'Region details' });
const map = (page: Page) => page.getByRole('application', { name: /^Address space map/ });
const grid = (page: Page) => page.getByRole('grid', { name: 'Regions' });

async function box(page: Page, locator: ReturnType<Page['locator']>) {
  const b = await locator.boundingBox();
  if (b === null) throw new Error('not laid out');
  return b;
}

describe('layout', () => {
  const SIZES: [number, number][] = [
    [1280, 720],
    [1024, 768],
    [1400, 900],
    [1920, 1080],
  ];
  for (const [width, height] of SIZES) {
    test(`${width}×${height}: map, details and table each usable, no page scroll, no blank band`, async () => {
      const page = await openCapture(width, height);
      // Nothing selected: the table starts where the map's view ends (no blank band between them).
      const view = await box(page, page.getByRole('region', { name: 'Address space' }));
      const tableSection = await box(page, page.getByRole('region', { name: 'Region table' }));
      expect(Math.abs(tableSection.y - (view.y + view.height))).toBeLessThanOrEqual(1);

      // Select the region of the heap block the process reported, by looking its address up.
      const heap = reported.get('heap')!.addr;
      await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${heap.toString(16)}`);
      await page.keyboard.press('Enter');
      const d = details(page);
      await expect.poll(() => d.innerText()).toContain('start');
      const text = await d.innerText();
      // The whole of the maps line's fields is on screen: start, end, path, and the smaps fields.
      for (const field of ['start', 'end', 'size', 'perms', 'offset', 'device', 'inode', 'kind', 'Rss', 'Pss']) expect(text).toContain(field);
      const detailsBox = await box(page, d);
      expect(detailsBox.height).toBeGreaterThanOrEqual(200);
      expect(detailsBox.y + detailsBox.height).toBeLessThanOrEqual(height);
      const mapBox = await box(page, map(page));
      expect(mapBox.height).toBeGreaterThanOrEqual(110);
      expect(mapBox.width).toBeGreaterThanOrEqual(500);
      // The table shows at least five rows beside them.
      const rows = grid(page).getByRole('row');
      const visibleRows = await rows.evaluateAll((els) => els.filter((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && el.closest('[role=grid]')!.getBoundingClientRect().bottom >= r.bottom;
      }).length);
      expect(visibleRows).toBeGreaterThanOrEqual(6); // the header and five rows
      // No page scroll, and nothing wider than the window.
      const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
      expect(scroll).toEqual({ h: height, w: width });
      await closeApp(page);
    });
  }

  test('screenshots at 1280×720, 1024×768 and 1920×1080, light and dark, a thread stack selected', async () => {
    const stack = reported.get('t2')!.addr;
    for (const [width, height] of [
      [1280, 720],
      [1024, 768],
      [1920, 1080],
    ]) {
      for (const theme of ['light', 'dark'] as const) {
        const page = await openCapture(width, height, theme);
        await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${stack.toString(16)}`);
        await page.keyboard.press('Enter');
        await expect.poll(() => details(page).innerText()).toContain('start');
        await screenshot(page, `layout-${width}x${height}-${theme}`);
        await closeApp(page);
      }
    }
  });
});

/** The Rss, Pss and Swap lines of each region of an smaps text, by its `begin-end` range, read straight from the text. */
function smapsSizesByRange(text: string): Map<string, Record<'Rss' | 'Pss' | 'Swap', bigint>> {
  const out = new Map<string, Record<'Rss' | 'Pss' | 'Swap', bigint>>();
  let current: Record<'Rss' | 'Pss' | 'Swap', bigint> | null = null;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (head) {
      current = { Rss: -1n, Pss: -1n, Swap: -1n };
      out.set(`${head[1]}-${head[2]}`, current);
      continue;
    }
    const field = /^(Rss|Pss|Swap):\s+(\d+) kB$/.exec(line);
    if (field && current) current[field[1] as 'Rss'] = BigInt(field[2]) * 1024n;
  }
  return out;
}

describe('smaps where you look (point 7)', () => {
  test('the tooltip shows Rss, Pss and Swap of the hovered region; the table has Swap; every column fits at 1400×900; the file name shows whole', async () => {
    const page = await openCapture(1400, 900);
    const expected = smapsSizesByRange(smaps);
    const mapBox = await box(page, map(page));
    // Hover across the map until the tooltip names a region; check its sizes against the text.
    const tip = page.getByRole('tooltip');
    let checked = 0;
    for (let x = 5; x < mapBox.width && checked < 5; x += mapBox.width / 12) {
      await page.mouse.move(mapBox.x + x, mapBox.y + mapBox.height * 0.6);
      if (!(await tip.isVisible())) continue;
      const range = (await tip.locator('.tip-range').innerText()).split(/\s+/)[0];
      const sizes = expected.get(range.replace(/^0+(?=[0-9a-f])/, ''));
      if (sizes === undefined) continue; // a gap's tooltip
      const text = await tip.innerText();
      for (const field of ['Rss', 'Pss', 'Swap'] as const) expect(text, range).toContain(`${field} ${formatBytes(sizes[field])}`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    await page.mouse.move(0, 0);

    const headers = await grid(page).getByRole('columnheader').allInnerTexts();
    expect(headers.map((h) => h.replace(/[▲▼]/g, '').trim())).toEqual(['Begin', 'End', 'Size', 'Perms', 'Offset', 'Device', 'Inode', 'Pathname', 'Kind', 'Rss', 'Pss', 'Swap']);
    // Sized to content: no sideways scroll at 1400×900, and no cell's text is cut but the pathname's directory.
    const g = grid(page);
    expect(await g.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const cut = await g.locator('[role="gridcell"]:not(.path-cell)').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent));
    expect(cut).toEqual([]);
    // libc's rows: the file name whole, the directory before it, the full path in the title.
    await page.getByRole('searchbox', { name: 'Search regions' }).fill('libc.so');
    const libc = g.locator('.path-cell').first();
    await expect.poll(() => libc.locator('.path-base').innerText()).toMatch(/^libc\.so/);
    const title = (await libc.getAttribute('title'))!;
    expect(title).toMatch(/^\/.*\/libc\.so[.0-9]*$/);
    expect(await libc.textContent()).toBe(title);
    expect(await libc.locator('.path-base').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshot(page, 'layout-smaps-table-1400x900');
    // Sort by Swap: the header takes it.
    await g.getByRole('button', { name: 'Swap' }).click();
    await expect.poll(() => g.getByRole('columnheader', { name: 'Swap' }).getAttribute('aria-sort')).toBe('ascending');
    await closeApp(page);
  });
});

/** The pathnames of an smaps text's regions, read straight from its header lines ('' for anonymous). */
function pathnamesOf(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^[0-9a-f]+-[0-9a-f]+ /.test(line))
    .map((line) => line.split(/\s+/).slice(5).join(' '));
}

/** Alpha of each pixel along the middle row of the map's find layer. */
async function overlayAlphas(page: Page): Promise<number[]> {
  return page.locator('.find-overlay').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, Math.floor(c.height / 2), c.width, 1).data;
    return Array.from({ length: c.width }, (_, x) => data[x * 4 + 3]);
  });
}

describe('search and filters as one selection (point 5)', () => {
  const count = (page: Page) => page.getByRole('search').getByRole('status');
  const search = (page: Page) => page.getByRole('searchbox', { name: 'Search regions' });

  test('negation and alternatives: the count, the table and the hint agree with the file; what the search leaves out is dimmed, or hidden', async () => {
    const page = await openCapture(1280, 720);
    const paths = pathnamesOf(smaps);
    const total = paths.length;
    await search(page).fill('-libc');
    const notLibc = paths.filter((p) => !p.toLowerCase().includes('libc')).length;
    await expect.poll(() => count(page).innerText()).toBe(`${notLibc} of ${total} regions match`);
    expect(await page.locator('.find-hint').innerText()).toBe('Regions where not (pathname contains "libc")');
    expect(await grid(page).getByRole('row').count()).toBeGreaterThan(1);
    expect(await grid(page).locator('.path-cell').allTextContents()).not.toContainEqual(expect.stringContaining('libc'));

    await search(page).fill('[heap]|[stack] perm:rw');
    const heapOrStack = paths.filter((p) => p === '[heap]' || p === '[stack]').length;
    expect(heapOrStack).toBe(2);
    await expect.poll(() => count(page).innerText()).toBe(`${heapOrStack} of ${total} regions match`);
    expect(await page.locator('.find-hint').innerText()).toBe('Regions where (pathname contains "[heap]" or pathname contains "[stack]"), and permissions include r, w');

    // The map: a search alone dims what it leaves out (the band's background at 78 %: alpha 199)
    // and leaves the matches clear; Hide filtered covers the rest.
    await search(page).fill('libc');
    const veiled = (alphas: number[]) => alphas.filter((a) => Math.abs(a - 199) <= 1).length;
    await expect.poll(async () => veiled(await overlayAlphas(page))).toBeGreaterThan(100);
    const clear = (await overlayAlphas(page)).filter((a) => a === 0).length;
    expect(clear).toBeGreaterThan(10); // libc's columns
    await page.getByRole('checkbox', { name: 'Hide filtered' }).check();
    await expect.poll(async () => (await overlayAlphas(page)).filter((a) => a === 255).length).toBeGreaterThan(100);
    await screenshot(page, 'layout-search-libc-hidden');

    // The syntax, one click away.
    await page.getByText('Syntax', { exact: true }).click();
    const help = page.locator('.query-help-body');
    expect(await help.innerText()).toContain('-libc');
    expect(await help.innerText()).toContain('libc|libm');
    await closeApp(page);
  });

  test('at 262,144 regions a typed search shows on the map without Enter: the rest dimmed, the matches clear', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await dropFile(page, 'large.maps', syntheticMaps(262_144));
    await waitForLoaded(page, 'large.maps', 120_000);
    await axisDrawn(page);
    const viewBefore = await windowText(page);
    await search(page).pressSequentially('libssl', { delay: 20 });
    await expect.poll(() => count(page).innerText(), { timeout: 20_000 }).toMatch(/^[1-9][\d,]* of 262,144 regions match$/);
    // At this zoom a pixel holds ~300 regions, so a match is in many columns: a tenth of them or more veiled, and some clear.
    await expect.poll(async () => {
      const alphas = await overlayAlphas(page);
      return [alphas.filter((a) => Math.abs(a - 199) <= 1).length > alphas.length / 10, alphas.some((a) => a === 0)];
    }).toEqual([true, true]);
    // Nothing was stepped to: the view is where it was.
    expect(await windowText(page)).toBe(viewBefore);
    await screenshot(page, 'layout-search-262144');
    await closeApp(page);
  });
});

describe("the legend speaks the search's words (point 6)", () => {
  test("kind and module legends: each word a kind the search takes, a click filters, no module name twice", async () => {
    const page = await openCapture(1280, 720);
    const legend = page.getByLabel('Legend');
    const search = page.getByRole('searchbox', { name: 'Search regions' });
    const count = page.getByRole('search').getByRole('status');
    const entries = legend.getByRole('button');
    const labels = (await entries.allTextContents()).map((t) => t.replace(/[\d,]+$/, '').trim());
    expect(labels).toContain('heap');
    expect(labels).toContain('vdso, vvar, vsyscall'); // was "kernel"
    // Each entry's words, typed as kind:, are a valid search whose count is the entry's.
    for (let i = 0; i < labels.length; i++) {
      const shown = Number((await entries.nth(i).locator('.legend-count').innerText()).replace(/,/g, ''));
      await search.fill(`kind:${labels[i].replace(/, /g, ',')}`);
      expect(await page.locator('.find-hint').getAttribute('role'), labels[i]).not.toBe('alert');
      await expect.poll(() => count.innerText(), { message: labels[i] }).toMatch(new RegExp(`^${shown} of `));
    }
    await search.fill('');
    // A click filters, again shows all.
    const heap = entries.filter({ hasText: /^heap/ });
    await heap.click();
    await expect.poll(() => search.inputValue()).toBe('kind:heap');
    await expect.poll(() => count.innerText()).toMatch(/^1 of /);
    expect(await heap.getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'layout-legend-heap');
    await heap.click();
    await expect.poll(() => search.inputValue()).toBe('');
    // Module colouring: one entry a name.
    await page.getByRole('group', { name: 'Colour' }).getByRole('button', { name: 'Module' }).click();
    await expect.poll(() => legend.innerText(), { timeout: 30_000 }).toContain('libc.so.6');
    const moduleLabels = await legend.locator('li:not([data-kinds]) .legend-entry').evaluateAll((els) => els.map((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim()));
    expect(moduleLabels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(moduleLabels).size).toBe(moduleLabels.length);
    await legend.getByRole('button', { name: /^libc\.so\.6/ }).click();
    await expect.poll(() => count.innerText()).toMatch(/^[1-9]\d* of /);
    expect(await grid(page).locator('.path-cell').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/libc\.so\.6$/)]));
    await closeApp(page);
  });
});

describe('a region too small to see is zoomed to when selected (point 2)', () => {
  test('To scale, a 4 KiB guard page chosen in the table: the map zooms until it is at least 3 px wide', async () => {
    const page = await openCapture(1280, 720);
    await page.getByRole('group', { name: 'Scale' }).getByRole('button', { name: 'To scale' }).click();
    const window = async () => {
      const m = /(0x[0-9a-f]+) – (0x[0-9a-f]+)/.exec(await windowText(page))!;
      return [BigInt(m[1]), BigInt(m[2])];
    };
    const mapWidth = (await box(page, map(page))).width;
    // The guard page below thread 2's stack: the ---p page under the region holding its stack address.
    const t2 = reported.get('t2')!.addr;
    const ranges = [...smapsSizesByRange(smaps).keys()].map((r) => r.split('-').map((h) => BigInt('0x' + h)));
    const stack = ranges.find(([b, e]) => b <= t2 && t2 < e)!;
    const guard = ranges.find(([, e]) => e === stack[0])!;
    expect(guard[1] - guard[0]).toBe(4096n);
    const [a0, a1] = await window();
    expect(Number(4096n * BigInt(Math.round(mapWidth))) / Number(a1 - a0)).toBeLessThan(1); // far below a pixel before
    await page.getByRole('searchbox', { name: 'Look up address' }).fill('');
    await page.getByRole('searchbox', { name: 'Search regions' }).fill(`perm:---p size=4k`);
    const row = grid(page).getByRole('row').filter({ hasText: formatHexPadded(guard[0]) });
    await row.click();
    await expect.poll(() => details(page).innerText()).toContain(formatHexPadded(guard[0]));
    await expect.poll(async () => {
      const [b0, b1] = await window();
      return b0 <= guard[0] && guard[1] <= b1 && Number(4096n * BigInt(Math.round(mapWidth))) / Number(b1 - b0) >= 3;
    }).toBe(true);
    await screenshot(page, 'layout-zoom-to-guard-page');
    await closeApp(page);
  });
});

describe('accessibility', () => {
  test('keyboard: the skip link is the first tab stop and focuses the table; the sort buttons are tab stops; filter names keep their state', async () => {
    const page = await openCapture(1280, 720);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the region table' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await box(page, skip)).y).toBeGreaterThanOrEqual(0); // shown while it has focus
    await page.keyboard.press('Enter');
    expect(await grid(page).evaluate((el) => el === document.activeElement)).toBe(true);
    // Arrow keys move the selection in the focused table; the details follow.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => details(page).innerText()).toContain('start');
    // Tab from the grid reaches its sort buttons, one a column; Enter sorts by the focused one.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.getAttribute('title')).toBe('Sort by end');
    const header = grid(page).getByRole('columnheader', { name: 'End' });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    // The permission filter's buttons: the visible state is in the name, and follows a click.
    const filter = page.getByRole('group', { name: 'Permission filter' });
    await filter.getByRole('button', { name: 'Writable any' }).click();
    await filter.getByRole('button', { name: 'Writable required' }).waitFor();
    await closeApp(page);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe-core finds no violation with a file loaded, a region selected and each side tab shown (${theme})`, async () => {
      const page = await openCapture(1280, 720, theme);
      const found: string[] = [];
      found.push(...(await axeAudit(page)));
      const heap = reported.get('heap')!.addr;
      await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${heap.toString(16)}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => details(page).innerText()).toContain(formatHexPadded(heap).slice(0, 6));
      found.push(...(await axeAudit(page)));
      for (const tab of ['Findings', 'Modules', 'Summary']) {
        await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        found.push(...(await axeAudit(page)));
      }
      expect([...new Set(found)]).toEqual([]);
      await closeApp(page);
    });
  }
});
