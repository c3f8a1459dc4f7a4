/**
 * The limits of size in the browser: 262,144 regions stay fluid while the user zooms, pans and
 * searches after the load (no main-thread task of 100 ms or more); 1,000,000 regions load without
 * the tab crashing; a plain-text file larger than a browser can hold (a sparse Blob of 600 MB and
 * one of 4 GiB, made of references to one small Blob) is refused before it is read — shell-large's
 * gzip bomb covers the compressed case; and a second file dropped while the first is still
 * loading replaces it: the first's worker is stopped and its result never shows.
 * Screenshots: test-results/screenshots/harden-size-*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, longTasks, openApp, screenshot, syntheticMaps, waitForLoaded } from './harness';

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

/** Drops a File built in the page from `repeat` references to one Blob of `text`: no bytes copied. */
async function dropSparseFile(page: Page, name: string, text: string, repeat: number): Promise<number> {
  return page.evaluate(
    ({ name, text, repeat }) => {
      const unit = new Blob([text]);
      const file = new File(Array.from({ length: repeat }, () => unit), name);
      const dt = new DataTransfer();
      dt.items.add(file);
      const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: dt, clientX: innerWidth / 2, clientY: innerHeight / 2 }));
      }
      return file.size;
    },
    { name, text, repeat },
  );
}

describe('size limits in the browser', () => {
  test('262,144 regions: zooming, panning and searching after the load never block the page for 100 ms', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const text = syntheticMaps(262_144, 3);
    await dropFile(page, 'big-262144.maps', text);
    expect((await waitForLoaded(page, 'big-262144.maps', 180_000)).regions).toBe(262_144);
    await page.getByRole('grid', { name: 'Regions' }).waitFor();
    // Let the first frame and the analyses of the Understand panel settle, then measure.
    await page.getByRole('tab', { name: /^Modules\s*[\d,]+/ }).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    const map = page.locator('.address-space-map');
    const box = (await map.boundingBox())!;
    await map.focus();
    // Each step marked, so that a long task names the step that made it. The whole sequence runs
    // twice and each step keeps its better round: on this shared 2-core machine a main thread
    // that is merely descheduled also makes a long task, and that should not fail the test.
    const worstOfStep = new Map<string, number[]>();
    let count = 0;
    const step = async (label: string, act: () => Promise<unknown>) => {
      await page.evaluate((l) => performance.mark(`harden:${l}`), label);
      await act();
      await page.waitForTimeout(150);
      const tasks = await longTasks(page, `harden:${label}`);
      count += tasks.length;
      worstOfStep.set(label, [...(worstOfStep.get(label) ?? []), Math.max(0, ...tasks.map((t) => t.durationMs))]);
    };
    for (let round = 0; round < 2; round++) {
      for (const key of ['+', '+', '+', '+', 'Shift+ArrowRight', 'Shift+ArrowRight', '-', '0']) await step(`key ${key}`, () => page.keyboard.press(key));
      await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
      for (let i = 0; i < 6; i++) await step(`wheel ${i}`, () => page.mouse.wheel(0, i < 3 ? -240 : 240));
      await step('drag', async () => {
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
        await page.mouse.up();
      });
      for (const query of ['l', 'li', 'lib', 'libc', 'perm:rwxp', 'kind:heap', '/\\.so$/', '']) await step(`search "${query}"`, () => search(page).fill(query));
      await page.keyboard.press('0');
    }
    const best = [...worstOfStep].map(([label, worst]) => [label, Math.min(...worst)] as const);
    const longest = Math.max(...best.map(([, ms]) => ms));
    console.log(`262,144 regions, after load: ${count} long tasks in two rounds of zooming, panning and searching; longest (better round of each step) ${longest.toFixed(0)} ms; worst ${Math.max(...[...worstOfStep.values()].flat()).toFixed(0)} ms`);
    expect(best.filter(([, ms]) => ms >= 100).map(([label, ms]) => `${label}: ${ms.toFixed(0)} ms`)).toEqual([]);
    // The first address lookup: the module index is adopted from the analysis worker (no grouping
    // on the page), so this is the pan and the table scroll; reported here, not asserted (one
    // sample, no better-of-two-rounds as above).
    await page.evaluate(() => performance.mark('harden:lookup'));
    const last = lastRegion(text);
    await lookupInput(page).fill('0x' + (last.begin + 8n).toString(16));
    await expect.poll(() => lookupResult(page).locator('[data-field="range"]').innerText()).toBe(`0x${last.begin.toString(16)}-0x${last.end.toString(16)}`);
    const lookupTasks = await longTasks(page, 'harden:lookup');
    console.log(`262,144 regions, first lookup: longest main-thread task ${Math.max(0, ...lookupTasks.map((t) => t.durationMs)).toFixed(0)} ms`);
    await screenshot(page, 'harden-size-262144');
    await closeApp(page);
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
    const size = await dropSparseFile(page, 'huge.maps', unit, mebibytes);
    expect(size).toBe(mebibytes * (1 << 20));
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This file is too large for the browser' }).waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain(`it holds ${(size / 1e6).toFixed(1)} MB of text, more than the 536.9 MB a browser can hold as one text`);
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
