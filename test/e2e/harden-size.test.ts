/**
 * The limits of size in the browser: 262,144 regions answer every zoom, pan and search after the
 * load (how long each blocks the main thread is `npm run bench -- responsive`); 1,000,000 regions load without
 * the tab crashing; a plain-text file larger than a browser can hold (a sparse Blob of 600 MB and
 * one of 4 GiB, made of references to one small Blob) is refused before it is read — shell-large's
 * gzip bomb covers the compressed case; and a second file dropped while the first is still
 * loading replaces it: the first's worker is stopped and its result never shows.
 * Screenshots: test-results/screenshots/harden-size-*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, dropSparseFile, launchBrowser, openApp, screenshot, syntheticMaps, waitForLoaded } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const search = (page: Page) => page.getByRole('searchbox', { name: 'Search regions' });
const lookupInput = (page: Page) => page.getByRole('searchbox', { name: 'Look up address' });
const lookupResult = (page: Page) => page.getByRole('status', { name: 'Lookup result' });

/** The last region line of a maps text, read with a regex (not by src/). */
function lastRegion(text: string): { begin: bigint; end: bigint; pathname: string } {
  const lines = text.trimEnd().split('\n');
  const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+ *(.*)$/.exec(lines[lines.length - 1])!;
  return { begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), pathname: m[3] };
}

/** Counts workers started and terminated in the page (installed before its scripts). */
const WORKER_LOG = `
  window.__workers = { started: [], terminated: [] };
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.__name = (options && options.name) || String(url);
      window.__workers.started.push(this.__name);
    }
    terminate() {
      window.__workers.terminated.push(this.__name);
      return super.terminate();
    }
  };
`;

describe('size limits in the browser', () => {
  test('262,144 regions: every zoom, pan and search after the load is answered, and each new search is computed once', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const text = syntheticMaps(262_144, 3);
    await dropFile(page, 'big-262144.maps', text);
    expect((await waitForLoaded(page, 'big-262144.maps', 180_000)).regions).toBe(262_144);
    await page.getByRole('grid', { name: 'Regions' }).waitFor();
    await page.getByRole('tab', { name: /^Modules\s*[\d,]+/ }).waitFor({ timeout: 120_000 });
    const map = page.locator('.address-space-map');
    const box = (await map.boundingBox())!;
    await map.focus();
    // Each input must be answered: the visible window moves. (How long each step blocks the main
    // thread — target < 100 ms — is `npm run bench -- responsive`, the same steps.)
    const visible = () => page.getByLabel('Visible addresses').innerText();
    const initial = await visible();
    const moves = async (label: string, act: () => Promise<unknown>) => {
      const before = await visible();
      await act();
      await expect.poll(visible, { message: label }).not.toBe(before);
    };
    for (const key of ['+', '+', '+', '+', 'Shift+ArrowRight', 'Shift+ArrowRight', '-']) await moves(`key ${key}`, () => page.keyboard.press(key));
    await page.keyboard.press('0');
    await expect.poll(visible).toBe(initial);
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await moves(`wheel ${i}`, () => page.mouse.wheel(0, i < 3 ? -240 : 240));
    await moves('key + before the drag', () => page.keyboard.press('+'));
    await moves('drag', async () => {
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    });
    await page.keyboard.press('0');
    await expect.poll(visible).toBe(initial);

    // Searches: the count agrees with the file (read with a regex, not by src/), and each new
    // query computes the find results once (app/state/find-results.ts measures each computation).
    const rows = text.trimEnd().split('\n').map((line) => {
      const m = /^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \d+ *(.*)$/.exec(line)!;
      return { perms: m[1], pathname: m[2] };
    });
    const cases: [string, (r: { perms: string; pathname: string }) => boolean][] = [
      ['l', (r) => r.pathname.toLowerCase().includes('l')],
      ['li', (r) => r.pathname.toLowerCase().includes('li')],
      ['lib', (r) => r.pathname.toLowerCase().includes('lib')],
      ['libc', (r) => r.pathname.toLowerCase().includes('libc')],
      ['perm:rwxp', (r) => r.perms === 'rwxp'],
      ['kind:heap', (r) => r.pathname === '[heap]'],
      ['/\\.so$/', (r) => /\.so$/.test(r.pathname)],
    ];
    const computations = () => page.evaluate(() => performance.getEntriesByName('mapscope:find').length);
    for (const [query, keep] of cases) {
      const before = await computations();
      await search(page).fill(query);
      const expected = rows.filter(keep).length;
      await expect.poll(() => page.getByText(/^[\d,]+ of [\d,]+ regions match$/).innerText(), { message: query }).toBe(`${expected.toLocaleString('en-US')} of 262,144 regions match`);
      expect((await computations()) - before, `${query}: find results computed`).toBe(1);
    }
    await search(page).fill('');
    await screenshot(page, 'harden-size-262144');
    await closeApp(page); // fails on a crash or an unexpected error
  });

  test('1,000,000 regions (58 MB) load without crashing the tab, and a lookup of the last region works', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const text = syntheticMaps(1_000_000, 5);
    await dropFile(page, 'big-1000000.maps', text);
    const info = await waitForLoaded(page, 'big-1000000.maps', 300_000);
    expect(info.regions).toBe(1_000_000);
    const last = lastRegion(text);
    await lookupInput(page).fill('0x' + last.begin.toString(16));
    await expect.poll(() => lookupResult(page).locator('[data-field="range"]').innerText(), { timeout: 60_000 }).toBe(`0x${last.begin.toString(16)}-0x${last.end.toString(16)}`);
    console.log(`1,000,000 regions: ${(text.length / 1e6).toFixed(1)} MB loaded; status bar: ${await page.locator('.line-stats').innerText()}`);
    await screenshot(page, 'harden-size-1000000');
    await closeApp(page); // fails on a crash ('page crashed' is recorded as an error)
  });

  test.each([
    ['600 MB', 600],
    ['4 GiB', 4096],
  ])('a plain-text file of %s (a sparse Blob) is refused before it is read, with a clear message', async (_, mebibytes) => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    await waitForLoaded(page, 'c-hello.maps');
    // 1 MiB of real maps lines, referenced `mebibytes` times.
    const unit = syntheticMaps(20_000).slice(0, 1 << 20);
    expect(unit.length).toBe(1 << 20);
    const size = await dropSparseFile(page, 'huge.maps', { unit, repeat: mebibytes });
    expect(size).toBe(mebibytes * (1 << 20));
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This file is too large for the browser' }).waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain(`it holds ${(size / 1e6).toFixed(1)} MB of text, more than the 536.9 MB a JavaScript string can hold`);
    await screenshot(page, `harden-size-too-large-${mebibytes}`);
    // The tab is fine: another file opens.
    await dropFile(page, 'small.maps', syntheticMaps(10));
    expect((await waitForLoaded(page, 'small.maps')).regions).toBe(10);
    await closeApp(page);
  });

  test('a second file dropped while the first is still loading wins: the first is stopped and never shown', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await page.addInitScript(WORKER_LOG);
    await page.addInitScript(`
      // Every file name the header shows as loaded (with a region count), in order.
      window.__shownAsLoaded = [];
      new MutationObserver(() => {
        const section = document.querySelector('[aria-label="Loaded file"]');
        const name = section?.querySelector('[data-field="name"]')?.textContent;
        const regions = section?.querySelector('[data-field="regions"]')?.textContent;
        if (name && regions && window.__shownAsLoaded.at(-1) !== name) window.__shownAsLoaded.push(name);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    `);
    await page.reload();
    const big = syntheticMaps(1_000_000, 9);
    await dropFile(page, 'first-big.maps', big);
    // The first is being read or parsed...
    await page.getByRole('progressbar', { name: 'Loading first-big.maps' }).waitFor();
    await page.waitForFunction(() => /Parsing|Reading [\d.]+ [KM]iB of/.test(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext') ?? ''));
    // ...when the second arrives.
    const small = syntheticMaps(500, 2);
    await dropFile(page, 'second-small.maps', small);
    expect((await waitForLoaded(page, 'second-small.maps', 120_000)).regions).toBe(500);
    // Long enough for the first to have finished, had it gone on (it parses in a few seconds).
    await page.waitForTimeout(8000);
    const state = await page.evaluate(() => ({
      shown: (window as unknown as { __shownAsLoaded: string[] }).__shownAsLoaded,
      workers: (window as unknown as { __workers: { started: string[]; terminated: string[] } }).__workers,
      name: document.querySelector('[aria-label="Loaded file"] [data-field="name"]')?.textContent,
    }));
    expect(state.shown).toEqual(['second-small.maps']);
    expect(state.name).toBe('second-small.maps');
    // The first load's parse worker was stopped, and a fresh one read the second file.
    expect(state.workers.terminated.filter((n) => n === 'mapscope-parse').length).toBe(1);
    expect(state.workers.started.filter((n) => n === 'mapscope-parse').length).toBe(2);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'harden-size-second-wins');
    await closeApp(page);
  });
});
