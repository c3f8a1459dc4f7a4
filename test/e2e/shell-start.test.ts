/** The app opens on the default example, and every example in public/samples/ opens. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseMaps } from '../../src/index';
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
