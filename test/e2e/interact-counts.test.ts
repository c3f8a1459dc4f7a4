/**
 * What an input may change, counted (not timed: `npm run bench -- interact` times them), on a
 * generated 20,000-region file:
 *  - a pasted address: the answer and the selection show without the map's box changing size (no
 *    relayout of the map), and the region table then scrolls the looked-up row into view with the
 *    row elements it had (rewritten, not remounted); the paste's commit renders what shows the
 *    answer, and Region details follows in a commit of its own, after the answer's frame;
 *  - a pasted address in view draws on the pin's and the selection's canvases only, not on the
 *    map's, its axis's or the overview's; one out of view pans the map, which is drawn then;
 *  - wheel zoom: no frame of it changes the document — the visible window is drawn on a canvas and
 *    written as text, with the axis canvas's accessible name, only once the zoom has paused
 *    (SETTLE_MS); both, and the overview's outline, then show the new window.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RegionIndex, formatHex, formatHexPadded, parseMaps } from '../../src/internal';
import { SETTLE_MS } from '../../app/hooks/after-paint';
import { openCounted } from './render-counter';
import { axisDrawn, axisLabels, closeApp, dropFile, launchBrowser, nextFrame, openApp, overviewWindowBox, syntheticMaps, viewSettled, waitForLoaded, windowText } from './harness';

const REGIONS = 20_000;
const TEXT = syntheticMaps(REGIONS, 7);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = (counter: 'renders' | 'draws' | null = null): Promise<Page> => openCounted(browser, TEXT, counter);

/**
 * Pastes `addr` into the cleared lookup box and returns what `counter` (RENDER_COUNTER's or
 * DRAW_COUNTER's) counted from the paste until the answer shows, the table has scrolled to it (in
 * the frame after the answer's) and the view is still.
 */
async function pasteCounted(page: Page, addr: string, counter: '__renders' | '__draws'): Promise<unknown> {
  await page.getByRole('searchbox', { name: 'Look up address' }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await viewSettled(page);
  await page.evaluate(`window.${counter}.start()`);
  await page.keyboard.insertText(addr);
  await expect.poll(() => page.getByRole('status', { name: 'Lookup result' }).locator('.lookup-addr').textContent()).toBe(addr);
  await nextFrame(page);
  await viewSettled(page);
  return page.evaluate(`window.${counter}.stop()`);
}

describe('inputs change only what they must', () => {
  test('a pasted address: answer and selection without resizing the map; the table then scrolls to the row with the same row elements', async () => {
    const page = await open();
    // A region far down the table (address order), out of view at the start.
    const table = parseMaps(TEXT).regions;
    const index = RegionIndex.build(table);
    const row = index.order[Math.floor(REGIONS * 0.7)];
    const addr = formatHex(table.begin(row) + (table.end(row) - table.begin(row)) / 2n);
    await page.evaluate(() => {
      const w = window as unknown as { __mapResizes: number };
      w.__mapResizes = 0;
      let first = true;
      new ResizeObserver(() => {
        if (first) first = false; // the observation every new observer gets
        else w.__mapResizes++;
      }).observe(document.querySelector('.address-space-map')!);
      document.querySelectorAll('.region-grid-row').forEach((el) => ((el as HTMLElement).dataset.before = '1'));
    });
    const rowsBefore = await page.locator('.region-grid-row').count();
    expect(rowsBefore).toBeGreaterThan(10);
    const lookup = page.getByRole('searchbox', { name: 'Look up address' });
    await lookup.focus();
    await page.keyboard.insertText(addr);
    await expect.poll(() => page.getByRole('status', { name: 'Lookup result' }).locator('.lookup-addr').textContent()).toBe(addr);
    // The table brings the row into view: it is selected and shown…
    const selected = page.locator('.region-grid-row[aria-selected="true"]');
    await expect.poll(() => selected.evaluateAll((els) => els.map((el) => el.id))).toEqual([`region-row-${row}`]);
    await nextFrame(page);
    // …in the row elements it had: those tagged before the paste are still rows (the view in the
    // middle holds a few more, for the rows beyond its top edge; a row-aligned view leaves one
    // slot of the last row out). Keyed by position, a jump replaced them all.
    const { total, kept } = await page.evaluate(() => {
      const rows = [...document.querySelectorAll<HTMLElement>('.region-grid-row')];
      return { total: rows.length, kept: rows.filter((el) => el.dataset.before === '1').length };
    });
    expect(kept).toBeGreaterThanOrEqual(rowsBefore - 1);
    expect(total).toBeGreaterThanOrEqual(kept);
    expect(await page.evaluate(() => (window as unknown as { __mapResizes: number }).__mapResizes)).toBe(0);
    await closeApp(page);
  });

  test('a pasted address re-renders only what shows the answer: the lookup, its result, the pin, the table and the rows whose selection changed; the details after the answer\'s frame', async () => {
    const page = await open('renders');
    const table = parseMaps(TEXT).regions;
    const index = RegionIndex.build(table);
    const middle = (row: number) => formatHex(table.begin(row) + (table.end(row) - table.begin(row)) / 2n);
    type Commit = Record<string, number>;
    const paste = (addr: string) => pasteCounted(page, addr, '__renders') as Promise<Commit[]>;
    // What re-renders, mounts left out (the answer's and the details' new parts).
    const updated = (commit: Commit) => Object.fromEntries(Object.entries(commit).filter(([key]) => !key.startsWith('mount ')));
    const ANSWER = {
      'div.address-lookup': 1, // the input's value
      'div[Lookup result].lookup-result': 1,
      'canvas.find-overlay': 1, // the map's pin
      'section[Region table].region-table': 1, // the selection's row
    };
    const DETAILS = 'aside[Region details].region-details';
    // What the table renders when it scrolls to the row.
    const TABLE = /^(mount )?(section\[Region table\]\.region-table|div\.region-grid-row|bdi\.name)$/;
    // The commit that renders Region details, after the answer's: the details and their own parts
    // (and the table's scroll to the row, which waits for the same frame).
    const detailsCommit = async (commits: Commit[]) => {
      const withDetails = commits.filter((commit) => DETAILS in commit);
      expect(withDetails).toHaveLength(1);
      const html = await page.getByRole('complementary', { name: 'Region details' }).evaluate((el) => el.outerHTML);
      for (const key of Object.keys(updated(withDetails[0]))) {
        if (key === DETAILS || key === '(nothing)' || TABLE.test(key)) continue; // (nothing): a part of the details that draws nothing for this region
        const [, tag, cls] = /^(\w+)(?:\.(.+))?$/.exec(key) ?? [];
        expect(tag, key).toBeDefined();
        if (key !== 'bdi.name') expect(html, key).toContain(cls === undefined ? `<${tag}` : `class="${cls}`);
      }
      return commits.indexOf(withDetails[0]);
    };

    // A region far down the table (address order), out of view: in the paste's commit no row
    // re-renders, nor do the details; in the commit that scrolls it into view, only the table and
    // its rows do.
    const far = index.order[Math.floor(REGIONS * 0.4)];
    const first = await paste(middle(far));
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(updated(first[0])).toEqual(ANSWER);
    const firstDetails = await detailsCommit(first);
    expect(firstDetails).toBeGreaterThan(0);
    for (const commit of first.slice(1).filter((_, i) => i + 1 !== firstDetails)) {
      for (const key of Object.keys(commit)) expect(key).toMatch(TABLE);
    }
    expect(await page.locator(`#region-row-${far}[aria-selected="true"]`).count()).toBe(1);

    // Its neighbour, in view: the paste's commit re-renders the two rows whose selection changed
    // (and their pathname cells), not the rows around them; nothing scrolls; the details' parts
    // that show the new region render in a later commit.
    const next = index.order[Math.floor(REGIONS * 0.4) + 1];
    const second = await paste(middle(next));
    const { 'div.region-grid-row': rows, 'bdi.name': names = 0, ...rest } = updated(second[0]);
    expect(rows).toBe(2);
    expect(names).toBeLessThanOrEqual(2);
    expect(rest).toEqual(ANSWER);
    expect(await detailsCommit(second)).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('complementary', { name: 'Region details' }).locator('.details-fields dd').first().textContent()).toBe(formatHexPadded(table.begin(next)));
    // No panel that does not show the answer renders, in any commit of either paste.
    for (const commit of [...first, ...second]) for (const key of Object.keys(commit)) expect(key).not.toMatch(/summary|understand|findings|modules|totals|find-bar|search/i);
    await closeApp(page);
  });

  test('a pasted address in view draws on the pin and the selection canvases only; one out of view pans the map and redraws it', async () => {
    const page = await open('draws');
    const table = parseMaps(TEXT).regions;
    const index = RegionIndex.build(table);
    const middle = (row: number) => formatHex(table.begin(row) + (table.end(row) - table.begin(row)) / 2n);
    const paste = (addr: string) => pasteCounted(page, addr, '__draws') as Promise<Record<string, number>>;
    // The whole file is in view: the pin (the find layer) and the selection's outline are drawn,
    // nothing else — for an address in a region, and for one in a gap, whose longer answer (its
    // neighbours' names) must not make the find bar taller and the map smaller.
    const inView = await paste(middle(index.order[Math.floor(REGIONS * 0.3)]));
    expect(Object.keys(inView).sort()).toEqual(['find-overlay', 'map-highlight']);
    const k = index.order.findIndex((row, i) => i > REGIONS * 0.6 && i + 1 < REGIONS && table.end(row) < table.begin(index.order[i + 1]));
    expect(k).toBeGreaterThan(0);
    const inGap = await paste(formatHex(table.end(index.order[k]) + 1n));
    await expect.poll(() => page.getByRole('status', { name: 'Lookup result' }).locator('[data-field="gap"]').count()).toBe(1);
    expect(Object.keys(inGap).sort()).toEqual(['find-overlay', 'map-highlight']);
    // Zoomed in (around the middle), an address near the file's end is out of view: the map pans to it and is drawn.
    await page.locator('.address-space-map').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    const before = await windowText(page);
    const outOfView = await paste(middle(index.order[Math.floor(REGIONS * 0.9)]));
    expect(await windowText(page)).not.toBe(before);
    for (const canvas of ['address-space-map canvas', 'address-axis', 'find-overlay', 'map-highlight', 'overview-window', 'map-window canvas']) expect(outOfView[canvas], canvas).toBeGreaterThan(0);
    await closeApp(page);
  });

  test('wheel zoom: no frame of it changes the document; once it pauses, the window text and the axis name show the new window', async () => {
    const page = await open();
    const map = page.locator('.address-space-map');
    const box = (await map.boundingBox())!;
    const windowBefore = await windowText(page);
    const axisBefore = await axisLabels(page);
    const outlineBefore = await overviewWindowBox(page);
    // The pointer over the map first (its tooltip shows), then the changes the zoom makes are recorded.
    await page.mouse.move(box.x + box.width * 0.53, box.y + box.height * 0.6);
    await viewSettled(page);
    await page.evaluate(() => {
      // Every change to the document, by what changed ("text <parent's class>", "attr <element's
      // class> <attribute>", "child <parent's class>"), with how long after the last wheel event it came.
      const w = window as unknown as { __changes: { key: string; sinceWheelMs: number }[]; __lastWheel: number };
      w.__changes = [];
      w.__lastWheel = -Infinity;
      addEventListener('wheel', () => (w.__lastWheel = performance.now()), { capture: true, passive: true });
      const classOf = (n: Node | null) => (n instanceof Element ? n.getAttribute('class') ?? n.tagName : n?.parentElement?.getAttribute('class') ?? '?');
      new MutationObserver((records) => {
        const sinceWheelMs = performance.now() - w.__lastWheel;
        for (const r of records) {
          const key = r.type === 'characterData' ? `text ${classOf(r.target)}` : r.type === 'attributes' ? `attr ${classOf(r.target)} ${r.attributeName}` : `child ${classOf(r.target)}`;
          w.__changes.push({ key, sinceWheelMs });
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const steps = 12;
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(0, -240);
      await nextFrame(page);
    }
    await viewSettled(page);
    const changes = await page.evaluate(() => (window as unknown as { __changes: { key: string; sinceWheelMs: number }[] }).__changes);
    // Nothing changed in the frames of the zoom: every change came once it had paused, and only
    // the window's text (in place) and the axis's name changed; nothing added, removed or restyled.
    for (const c of changes) expect(c.sinceWheelMs, c.key).toBeGreaterThanOrEqual(SETTLE_MS);
    expect([...new Set(changes.map((c) => c.key))].sort()).toEqual(['attr address-axis aria-label', 'text visually-hidden']);
    expect(await windowText(page)).not.toBe(windowBefore);
    expect(await axisLabels(page)).not.toEqual(axisBefore);
    const outline = await overviewWindowBox(page);
    expect(outline.width).toBeLessThan(outlineBefore.width);
    await closeApp(page);
  });
});
