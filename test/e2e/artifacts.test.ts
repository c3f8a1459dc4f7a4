/**
 * Crash artifacts in headless Chromium (issue 14): a dropped tombstone and hs_err log show their
 * map; the header says what they are; the fault address is looked up at once (Lookup result names
 * its region) and pinned on the map; the backtrace opens annotated in Bulk lookup; a report with
 * two maps says which is shown and reads the other when picked. Expected values come from the
 * fixtures' own lines, read here. Screenshots: test-results/screenshots/artifact-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, loadedFileSection, openApp, screenshot, waitForLoaded } from './harness';

const ARTIFACTS = new URL('../fixtures/artifacts/', import.meta.url);
const TOMBSTONE = readFileSync(new URL('tombstone-arm64-handwritten.txt', ARTIFACTS), 'utf8');
const HS_ERR = readFileSync(new URL('hs_err-krashpad-dataset94.log', ARTIFACTS), 'utf8');
const ASAN = readFileSync(new URL('sanitizer-asan-gcc12-uaf.txt', ARTIFACTS), 'utf8');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const lookupResult = (page: Page) => page.getByRole('status', { name: 'Lookup result' });

/** Pixels of the pin colour (#e0115f light, as find.test.ts reads it) across the middle row of the find overlay. */
async function pinPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('.find-overlay')!;
    const data = c.getContext('2d')!.getImageData(0, Math.floor(c.height / 2), c.width, 1).data;
    return Array.from({ length: c.width }, (_, x) => x).filter((x) => data[x * 4] === 0xe0 && data[x * 4 + 1] === 0x11 && data[x * 4 + 2] === 0x5f).length;
  });
}

async function dropAndWait(page: Page, name: string, text: string): Promise<void> {
  await dropFile(page, name, text);
  await waitForLoaded(page, name);
  await page.getByRole('grid', { name: 'Regions' }).waitFor();
}

describe('crash artifacts in the app', () => {
  test('a dropped tombstone: its map, the header, the fault address looked up and pinned, the backtrace in Bulk lookup', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await dropAndWait(page, 'tombstone_00', TOMBSTONE);
    const section = loadedFileSection(page);
    // "memory map (8 entries)": eight regions.
    expect(await section.locator('[data-field="regions"]').innerText()).toBe('8 regions');
    expect(await section.locator('[data-field="format"]').innerText()).toBe('Android tombstone');
    // From the tombstone's `pid: 4242, …  >>> /system/bin/crasher64 <<<` and `signal 11 (SIGSEGV)` lines.
    expect(await section.getByLabel(/^Crash: /).innerText()).toBe('/system/bin/crasher64 · pid 4242 · SIGSEGV');

    // `fault addr 0x0000007fe3a2b010`, inside `--->0000007f'e3a0c000-0000007f'e3a2bfff rw- … [stack]`.
    const input = page.getByRole('searchbox', { name: 'Look up address' });
    await expect.poll(() => input.inputValue()).toBe('0x7fe3a2b010');
    const result = lookupResult(page);
    await expect.poll(() => result.locator('[data-field="pathname"]').innerText()).toBe('[stack]');
    expect(await result.locator('[data-field="range"]').innerText()).toBe('0x7fe3a0c000-0x7fe3a2c000');
    expect(await result.locator('[data-field="perms"]').innerText()).toBe('rw-p');
    await expect.poll(() => pinPixels(page)).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'artifact-tombstone-light-1280');

    // The r-x entry's `(BuildId: 3c1a…) (load bias 0x1000)` in its details, not in its name; no device or inode in a tombstone.
    await page.getByRole('grid', { name: 'Regions' }).getByText('5d1f401000', { exact: true }).first().click();
    const details = page.getByRole('complementary', { name: 'Region details' });
    await expect.poll(() => details.locator('dt', { hasText: 'BuildId' }).locator('xpath=following-sibling::dd[1]').innerText()).toBe('3c1a1e0b8c2d4f6e9a7b5c3d1e0f2a4b');
    expect(await details.locator('dt', { hasText: 'load bias' }).locator('xpath=following-sibling::dd[1]').innerText()).toBe('0x1000');
    expect(await details.locator('dt', { hasText: 'inode' }).locator('xpath=following-sibling::dd[1]').innerText()).toBe('not in the file');

    await page.getByRole('button', { name: /^Backtrace \(6\)…$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk lookup' });
    await expect.poll(() => dialog.getByRole('status').first().innerText()).toBe('6 addresses found, 6 mapped: 6 frames in 1 backtrace, 0 other');
    // One backtrace, in the tombstone's order: the fault address, then the frames.
    const items = await dialog.getByRole('list', { name: /^Frames of / }).locator('li').allInnerTexts();
    // `#00 pc 0000000000003a40  /system/bin/crasher64` with load bias 0x1000 in the r-x map at 0x5d1f401000 (offset 0x1000): the register dump's pc.
    expect(items[1]).toContain('0x5d1f402a40');
    expect(items[1]).toContain('crasher64');
    expect(items[3]).toContain('libc.so');
    await screenshot(page, 'artifact-tombstone-bulk');
    await closeApp(page);
  });

  test('a dropped hs_err log: 186 regions, si_addr looked up (null: below every region), the native frames in Bulk lookup', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await dropAndWait(page, 'hs_err_pid31802.log', HS_ERR);
    const section = loadedFileSection(page);
    const dynamic = HS_ERR.split('\n');
    const at = dynamic.indexOf('Dynamic libraries:');
    const mapsLines = dynamic.slice(at + 1).findIndex((l) => !/^[0-9a-f]+-[0-9a-f]+ /.test(l));
    expect(await section.locator('[data-field="regions"]').innerText()).toBe(`${mapsLines} regions`);
    expect(await section.getByLabel(/^Crash: /).innerText()).toBe('pid 31802 · SIGSEGV');
    // `si_addr: 0x0000000000000000`: a null pointer, in no region.
    const result = lookupResult(page);
    await expect.poll(() => result.locator('[data-field="module"]').innerText()).toBe('unmapped');
    await page.getByRole('button', { name: /^Backtrace \(\d+\)…$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk lookup' });
    // si_addr 0x0 is NULL, never an address in Bulk lookup (issue 18 point 8): pc= and the native frames.
    await expect.poll(() => dialog.getByRole('status').first().innerText()).toBe('7 addresses found, 7 mapped: 7 frames in 1 backtrace, 0 other');
    const items = await dialog.getByRole('list', { name: /^Frames of / }).locator('li').allInnerTexts();
    // `#  SIGSEGV (0xb) at pc=0x00007f504a219e0a`, and frame 0 `V  [libjvm.so+0x1019e0a]` at the same address.
    expect(items[0]).toContain('0x7f504a219e0a');
    expect(items[0]).toContain('libjvm.so');
    expect(items[1]).toContain('0x7f504a219e0a');
    await closeApp(page);
  });

  test('a sanitizer report with two maps: the header says which is shown; picking the other reads it', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await dropAndWait(page, 'asan.txt', ASAN);
    const pick = page.getByRole('combobox', { name: 'Memory map shown' });
    expect(await pick.locator('option:checked').innerText()).toBe('1 of 2: process memory map at line 52');
    await pick.selectOption({ index: 1 });
    await expect.poll(() => pick.locator('option:checked').innerText()).toBe('2 of 2: process memory map at line 144');
    await page.getByRole('grid', { name: 'Regions' }).waitFor();
    // The second map's first region is on line 145 of the report.
    expect(ASAN.split('\n')[144]).toMatch(/^\t0x/);
    await closeApp(page);
  });
});

describe('screenshots of a dropped tombstone', () => {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`${width}x${height} ${colorScheme}`, async () => {
        const page = await openApp(browser, { hash: 'empty', colorScheme, viewport: { width, height } });
        await dropAndWait(page, 'tombstone_00', TOMBSTONE);
        await expect.poll(() => lookupResult(page).locator('[data-field="pathname"]').innerText()).toBe('[stack]');
        await screenshot(page, `artifact-tombstone-${colorScheme}-${width}x${height}`);
        await closeApp(page);
      });
    }
  }
});
