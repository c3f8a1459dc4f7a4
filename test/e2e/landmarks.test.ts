/**
 * Landmarks you see at a glance (issue 18 point 2), in headless Chromium: a process with four
 * threads started here (test/fixtures/layout/threads.c, its smaps read while it runs), the Android
 * sample and a generated 262,144-region file. The map's landmarks are read through their accessible
 * list ("Map landmarks"), and the labels are seen painted above the band (ink in the label rows) in
 * both scales. Expected values come from the raw text and the process itself (/proc/PID/exe, the
 * stack addresses its threads report), not from the code under test.
 * Screenshots: test-results/screenshots/landmarks-*.png (1280×720 and 1920×1080, light and dark).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mapLanes } from '../../app/paint/paint-map';
import { captureThreadsProcess } from '../analyze/analyze-helpers';
import { generateMaps } from '../bench/generate-maps';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, waitForLoaded } from './harness';

let browser: Browser;
let work: string;
/** The live process: its smaps, its executable, and how many distinct regions hold its threads' stack variables. */
let smaps: string;
let exe: string;
let threadStacks: number;

/** `start-end perms … path` lines of a maps or smaps text, read with a regex. */
function rawRegions(text: string): { begin: bigint; end: bigint; pathname: string }[] {
  return text
    .split('\n')
    .map((l) => /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+ *(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), pathname: m[3].trimEnd() }));
}

beforeAll(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'mapscope-e2e-landmarks-'));
  const capture = await captureThreadsProcess(work);
  smaps = capture.smaps;
  exe = capture.exe;
  const regions = rawRegions(smaps);
  const holding = new Set<number>();
  for (const [name, { addr }] of capture.features) if (/^t\d$/.test(name)) holding.add(regions.findIndex((r) => r.begin <= addr && addr < r.end));
  threadStacks = holding.size;
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** Screenshots at both sizes, light and dark. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(200);
      await screenshot(page, `landmarks-${name}-${size.width}x${size.height}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The map's landmarks as its accessible list gives them: "label: what it is, …". */
async function landmarkItems(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Map landmarks' });
  return list.getByRole('listitem').allInnerTexts();
}

/** Painted pixels in the map canvas's label rows (above the marker lane): the labels and their leaders. */
async function labelInk(page: Page): Promise<number> {
  const canvas = page.locator('.address-space-map canvas').first();
  const cssHeight = await canvas.evaluate((el) => el.getBoundingClientRect().height);
  const strip = mapLanes(cssHeight, true, true).markerTop;
  expect(strip, 'label rows').toBeGreaterThan(0);
  return canvas.evaluate((el, stripPx) => {
    const c = el as HTMLCanvasElement;
    const dpr = c.width / c.getBoundingClientRect().width;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, Math.floor(stripPx * dpr)).data;
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return ink;
  }, strip);
}

/** Waits for the map to paint its landmarks' labels, in the compressed view then to scale. */
async function expectLabelsPainted(page: Page): Promise<void> {
  await expect.poll(() => labelInk(page), { timeout: 20_000 }).toBeGreaterThan(300);
  await page.getByRole('button', { name: 'To scale' }).click();
  await expect.poll(() => labelInk(page), { timeout: 20_000 }).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Compressed gaps' }).click();
}

describe('landmarks', () => {
  test('a 4-thread process started now: binary, heap, libc, stack, the thread stacks and the vDSO are labelled', async () => {
    expect(threadStacks).toBe(4);
    const page = await openApp(browser, { hash: 'empty', viewport: SIZES[0] });
    await dropFile(page, 'threads.smaps', smaps);
    await waitForLoaded(page, 'threads.smaps');
    const items = await landmarkItems(page);
    const names = rawRegions(smaps).map((r) => r.pathname);
    expect(items).toContainEqual(expect.stringMatching(new RegExp(`^${basename(exe)}: main binary, `)));
    expect(items).toContainEqual(expect.stringMatching(/^4 thread stacks: thread stacks, (\S+ \S+ in )?4 regions at /));
    const libc = names.find((n) => /\/libc\.so\.6$/.test(n));
    expect(libc).toBeDefined();
    expect(items).toContainEqual(expect.stringMatching(/^libc\.so\.6: library, /));
    for (const [name, role] of [['[heap]', 'brk heap'], ['[stack]', 'main thread stack'], ['[vdso]', 'vDSO'], ['[vvar]', 'vDSO data'], ['[vsyscall]', 'vsyscall page']]) {
      if (names.includes(name)) expect(items, name).toContainEqual(expect.stringContaining(`${name}: ${role}, `));
    }
    // The binary comes first (the labels' priority), and its address range is the file's own.
    const own = rawRegions(smaps).filter((r) => r.pathname === exe);
    expect(items[0]).toContain(`at 0x${own[0].begin.toString(16)}–0x${own[own.length - 1].end.toString(16)}`);
    await expectLabelsPainted(page);
    await screenshots(page, 'threads');
    await closeApp(page);
  });

  test('the Android sample: app_process64, bionic libc, its thread stacks and [stack] without a [heap]', async () => {
    const page = await openApp(browser, { hash: 'sample=android-arm64-app.maps', viewport: SIZES[0] });
    await waitForLoaded(page, 'android-arm64-app.maps');
    const items = await landmarkItems(page);
    const text = readFileSync(new URL('../../public/samples/android-arm64-app.maps', import.meta.url), 'utf8');
    expect(items[0]).toMatch(/^app_process64: main binary, /);
    expect(items).toContainEqual(expect.stringMatching(/^libc\.so: library, /));
    expect(items).toContainEqual(expect.stringContaining('[stack]: main thread stack, '));
    expect(items).toContainEqual(expect.stringMatching(/^[\d,]+ thread stacks: thread stacks, /));
    expect(items.some((i) => i.startsWith('[heap]'))).toBe(text.includes('[heap]'));
    await expectLabelsPainted(page);
    await screenshots(page, 'android');
    await closeApp(page);
  });

  test('a generated 262,144-region file: every landmark found and labelled', async () => {
    const generated = generateMaps({ regions: 262_144, seed: 1 });
    const page = await openApp(browser, { hash: 'empty', viewport: SIZES[0] });
    await dropFile(page, 'gen-262144.maps', generated.text);
    const file = await waitForLoaded(page, 'gen-262144.maps');
    expect(file.regions).toBe(262_144);
    const items = await landmarkItems(page);
    // The group is every region of the thread-stack kind, as the search counts them. (The generator
    // writes mix['thread-stack'] / 2 stacks, each above its guard page; the kind's rule, which
    // knows only the maps text, also takes a few look-alikes.)
    const search = page.getByRole('searchbox', { name: 'Search regions' });
    await search.fill('kind:thread-stack');
    const matchCount = page.getByText(/^[\d,]+ of [\d,]+ regions match$/);
    await expect.poll(() => matchCount.innerText(), { timeout: 20_000 }).not.toMatch(/^262,144 of/);
    const stacks = (await matchCount.innerText()).split(' ')[0];
    expect(Number(stacks.replace(/,/g, ''))).toBeGreaterThanOrEqual(generated.mix['thread-stack'] / 2);
    await search.fill('');
    expect(items[0]).toMatch(/^java: main binary, /);
    expect(items).toContainEqual(expect.stringMatching(new RegExp(`^${stacks} thread stacks: thread stacks, ${stacks} regions at `)));
    for (const name of ['[heap]', '[stack]', '[vdso]', '[vvar]', '[vsyscall]']) expect(items, name).toContainEqual(expect.stringContaining(`${name}: `));
    expect(items.filter((i) => /: library, /.test(i)).length).toBeGreaterThanOrEqual(6);
    await expectLabelsPainted(page);
    await screenshots(page, 'generated-262144');
    await closeApp(page);
  });
});
