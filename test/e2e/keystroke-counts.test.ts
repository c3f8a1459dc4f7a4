/**
 * What a keystroke in the search box re-renders, counted (not timed: `npm run bench -- interact`
 * times it), on a generated 20,000-region file: in the keystroke's commit only what shows the
 * result — the box and its count, the hint under it, the map's find layer, the region table and
 * the rows whose text changed — and not the find bar around them, the other controls, the legend
 * or the Summary. The Summary's figures for the new selection follow in a commit of their own, in
 * idle time, and that commit holds nothing else.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { RegionIndex, parseMaps, parseSearchQuery, searchRegions } from '../../src/internal';
import { openCounted } from './render-counter';
import { closeApp, launchBrowser, nextFrame, syntheticMaps } from './harness';

const TEXT = syntheticMaps(20_000, 7);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Commit = Record<string, number>;

/** What the keystroke's commit may re-render, besides the rows (mounts aside). */
const RESULT = {
  'div.search-box': 1, // the box's text and the count
  'canvas.find-overlay': 1, // the map's find layer
  'section[Region table].region-table': 1,
};
/** The hint under the box: `p.find-hint` while the query has terms, a bare hidden `p` without. */
const HINT = /^p(\.find-hint)?$/;
/** The Summary's parts. */
const SUMMARY = /\.summary-(panel|totals|control|chart|table)$/;

describe('a keystroke re-renders only what shows the result', () => {
  test('typing on, a term of another kind, and clearing: the box, the hint, the find layer, the table and its changed rows; the Summary later, alone', async () => {
    const page = await openCounted(browser, TEXT, 'renders');
    const index = RegionIndex.build(parseMaps(TEXT).regions);
    const total = index.table.length.toLocaleString('en-US');
    const search = page.getByRole('searchbox', { name: 'Search regions' });
    await search.focus();

    let typed = '';
    for (const key of ['l', 'i', 'b', 'Backspace', 'Backspace', 'Backspace', ...'perm:x'.split(''), 'Control+A', 'Backspace']) {
      if (key === 'Control+A') {
        await page.keyboard.press(key);
        continue;
      }
      typed = key === 'Backspace' ? (typed.endsWith('perm:x') ? '' : typed.slice(0, -1)) : typed + key;
      const matches = searchRegions(index, parseSearchQuery(typed)).length.toLocaleString('en-US');
      await page.evaluate('window.__renders.start()');
      await page.keyboard.press(key);
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'regions match' }).textContent()).toBe(`${matches} of ${total} regions match`);
      // The Summary's sum runs in idle time, after the keystroke's frame.
      await page.evaluate('new Promise((r) => requestIdleCallback(() => setTimeout(r, 50), { timeout: 2000 }))');
      await nextFrame(page);
      const commits = (await page.evaluate('window.__renders.stop()')) as Commit[];
      const rowsShown = await page.locator('.region-grid-row').count();
      const [first, ...later] = commits;
      const updated = Object.fromEntries(Object.entries(first).filter(([k]) => !k.startsWith('mount ')));
      const { 'div.region-grid-row': rows = 0, 'bdi.name': names = 0, ...rest } = updated;
      const hints = Object.keys(rest).filter((k) => HINT.test(k));
      expect(hints.length, `${typed}: ${JSON.stringify(updated)}`).toBeLessThanOrEqual(1);
      for (const k of hints) delete rest[k];
      expect(rest, `"${typed}"`).toEqual(RESULT);
      expect(rows).toBeLessThanOrEqual(rowsShown);
      expect(names).toBeLessThanOrEqual(rows);
      // Later commits: the Summary's figures, nothing else (none at all when they did not change).
      for (const commit of later) for (const k of Object.keys(commit)) expect(k, `"${typed}"`).toMatch(SUMMARY);
    }
    await closeApp(page);
  });
});

describe('module rows keep their renders', () => {
  test('modules collapsed: a keystroke that leaves the rows as they were (a space typed, then erased) re-renders none of them', async () => {
    const page = await openCounted(browser, TEXT, 'renders');
    await page.getByRole('tab', { name: /^Modules/ }).click();
    await page.getByRole('checkbox', { name: 'One row per module in the region table' }).check();
    const grid = page.getByRole('grid', { name: 'Regions' });
    // A module's row stands for its regions (module-rows.ts), and some are in view.
    await expect.poll(() => grid.getByRole('row').filter({ hasText: '▸' }).count()).toBeGreaterThan(0);
    const rowCount = await grid.getAttribute('aria-rowcount');
    const search = page.getByRole('searchbox', { name: 'Search regions' });
    await search.focus();
    for (const key of [' ', 'Backspace']) {
      await page.evaluate('window.__renders.start()');
      await page.keyboard.press(key);
      await expect.poll(() => search.inputValue()).toBe(key === ' ' ? ' ' : '');
      await nextFrame(page);
      await nextFrame(page);
      const commits = (await page.evaluate('window.__renders.stop()')) as Commit[];
      // The table did render (the box's text is a new query), and its rows are the ones it had.
      expect(commits.some((c) => c['section[Region table].region-table'] === 1), JSON.stringify(commits)).toBe(true);
      expect(await grid.getAttribute('aria-rowcount')).toBe(rowCount);
      for (const commit of commits) expect(commit['div.region-grid-row'] ?? 0, `${JSON.stringify(key)}: ${JSON.stringify(commit)}`).toBe(0);
    }
    await closeApp(page);
  });
});
