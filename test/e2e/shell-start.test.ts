/** The app opens on the default example, and every example in public/samples/ opens. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseMaps } from '../../src/internal';
import { closeApp, launchBrowser, openApp, requests, screenshot, waitForLoaded, loadedFileSection } from './harness';

const SAMPLES_DIR = new URL('../../public/samples/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('index.json', SAMPLES_DIR), 'utf8')) as { file: string; default?: boolean }[];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('start-up', () => {
  test('opens the default example and shows its name, format and region count', async () => {
    const page = await openApp(browser);
    const def = manifest.find((s) => s.default) ?? manifest[0];
    const info = await waitForLoaded(page, def.file);
    const expected = parseMaps(readFileSync(new URL(def.file, SAMPLES_DIR), 'utf8'), { fileName: def.file });
    expect(info.name).toBe(def.file);
    expect(info.regions).toBe(expected.regions.length);
    expect(info.regions).toBeGreaterThan(0);
    expect(info.format).toBe('/proc/PID/maps');
    // The URL now names the example, so a reload shows the same file.
    expect(new URL(page.url()).hash).toBe(`#sample=${def.file}`);
    await screenshot(page, 'shell-start-light');
    await closeApp(page);
  });

  test('dark mode follows prefers-color-scheme', async () => {
    const page = await openApp(browser, { colorScheme: 'dark' });
    const def = manifest.find((s) => s.default) ?? manifest[0];
    await waitForLoaded(page, def.file);
    const [bg, fg] = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return [s.backgroundColor, s.color];
    });
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(luminance(bg)).toBeLessThan(60);
    expect(luminance(fg)).toBeGreaterThan(180);
    await screenshot(page, 'shell-start-dark');
    await closeApp(page);
  });

  test('#empty starts with no file and offers the examples', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await page.getByRole('heading', { name: 'Open a memory map' }).waitFor();
    const examples = page.getByRole('list', { name: 'Examples' }).getByRole('button');
    await examples.first().waitFor();
    expect(await examples.count()).toBe(manifest.length);
    expect(await loadedFileSection(page).innerText()).toBe('');
    await screenshot(page, 'shell-empty');
    await closeApp(page);
  });

  test('#empty starts the parse worker while idle, before any file is opened', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await page.getByRole('heading', { name: 'Open a memory map' }).waitFor();
    // Started by the first load instead, its start-up (and its reader's: parse.worker.ts starts one
    // at once) was on that load's path to its first frame.
    await expect.poll(() => page.workers().some((w) => /parse\.worker/.test(new URL(w.url()).pathname)), { timeout: 10_000 }).toBe(true);
    expect(await loadedFileSection(page).innerText()).toBe('');
    await closeApp(page);
  });

  test('the page requests nothing but its own files', async () => {
    const page = await openApp(browser);
    await waitForLoaded(page, (manifest.find((s) => s.default) ?? manifest[0]).file);
    const origin = new URL(page.url()).origin;
    const all = requests(page);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) {
      expect(r.method).toBe('GET');
      expect(r.postData).toBeNull();
      expect(new URL(r.url).origin).toBe(origin);
    }
    await closeApp(page);
  });
});

describe('every example', () => {
  /** The format label the header should show, from the example's file name. */
  const expectedFormat = (file: string) =>
    file.includes('.smaps_rollup')
      ? '/proc/PID/smaps_rollup'
      : file.includes('.smaps')
        ? '/proc/PID/smaps'
        : file.includes('.pmap-x')
          ? 'pmap -x'
          : file.includes('.pmap-X')
            ? 'pmap -X'
            : file.includes('.gdb')
              ? 'gdb info proc mappings'
              : '/proc/PID/maps';

  /** Regions in the text, counted with one plain regex per format (independent of the parsers). */
  const expectedRegions = (file: string, text: string) => {
    const lines = text.split('\n');
    // A rollup is totals, not a region (issue 18 point 9): the header counts none.
    if (file.endsWith('smaps_rollup')) return 0;
    if (file.includes('.pmap')) return lines.filter((l) => /^\s*[0-9a-f]{8,16} +(\d+|[r-][w-][x-][sp]) /.test(l)).length;
    if (file.includes('.gdb')) return lines.filter((l) => /^\s*0x[0-9a-f]+\s+0x[0-9a-f]+\s/.test(l)).length;
    return lines.filter((l) => /^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][sp] /.test(l)).length;
  };

  test('opens through the Example menu with its format, its region count, and every line read', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const menu = page.getByRole('combobox', { name: 'Example' });
    for (const { file } of manifest) {
      await menu.selectOption(file);
      const info = await waitForLoaded(page, file);
      const bytes = readFileSync(new URL(file, SAMPLES_DIR));
      const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      expect(info.format.replace(/ · gz$/, ''), file).toBe(expectedFormat(file));
      expect(info.regions, file).toBe(expectedRegions(file, text));
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      await page.getByText(`all ${lines.toLocaleString('en-US')} lines read`, { exact: true }).waitFor({ timeout: 5_000 });
    }
    await closeApp(page);
  });
});
