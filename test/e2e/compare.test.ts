/**
 * Compare and timeline (issue 15) in the app, on live captures of a process the test starts
 * (grower.c): Compare with… and a drop of two files, the header's words and counts (checked
 * against diffSnapshots run here on the same texts), the change filter, before and after side by
 * side; a recording of a leak: the Timeline, its scrubber, top growers. Screenshots of both.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { diffSnapshots, formatBytes, formatHexPadded, parseMaps, sumRegionSizes, type SnapshotDiff } from '../../src/internal';
import { closeApp, dropFile, dropFiles, launchBrowser, openApp, screenshot, waitForLoaded } from './harness';
import { recordingText, startGrower, type Grower } from './grower';

let browser: Browser;
let grower: Grower;
/** smaps of one process before and after it mapped a new file and touched 64 MiB of an existing mapping. */
let before: string;
let after: string;
/** A recording of the same process leaking 4 MiB of heap between snapshots. */
let recording: string;
let leakSnapshots: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  grower = await startGrower();
  before = grower.smaps();
  await grower.command('m');
  await grower.command('t');
  after = grower.smaps();
  leakSnapshots = [grower.smaps()];
  for (let k = 0; k < 3; k++) {
    await grower.command('g');
    leakSnapshots.push(grower.smaps());
  }
  recording = recordingText(grower.pid, leakSnapshots, Date.UTC(2026, 11, 3, 8), 1000);
});
afterAll(async () => {
  grower?.stop();
  await browser?.close();
});

const diffOf = (a: string, b: string): SnapshotDiff => diffSnapshots(parseMaps(a, { fileName: 'smaps' }), parseMaps(b, { fileName: 'smaps' }));
const countsText = (d: SnapshotDiff) => `${d.summary.added.regions.toLocaleString('en-US')} added, ${d.summary.removed.regions.toLocaleString('en-US')} removed, ${d.summary.changed.regions.toLocaleString('en-US')} changed`;

/** The header's change counts once a comparison is shown. */
async function changeCounts(page: Page): Promise<string> {
  const counts = page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="changes"]');
  await counts.waitFor({ timeout: 60_000 });
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
  return (await counts.innerText()).trim();
}

/** Opens the app in the sizes and themes the first tests' 1280×720 light pages leave, shows something in each (`show`) and takes its screenshot `<name>-<width>-<scheme>`. */
async function inEachView(name: string, show: (page: Page) => Promise<void>): Promise<void> {
  for (const [width, height, scheme] of [
    [1280, 720, 'dark'],
    [1920, 1080, 'light'],
    [1920, 1080, 'dark'],
  ] as const) {
    const page = await openApp(browser, { hash: 'empty', viewport: { width, height }, colorScheme: scheme });
    await show(page);
    await screenshot(page, `${name}-${width}-${scheme}`);
    await closeApp(page);
  }
}

/** The region table's data rows now listed (aria-rowcount counts the header row too). */
async function tableRowCount(page: Page): Promise<number> {
  return Number(await page.getByRole('grid', { name: 'Regions' }).getAttribute('aria-rowcount')) - 1;
}

describe('compare', () => {
  test('Compare with… on two live captures: the header words and counts are the diff\'s, the filter lists each change, details show before and after', async () => {
    const page = await openApp(browser, { hash: 'empty', viewport: { width: 1280, height: 720 } });
    await dropFile(page, 'before.smaps', before);
    await waitForLoaded(page, 'before.smaps');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Compare with…' }).click()]);
    await chooser.setFiles({ name: 'after.smaps', mimeType: 'text/plain', buffer: Buffer.from(after) });
    const diff = diffOf(before, after);
    expect(await changeCounts(page)).toBe(countsText(diff));
    // The new file is there, added; the touched mapping changed with its Rss.
    expect(diff.summary.added.regions).toBeGreaterThanOrEqual(1);
    expect(diff.summary.changed.regions).toBeGreaterThanOrEqual(1);

    // The change filter: only added regions, then only changed ones.
    const filter = page.getByRole('group', { name: 'Show regions' });
    for (const name of ['removed', 'changed', 'unchanged']) await filter.getByRole('checkbox', { name: new RegExp(`^${name}`) }).uncheck();
    expect(await tableRowCount(page)).toBe(diff.added.length);
    const addedPaths = await page.getByRole('grid', { name: 'Regions' }).getByRole('row').allInnerTexts();
    expect(addedPaths.some((text) => text.includes('mapped-later.bin'))).toBe(true);
    await filter.getByRole('checkbox', { name: /^added/ }).uncheck();
    await filter.getByRole('checkbox', { name: /^changed/ }).check();
    expect(await tableRowCount(page)).toBe(diff.changed.after.length);

    // The changed row of the touched mapping: before and after side by side, its Rss grown by 64 MiB.
    const changedRows = diff.changed.after;
    const b = parseMaps(before, { fileName: 'smaps' }).regions;
    const a = parseMaps(after, { fileName: 'smaps' }).regions;
    const touched = [...changedRows.keys()].find((k) => (a.smaps?.[changedRows[k]]?.fields.Rss ?? 0) - (b.smaps?.[diff.changed.before[k]]?.fields.Rss ?? 0) >= 64 * 2 ** 20);
    expect(touched).toBeDefined();
    const row = page.getByRole('grid', { name: 'Regions' }).getByRole('row', { name: new RegExp(formatHexPadded(a.begin(changedRows[touched!]))) });
    await row.click();
    const details = page.getByRole('region', { name: 'Before and after' });
    await expect.poll(() => details.isVisible()).toBe(true);
    const rss = details.getByRole('row', { name: /^Rss/ });
    const cells = await rss.getByRole('cell').allInnerTexts();
    expect(cells).toEqual([formatBytes(b.smaps![diff.changed.before[touched!]]!.fields.Rss), formatBytes(a.smaps![changedRows[touched!]]!.fields.Rss)]);
    expect(await details.innerText()).toMatch(/matched by rule (same-range|overlap)/);
    await details.scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-1280-light');
    await closeApp(page);
  });

  test('dropping two files at once compares them, in either theme and size', async () => {
    await inEachView('compare', async (page) => {
      await dropFiles(page, [
        { name: 'before.smaps', contents: before },
        { name: 'after.smaps', contents: after },
      ]);
      expect(await changeCounts(page)).toBe(countsText(diffOf(before, after)));
    });
  });
});

describe('timeline', () => {
  test('a recording of a leak shows the Timeline; the scrubber shows each snapshot; top growers lists the heap first; two picks compare', async () => {
    const page = await openApp(browser, { hash: 'empty', viewport: { width: 1280, height: 720 } });
    await dropFile(page, 'leak.rec', recording);
    await waitForLoaded(page, `leak.rec #${leakSnapshots.length}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect.poll(() => timeline.isVisible()).toBe(true);
    const sizeOf = (text: string) => formatBytes(sumRegionSizes(parseMaps(text, { fileName: 'smaps' }).regions));
    expect((await waitForLoaded(page, `leak.rec #${leakSnapshots.length}`)).sizeText).toBe(sizeOf(leakSnapshots[leakSnapshots.length - 1]));

    // The top grower is the leaking heap.
    const growers = timeline.getByRole('list', { name: 'Regions that grew most' }).getByRole('listitem');
    expect(await growers.first().innerText()).toContain('[heap]');
    await screenshot(page, 'timeline-1280-light');

    // The scrubber shows the first snapshot: its name and size in the header.
    const scrubber = timeline.getByRole('slider', { name: 'Snapshot' });
    await scrubber.focus();
    await page.keyboard.press('Home');
    const first = await waitForLoaded(page, 'leak.rec #1');
    expect(first.sizeText).toBe(sizeOf(leakSnapshots[0]));

    // Pick the first as before, go to the last, compare: the heap changed.
    await timeline.getByRole('button', { name: 'Pick as before' }).click();
    await scrubber.focus();
    await page.keyboard.press('End');
    await waitForLoaded(page, `leak.rec #${leakSnapshots.length}`);
    await timeline.getByRole('button', { name: 'Compare picked with this' }).click();
    expect(await changeCounts(page)).toBe(countsText(diffOf(leakSnapshots[0], leakSnapshots[leakSnapshots.length - 1])));
    await closeApp(page);
  });

  test('timeline screenshots at 1280×720 and 1920×1080, light and dark', async () => {
    await inEachView('timeline', async (page) => {
      await dropFile(page, 'leak.rec', recording);
      await waitForLoaded(page, `leak.rec #${leakSnapshots.length}`);
      await page.getByRole('region', { name: 'Timeline' }).waitFor();
    });
  });
});
