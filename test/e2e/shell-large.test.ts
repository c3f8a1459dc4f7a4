/**
 * Large inputs: the page stays usable (parsing runs in a worker, the result arrives by transfer):
 * big loads show progress with Cancel, which answers while the worker is busy, the loaded file
 * answers a lookup, and a file too large for one string gets a clear message.
 * Behaviour only: how long the main thread is blocked (the target: no task of 100 ms or more) is
 * measured by `npm run bench -- responsive`, not asserted here.
 */
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, syntheticMaps, waitForLoaded } from './harness';

let browser: Browser;
/** ~600 MB of maps text, gzip-compressed to ~2 MB: more text than a browser holds in one string. */
let bomb: Buffer;

/** Gzips `repeat` copies of `chunk` without holding the whole text in memory. */
async function gzipRepeated(chunk: Buffer, repeat: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((ok) => gz.on('end', ok));
  for (let i = 0; i < repeat; i++) if (!gz.write(chunk)) await new Promise((ok) => gz.once('drain', ok));
  gz.end();
  await done;
  return Buffer.concat(out);
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Under deflate's 32 KiB window, so that each repetition compresses to almost nothing.
  const chunk = Buffer.from(syntheticMaps(250));
  bomb = await gzipRepeated(chunk, Math.ceil(600e6 / chunk.length));
});
afterAll(async () => {
  await browser?.close();
});

/** Records in the page whether a progress bar was ever shown (it may come and go between two polls). */
async function watchForProgressBar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __sawProgress: boolean };
    w.__sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[role="progressbar"]') !== null) w.__sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
}

describe('large files', () => {
  test.each([
    65_530, // vm.max_map_count's default: the most regions a process can have
    262_144,
  ])('%i regions: the count is shown, progress while it loads, and the last region answers a lookup', async (regionCount) => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    await waitForLoaded(page, 'c-hello.maps');
    const text = syntheticMaps(regionCount);
    await watchForProgressBar(page);
    await dropFile(page, `big-${regionCount}.maps`, text);
    const info = await waitForLoaded(page, `big-${regionCount}.maps`, 120_000);
    expect(info.regions).toBe(regionCount);
    await page.getByText(`${regionCount.toLocaleString('en-US')} regions`, { exact: true }).waitFor();
    // Inputs of a few MB show a progress bar while they load.
    expect(await page.evaluate(() => (window as unknown as { __sawProgress: boolean }).__sawProgress)).toBe(text.length > 2e6);
    // The page answers input on the loaded file: the last line's region, read with a regex (not by src/).
    const m = /^([0-9a-f]+)-([0-9a-f]+) /.exec(text.trimEnd().split('\n').at(-1)!)!;
    await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${m[1]}`);
    await expect.poll(() => page.getByRole('status', { name: 'Lookup result' }).locator('[data-field="range"]').innerText()).toBe(`0x${m[1]}-0x${m[2]}`);
    await screenshot(page, `shell-large-${regionCount}`);
    await closeApp(page); // fails on a crash or an unexpected error
  });

  test('a big load shows progress and Cancel; Cancel, clicked while the worker reads, brings back the previous file', async () => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    const before = await waitForLoaded(page, 'c-hello.maps');
    await dropFile(page, 'huge.maps.gz', bomb);
    const bar = page.getByRole('progressbar', { name: 'Loading huge.maps.gz' });
    await bar.waitFor();
    await page.waitForFunction(() => /Reading [\d.]+ [KM]iB of/.test(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext') ?? ''));
    await screenshot(page, 'shell-large-progress');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const after = await waitForLoaded(page, 'c-hello.maps');
    expect(after).toEqual(before);
    expect(await bar.count()).toBe(0);
    // A fresh worker takes the next file.
    await dropFile(page, 'next.maps', syntheticMaps(100));
    expect((await waitForLoaded(page, 'next.maps')).regions).toBe(100);
    await closeApp(page);
  });

  test('a file that decompresses to more text than a browser can hold gets a clear message', async () => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    await waitForLoaded(page, 'c-hello.maps');
    await dropFile(page, 'huge.maps.gz', bomb);
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This file is too large for the browser' }).waitFor({ timeout: 120_000 });
    expect(await alert.innerText()).toMatch(/it decompresses to more than 536\.9 MB of text/);
    await screenshot(page, 'shell-large-too-large');
    // The tab survived: another file opens.
    await dropFile(page, 'small.maps', syntheticMaps(10));
    expect((await waitForLoaded(page, 'small.maps')).regions).toBe(10);
    await closeApp(page);
  });
});
