/**
 * One module grouping everywhere, in headless Chromium on a real sample with a .bss
 * (public/samples/c-hello.maps: libc.so.6's anonymous rw-p right after its data segment): the
 * map's module colouring (pixels), its legend, the Modules panel and Region details agree; and a
 * module lookup answers (pans, selects) whether or not the modules were ready when it was typed.
 * Expected values are read from the file's text here, not from src/analyze.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot, unexpectedErrors, waitForLoaded } from './harness';

const SAMPLE = 'c-hello.maps';
const TEXT = readFileSync(new URL(`../../public/samples/${SAMPLE}`, import.meta.url), 'utf8');

interface RawRegion {
  begin: bigint;
  end: bigint;
  perms: string;
  pathname: string;
}

/** proc_pid_maps(5) lines, read with a regex. */
const RAW: RawRegion[] = TEXT.split('\n').flatMap((line) => {
  const m = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) \S+ \S+ \d+ *(.*)$/.exec(line);
  return m ? [{ begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), perms: m[3], pathname: m[4].trimEnd() }] : [];
});
const LIBC = RAW.filter((r) => r.pathname.endsWith('/libc.so.6'));
const BSS = RAW.find((r) => r.begin === LIBC[LIBC.length - 1].end)!;
const HEAP = RAW.find((r) => r.pathname === '[heap]')!;
const pad = (v: bigint) => v.toString(16).padStart(8, '0');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface LegendEntry {
  /** The kinds of a no-module entry (data-kinds); undefined for a module. */
  kinds: string | undefined;
  label: string;
  count: string;
  color: string;
}

async function legendEntries(page: Page): Promise<LegendEntry[]> {
  return page
    .getByLabel('Legend')
    .locator('.legend-entries li:has(.legend-count)')
    .evaluateAll((items) =>
      items.map((li) => ({
        kinds: (li as HTMLElement).dataset.kinds,
        label: [...(li.querySelector('.legend-entry') ?? li).childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join('')
          .trim(),
        count: li.querySelector('.legend-count')!.textContent!.trim(),
        color: getComputedStyle(li.querySelector('.swatch')!).backgroundColor,
      })),
    );
}

/** Module name → region count, as the Modules panel lists them. */
async function panelModules(page: Page): Promise<Map<string, string>> {
  const rows = await page
    .getByRole('table', { name: 'Modules' })
    .locator('tbody > tr:not(.module-segments)')
    .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.module-toggle')!.textContent!.replace(/^[▸▾]\s*/, '').trim(), tr.querySelectorAll('td')[2].textContent!.trim()] as const));
  return new Map(rows);
}

/** The colour most of the map's band has in the middle of the view (labels and separators aside). */
async function middleColour(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.address-space-map canvas:not(.find-overlay)')!;
    const ctx = canvas.getContext('2d')!;
    const counts = new Map<string, number>();
    for (let fx = 0.3; fx <= 0.701; fx += 0.05) {
      for (let fy = 0.4; fy <= 0.901; fy += 0.05) {
        const [r, g, b] = ctx.getImageData(Math.floor(canvas.width * fx), Math.floor(canvas.height * fy), 1, 1).data;
        const key = `rgb(${r}, ${g}, ${b})`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0][0];
  });
}

function details(page: Page) {
  return page.getByRole('complementary', { name: 'Region details' });
}

/** Fits the map to the selected region, clears the selection (no highlight over it) and reads its colour. */
async function colourOfSelected(page: Page): Promise<string> {
  await details(page).getByRole('button', { name: 'Fit' }).click();
  await details(page).getByRole('button', { name: 'Clear selection' }).click();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
  return middleColour(page);
}

describe('one module grouping', () => {
  test("module colouring, legend, Modules panel and Region details agree: the anonymous region after libc.so.6 (its .bss, maybe merged with more) is not libc's", async () => {
    expect(BSS.pathname).toBe('');
    expect([LIBC[LIBC.length - 1].perms, BSS.perms]).toEqual(['rw-p', 'rw-p']);
    const page = await openApp(browser, { hash: `sample=${SAMPLE}` });
    await waitForLoaded(page, SAMPLE);
    await page.getByRole('group', { name: 'Colour' }).getByRole('button', { name: 'Module' }).click();
    await expect.poll(async () => (await legendEntries(page)).map((e) => e.label), { timeout: 30_000 }).toContain('libc.so.6');

    // The legend's modules are the panel's, with the same region counts: libc's regions of its file only.
    const legend = await legendEntries(page);
    const libc = legend.find((e) => e.label === 'libc.so.6')!;
    expect(libc.count).toBe(String(LIBC.length));
    await page.getByRole('tab', { name: /Modules/ }).click();
    const panel = await panelModules(page);
    const modules = legend.filter((e) => e.kinds === undefined);
    expect(modules.length).toBeGreaterThanOrEqual(4);
    for (const e of modules) expect(panel.get(e.label), e.label).toBe(e.count);

    // Region details of the region after libc: in no module, and why (it may start with libc's .bss).
    await page.getByRole('table', { name: 'Modules' }).getByRole('button', { name: /libc\.so\.6/ }).click();
    const segments = page.getByRole('list', { name: 'Segments of libc.so.6' }).getByRole('button');
    expect(await segments.count()).toBe(LIBC.length);
    await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${(BSS.begin + 8n).toString(16)}`);
    await expect.poll(() => details(page).innerText()).toContain(`${pad(BSS.begin)}-${pad(BSS.end)} rw-p`);
    const module = await details(page).locator('h3:text("Module") + p').innerText();
    expect(module).toMatch(/^None: anonymous memory, which may start with the \.bss of libc\.so\.6 right below it/);
    expect(await page.getByRole('status', { name: 'Lookup result' }).locator('[data-field="module"]').innerText()).toBe("anonymous (may start with libc.so.6's .bss)");

    // Pixels: the region after libc is painted as anonymous memory, libc's code in libc's colour; [heap] is in no module.
    expect(await colourOfSelected(page)).toBe(legend.find((e) => e.label === 'anonymous')!.color);
    await page.getByRole('searchbox', { name: 'Look up address' }).fill('');
    await segments.filter({ hasText: `${pad(LIBC.find((r) => r.perms === 'r-xp')!.begin)} r-xp` }).click();
    expect(await colourOfSelected(page)).toBe(libc.color);
    await page.getByRole('searchbox', { name: 'Look up address' }).fill(`0x${(HEAP.begin + 8n).toString(16)}`);
    await expect.poll(() => details(page).innerText()).toContain(`${pad(HEAP.begin)}-${pad(HEAP.end)}`);
    expect(await details(page).locator('h3:text("Module") + p').innerText()).toMatch(/^None: /);
    const none = legend.find((e) => e.kinds?.split(',').includes('heap'))!;
    expect(none.label).toMatch(/^heap, stack/); // the no-module kinds this file has, in the search's words
    expect(await colourOfSelected(page)).toBe(none.color);
    await screenshot(page, 'modules-agree');
    expect(unexpectedErrors(page)).toEqual([]);
    await closeApp(page);
  });

  test('a module lookup typed as the file opens answers once the modules come: pans, selects, shows module+offset', async () => {
    const page = await openApp(browser, { hash: `sample=${SAMPLE}` });
    await waitForLoaded(page, SAMPLE);
    await page.getByRole('searchbox', { name: 'Look up address' }).fill('libc.so.6+0x10');
    const result = page.getByRole('status', { name: 'Lookup result' });
    await expect.poll(() => result.locator('[data-field="module"]').innerText(), { timeout: 30_000 }).toBe('libc.so.6+0x10');
    expect(await result.locator('[data-field="range"]').innerText()).toBe(`0x${LIBC[0].begin.toString(16)}-0x${LIBC[0].end.toString(16)}`);
    await expect.poll(() => details(page).innerText()).toContain(`${pad(LIBC[0].begin)}-${pad(LIBC[0].end)}`);
    expect(unexpectedErrors(page)).toEqual([]);
    await closeApp(page);
  });
});
