/**
 * What an input may change, counted (not timed: `npm run bench -- interact` times them), on a
 * generated 20,000-region file:
 *  - a pasted address: the answer and the selection show without the map's box changing size (no
 *    relayout of the map), and the region table then scrolls the looked-up row into view with the
 *    row elements it had (rewritten, not remounted);
 *  - wheel zoom: the document changes only where it must — the visible window's text node,
 *    rewritten in place, and the axis canvas's accessible name (the axis and the overview's
 *    outline are canvases, redrawn); both, and the outline, follow the zoom.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RegionIndex, formatHex, parseMaps } from '../../src/internal';
import { openCounted } from './render-counter';
import { axisLabels, closeApp, launchBrowser, nextFrame, overviewWindowBox, syntheticMaps } from './harness';

const REGIONS = 20_000;
const TEXT = syntheticMaps(REGIONS, 7);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = (counter = false): Promise<Page> => openCounted(browser, TEXT, counter);

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

  test('a pasted address re-renders only what shows the answer: the lookup, its result, the pin, the details, the table and the rows whose selection changed', async () => {
    const page = await open(true);
    const table = parseMaps(TEXT).regions;
    const index = RegionIndex.build(table);
    const middle = (row: number) => formatHex(table.begin(row) + (table.end(row) - table.begin(row)) / 2n);
    const lookup = page.getByRole('searchbox', { name: 'Look up address' });
    await lookup.focus();
    type Commit = Record<string, number>;
    const paste = async (addr: string): Promise<Commit[]> => {
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await nextFrame(page);
      await page.evaluate('window.__renders.start()');
      await page.keyboard.insertText(addr);
      await expect.poll(() => page.getByRole('status', { name: 'Lookup result' }).locator('.lookup-addr').textContent()).toBe(addr);
      // The table scrolls the row into view in the frame after the answer's.
      await nextFrame(page);
      await nextFrame(page);
      return (await page.evaluate('window.__renders.stop()')) as Commit[];
    };
    // What re-renders, mounts left out (the answer's and the details' new parts).
    const updated = (commit: Commit) => Object.fromEntries(Object.entries(commit).filter(([key]) => !key.startsWith('mount ')));
    const ANSWER = {
      'div.address-lookup': 1, // the input's value
      'div[Lookup result].lookup-result': 1,
      'canvas.find-overlay': 1, // the map's pin
      'aside[Region details].region-details': 1,
      'section[Region table].region-table': 1, // the selection's row
    };

    // A region far down the table (address order), out of view: in the paste's commit no row
    // re-renders; in the commit that scrolls it into view, only the table and its rows do.
    const far = index.order[Math.floor(REGIONS * 0.4)];
    const first = await paste(middle(far));
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(updated(first[0])).toEqual(ANSWER);
    for (const commit of first.slice(1)) {
      for (const key of Object.keys(commit)) expect(key).toMatch(/^(mount )?(section\[Region table\]\.region-table|div\.region-grid-row|bdi\.name)$/);
    }
    expect(await page.locator(`#region-row-${far}[aria-selected="true"]`).count()).toBe(1);

    // Its neighbour, in view: the paste's commit re-renders the two rows whose selection changed,
    // not the rows around them, and the details' parts that show the new region; nothing scrolls.
    const next = index.order[Math.floor(REGIONS * 0.4) + 1];
    const second = await paste(middle(next));
    const { 'div.region-grid-row': rows, ...rest } = updated(second[0]);
    expect(rows).toBe(2);
    for (const [key, n] of Object.entries(ANSWER)) expect(rest[key], key).toBe(n);
    const details = await page.getByRole('complementary', { name: 'Region details' }).evaluate((el) => el.outerHTML);
    for (const key of Object.keys(rest)) {
      if (key in ANSWER || key === '(nothing)') continue; // (nothing): a part of the details that draws nothing for this region
      // The rest are the details' own parts (and the two rows' pathname cells).
      const [, tag, cls] = /^(\w+)(?:\.(.+))?$/.exec(key) ?? [];
      expect(tag, key).toBeDefined();
      if (key !== 'bdi.name') expect(details, key).toContain(cls === undefined ? `<${tag}` : `class="${cls}`);
    }
    // No panel that does not show the answer renders, in any commit of either paste.
    for (const commit of [...first, ...second]) for (const key of Object.keys(commit)) expect(key).not.toMatch(/summary|understand|findings|modules|totals|find-bar|search/i);
    await closeApp(page);
  });

  test('wheel zoom: in the DOM only the window text (in place) and the axis canvas name change; the overview outline follows', async () => {
    const page = await open();
    const map = page.locator('.address-space-map');
    const box = (await map.boundingBox())!;
    const windowBefore = await page.getByLabel('Visible addresses').innerText();
    const axisBefore = await axisLabels(page);
    const outlineBefore = await overviewWindowBox(page);
    // The pointer over the map first (its tooltip shows), then the changes the zoom makes are counted.
    await page.mouse.move(box.x + box.width * 0.53, box.y + box.height * 0.6);
    await nextFrame(page);
    await page.evaluate(() => {
      // Every change to the document while the map zooms, by what changed: "text <parent's class>",
      // "attr <element's class> <attribute>", "child <parent's class>".
      const w = window as unknown as { __changes: Record<string, number> };
      w.__changes = {};
      const classOf = (n: Node | null) => (n instanceof Element ? n.getAttribute('class') ?? n.tagName : n?.parentElement?.getAttribute('class') ?? '?');
      new MutationObserver((records) => {
        for (const r of records) {
          const key = r.type === 'characterData' ? `text ${classOf(r.target)}` : r.type === 'attributes' ? `attr ${classOf(r.target)} ${r.attributeName}` : `child ${classOf(r.target)}`;
          w.__changes[key] = (w.__changes[key] ?? 0) + 1;
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const steps = 12;
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(0, -240);
      await nextFrame(page);
    }
    const changes = await page.evaluate(() => (window as unknown as { __changes: Record<string, number> }).__changes);
    // The window's text node rewritten and the axis renamed, at most once a frame each; nothing
    // added, removed or restyled (the axis and the overview's outline are canvases, redrawn).
    expect(Object.keys(changes).sort()).toEqual(['attr address-axis aria-label', 'text map-window mono']);
    expect(changes['text map-window mono']).toBeLessThanOrEqual(steps);
    expect(changes['attr address-axis aria-label']).toBeLessThanOrEqual(steps);
    expect(await page.getByLabel('Visible addresses').innerText()).not.toBe(windowBefore);
    expect(await axisLabels(page)).not.toEqual(axisBefore);
    const outline = await overviewWindowBox(page);
    expect(outline.width).toBeLessThan(outlineBefore.width);
    await closeApp(page);
  });
});
