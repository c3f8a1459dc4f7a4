/**
 * The address-space view in headless Chromium, on real maps files: hover, click, keyboard,
 * zoom, scale and colouring switches, the overview, untrusted pathnames. Screenshots go to
 * test-results/screenshots/address-space-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatHexPadded, parseAddr, parseMaps, type RegionTable } from '../../src/internal';
import { axisDrawn, axisLabels, closeApp, dropFile, launchBrowser, openApp, overviewWindowBox, screenshot, waitForLoaded, windowText } from './harness';

const SAMPLES = new URL('../../public/samples/', import.meta.url);

function sampleTable(name: string): RegionTable {
  return parseMaps(readFileSync(new URL(name, SAMPLES), 'utf8'), { fileName: name }).regions;
}

/** Every region of a table as its maps range text, `begin-end`. */
function rangesOf(table: RegionTable): Set<string> {
  const out = new Set<string>();
  for (const r of table) out.add(`${formatHexPadded(r.begin)}-${formatHexPadded(r.end)}`);
  return out;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(sample: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await openApp(browser, { hash: `sample=${sample}`, colorScheme });
  await waitForLoaded(page, sample);
  await axisDrawn(page);
  return page;
}

/** The map's box: the band of regions starts 22 px (axis) + 11 px (marker lane) below its top. */
async function mapBox(page: Page) {
  const box = await page.locator('.address-space-map').boundingBox();
  if (!box) throw new Error('no map');
  return { ...box, bandY: box.y + 22 + 11 + (box.height - 22 - 13) / 2 };
}

interface Tip {
  title: string;
  range: string;
  perms: string;
  text: string;
}

/** Hovers at x (CSS px from the map's left) and reads the tooltip, or null when none shows. */
async function hoverAt(page: Page, x: number): Promise<Tip | null> {
  const box = await mapBox(page);
  await page.mouse.move(box.x + x, box.bandY);
  const tip = page.locator('.map-tooltip');
  try {
    await tip.waitFor({ state: 'visible', timeout: 1000 });
  } catch {
    return null;
  }
  const title = (await tip.locator('.tip-title').innerText()).trim();
  const rangeText = (await tip.locator('.tip-range').innerText()).trim();
  const [range, perms = ''] = rangeText.split(/\s+/);
  return { title, range, perms, text: await tip.innerText() };
}

/** The visible window as the toolbar states it: [first, last] addresses. */
async function visibleWindow(page: Page): Promise<[bigint, bigint]> {
  const text = await windowText(page);
  const m = /(0x[0-9a-f]+) – (0x[0-9a-f]+)/.exec(text);
  if (!m) throw new Error(`window text "${text}"`);
  return [parseAddr(m[1])!, parseAddr(m[2])!];
}

/** A button of the map toolbar's Scale or Colour group (other views have buttons of the same names). */
function scaleButton(page: Page, name: string) {
  return page.getByRole('group', { name: 'Scale' }).getByRole('button', { name });
}
function colourButton(page: Page, name: string) {
  return page.getByRole('group', { name: 'Colour' }).getByRole('button', { name });
}

async function details(page: Page) {
  return page.getByRole('complementary', { name: 'Region details' });
}

describe('address-space view', () => {
  test('draws every region of a real file in address order, left to right, with gaps compressed', async () => {
    const page = await open('c-hello.maps');
    const table = sampleTable('c-hello.maps');
    const ranges = rangesOf(table);
    const box = await mapBox(page);
    const seen: { x: number; begin: bigint; title: string }[] = [];
    let gaps = 0;
    for (let x = 2; x < box.width - 1; x += 6) {
      const tip = await hoverAt(page, x);
      if (tip === null) continue;
      if (tip.title.endsWith('unmapped')) {
        gaps++;
        continue;
      }
      // What the tooltip says is a region of the file, exactly as its maps line has it.
      expect(ranges.has(tip.range), tip.range).toBe(true);
      seen.push({ x, begin: parseAddr(tip.range.split('-')[0])!, title: tip.title });
    }
    // Monotonic: addresses grow from left to right.
    for (let i = 1; i < seen.length; i++) expect(seen[i].begin >= seen[i - 1].begin, `${seen[i - 1].title} then ${seen[i].title}`).toBe(true);
    const titles = new Set(seen.map((s) => s.title));
    for (const name of ['hello', '[heap]', 'libc.so.6', 'ld-linux-x86-64.so.2', '[stack]']) expect(titles, name).toContain(name);
    expect(gaps).toBeGreaterThan(0);
    // Axis labels are hex addresses in ascending order (the axis canvas's accessible name lists
    // the labels it draws; a label that would run past the right edge is left out)…
    const labels = await axisLabels(page);
    const addrs = labels.map((l) => parseAddr(l)!);
    expect(addrs.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < addrs.length; i++) expect(addrs[i] > addrs[i - 1]).toBe(true);
    // …and the canvas has drawn them: ink in the band where the labels sit, all along the width.
    const inked = await page.locator('.address-axis').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, Math.round(c.height * 0.6)).data;
      const columns = new Set<number>();
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) columns.add(((i - 3) / 4) % c.width);
      return { columns: columns.size, width: c.width };
    });
    expect(inked.columns).toBeGreaterThan(inked.width / 4);
    await page.mouse.move(0, 0);
    await screenshot(page, 'address-space-light-compressed');
    await closeApp(page);
  });

  test('hover shows range, size, permissions, offset, device, inode, path and kind', async () => {
    const page = await open('c-hello.maps');
    const box = await mapBox(page);
    let tip: Tip | null = null;
    for (let x = 2; x < box.width && !(tip?.title === 'libc.so.6' && tip.perms === 'r-xp'); x += 4) tip = await hoverAt(page, x);
    expect(tip?.title).toBe('libc.so.6');
    const table = sampleTable('c-hello.maps');
    const libcText = [...table].find((r) => r.pathname?.endsWith('/libc.so.6') && r.permissions.text === 'r-xp')!;
    expect(tip!.range).toBe(`${formatHexPadded(libcText.begin)}-${formatHexPadded(libcText.end)}`);
    for (const field of ['size', 'offset', 'device', 'inode', 'kind', 'path']) expect(tip!.text).toContain(field);
    expect(tip!.text).toContain(libcText.pathname!);
    expect(tip!.text).toContain(formatHexPadded(libcText.offset));
    expect(tip!.text).toMatch(/\d+(\.\d+)? (KiB|MiB)/);
    await screenshot(page, 'address-space-light-hover');
    await closeApp(page);
  });

  test('click selects; Region details has every field; arrows move the selection; f fits; Esc clears', async () => {
    const page = await open('c-hello.maps', 'dark');
    const table = sampleTable('c-hello.maps');
    const box = await mapBox(page);
    let tip: Tip | null = null;
    let x = 2;
    for (; x < box.width && tip?.title !== '[heap]'; x += 4) tip = await hoverAt(page, x);
    await page.mouse.click(box.x + x - 4, box.bandY);
    const panel = await details(page);
    await expect.poll(() => panel.locator('h2').innerText()).toBe('[heap]');
    const text = await panel.innerText();
    for (const field of ['start', 'end', 'size', 'perms', 'offset', 'device', 'inode', 'kind', 'path', 'line', 'neighbours', 'module']) expect(text.toLowerCase()).toContain(field);
    const heap = [...table].find((r) => r.pathname === '[heap]')!;
    expect(text).toContain(formatHexPadded(heap.begin));
    expect(text).toContain(`${heap.sizeBytes.toLocaleString('en-US')} B`);
    await page.mouse.move(1, 1);
    await screenshot(page, 'address-space-dark-selected');

    // The next region in address order.
    const sorted = [...table].sort((a, b) => (a.begin < b.begin ? -1 : 1));
    const at = sorted.findIndex((r) => r.pathname === '[heap]');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => panel.locator('.details-head .mono').innerText()).toContain(formatHexPadded(sorted[at + 1].begin));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => panel.locator('h2').innerText()).toBe('[heap]');

    // f: the view fits the heap (with a margin), in the compressed scale's addresses.
    await page.keyboard.press('f');
    await expect.poll(async () => (await visibleWindow(page))[0] <= heap.begin).toBe(true);
    const [a, b] = await visibleWindow(page);
    expect(a <= heap.begin && b >= heap.end).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.innerText()).toContain('Click a region');
    await closeApp(page);
  });

  test('[vsyscall] at the top of the 64-bit space, to scale, down to its single page', async () => {
    const page = await open('node20-jit.maps');
    const map = page.locator('.address-space-map');
    await map.focus();
    // The last region in address order is [vsyscall]: select it from the keyboard.
    await page.keyboard.press('ArrowLeft'); // nothing selected: pans; selection starts below
    await page.keyboard.press('ArrowUp'); // selects the last region
    const panel = await details(page);
    await expect.poll(() => panel.locator('h2').innerText()).toBe('[vsyscall]');
    await page.keyboard.press('f');
    await scaleButton(page, 'To scale').click();
    const [a, b] = await visibleWindow(page);
    expect(a).toBeLessThanOrEqual(0xffffffffff600000n);
    expect(b).toBeGreaterThanOrEqual(0xffffffffff601000n);
    expect(b - a).toBeLessThan(0x2000n); // one page and its margins, not a double-rounded blur
    const box = await mapBox(page);
    const tip = await hoverAt(page, box.width / 2);
    expect(tip?.title).toBe('[vsyscall]');
    expect(tip?.range).toBe('ffffffffff600000-ffffffffff601000');
    await screenshot(page, 'address-space-light-vsyscall-page');
    // Zoom further in with the keyboard, then all the way out: the whole 16 EiB.
    await map.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const [c, d] = await visibleWindow(page);
    expect(d - c).toBeLessThan(b - a);
    // 0: every region, user space's and [vsyscall] beyond the non-canonical hole (issue 18).
    await page.keyboard.press('0');
    const [e, f] = await visibleWindow(page);
    const lowest = [...sampleTable('node20-jit.maps')].reduce((m, r) => (r.begin < m ? r.begin : m), 1n << 64n);
    expect(e).toBeLessThanOrEqual(lowest);
    expect(f).toBeGreaterThanOrEqual(0xffffffffff601000n);
    expect(await windowText(page)).toContain('across the non-canonical hole');
    // Zoomed all the way out: the whole 16 EiB.
    for (let i = 0; i < 8; i++) await page.keyboard.press('-');
    const [g, h] = await visibleWindow(page);
    expect(g).toBe(0n);
    expect(h).toBe(0xffffffffffffffffn);
    await closeApp(page);
  });

  test('wheel zooms around the cursor; Shift+drag pans; the overview window follows, and a click on the overview centres the view there', async () => {
    const page = await open('c-hello.maps');
    const box = await mapBox(page);
    const before = await visibleWindow(page);
    const tipBefore = await hoverAt(page, box.width * 0.6);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
    const zoomed = await visibleWindow(page);
    expect(zoomed[1] - zoomed[0]).toBeLessThan(before[1] - before[0]);
    // The region under the cursor is still under the cursor.
    const tipAfter = await hoverAt(page, box.width * 0.6);
    expect(tipAfter?.range).toBe(tipBefore?.range);
    // Shift+drag right: lower addresses come into view (a plain drag zooms to a range: scale.test.ts).
    await page.mouse.move(box.x + box.width * 0.6, box.bandY);
    await page.keyboard.down('Shift');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6 + 200, box.bandY, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const dragged = await visibleWindow(page);
    expect(dragged[0]).toBeLessThan(zoomed[0]);
    expect(dragged[1]).toBeLessThan(zoomed[1]); // moved, not zoomed out
    // The overview outlines the window; a click to its right centres the view there, same span.
    const outline = await overviewWindowBox(page);
    expect(outline.width).toBeLessThan(box.width * 0.9);
    const overview = (await page.locator('.map-overview').boundingBox())!;
    await page.mouse.click(Math.min(outline.x + outline.width + 150, overview.x + overview.width - 5), overview.y + overview.height / 2);
    const moved = await visibleWindow(page);
    expect(moved[0]).toBeGreaterThan(dragged[0]);
    await screenshot(page, 'address-space-light-zoomed');
    await closeApp(page);
  });

  test('colourings change the legend and the pixels; writable+executable stands out in each', async () => {
    const page = await open('node20-jit.maps', 'dark');
    const legend = page.getByLabel('Legend');
    const pixels = () =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.address-space-map canvas')!;
        const d = c.getContext('2d')!.getImageData(0, c.height / 2, c.width, 1).data;
        return Array.from(d).join(',');
      });
    expect(await legend.innerText()).toContain('anonymous');
    const kindPixels = await pixels();
    await colourButton(page, 'Permissions').click();
    await expect.poll(() => legend.innerText()).toContain('r-x');
    expect(await pixels()).not.toBe(kindPixels);
    await screenshot(page, 'address-space-dark-perms');
    await colourButton(page, 'Module').click();
    await expect.poll(() => legend.innerText()).toContain('node');
    await screenshot(page, 'address-space-dark-module');
    // W+X: the legend explains the mark, and a tooltip over such a region says so.
    expect(await legend.innerText()).toContain('writable + executable');
    const box = await mapBox(page);
    let found = false;
    for (let x = 2; x < box.width && !found; x += 3) {
      const tip = await hoverAt(page, x);
      found = tip !== null && /rwx/.test(tip.perms);
      if (found) expect(tip!.text).toContain('Writable and executable');
    }
    expect(found).toBe(true);
    await closeApp(page);
  });

  test('switching scales keeps the same regions in view', async () => {
    const page = await open('c-hello.maps');
    const box = await mapBox(page);
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(box.x + box.width * 0.45, box.bandY);
      await page.mouse.wheel(0, -200);
    }
    await page.mouse.click(box.x + box.width / 2, box.bandY);
    const head = (await details(page)).locator('.details-head .mono');
    const [begin, end] = (await head.innerText()).split(/\s+/)[0].split('-').map((h) => parseAddr(h)!);
    const compressed = await visibleWindow(page);
    await scaleButton(page, 'To scale').click();
    const linear = await visibleWindow(page);
    // The selected region is still in view, and the window covers no more addresses than before
    // (the slivers of unmapped gaps at the edges, 100s of TiB to scale, are dropped).
    expect(linear[0] <= begin && linear[1] >= end).toBe(true);
    expect(linear[1] - linear[0] <= ((compressed[1] - compressed[0]) * 105n) / 100n).toBe(true);
    await screenshot(page, 'address-space-light-linear');
    await scaleButton(page, 'Compressed gaps').click();
    const back = await visibleWindow(page);
    expect(back[0] <= begin && back[1] >= end).toBe(true);
    await closeApp(page);
  });

  test('pathnames are text, never HTML', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const evil = '/tmp/<img src=x onerror="window.__pwned=1">.so';
    const text = [
      `00400000-00401000 r-xp 00000000 08:01 42                                 ${evil}`,
      '00401000-00402000 rw-p 00000000 00:00 0 ',
      'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]',
    ].join('\n');
    await dropFile(page, 'evil.maps', text);
    await waitForLoaded(page, 'evil.maps');
    await axisDrawn(page);
    const box = await mapBox(page);
    let tip: Tip | null = null;
    for (let x = 2; x < box.width && !tip?.text.includes('onerror'); x += 5) tip = await hoverAt(page, x);
    expect(tip?.text).toContain(evil);
    await page.mouse.click(box.x + 5, box.bandY);
    // Region details follow a new selection in the frame after it is drawn (useSelectionAfterPaint).
    const panel = await details(page);
    await expect.poll(() => panel.innerText()).toContain(evil);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await closeApp(page);
  });
});
