/**
 * Find in headless Chromium, on real maps files: search (words, regex, an invalid regex, stepping
 * through matches), each permission control's cycle and the presets, address lookup (mapped,
 * unmapped, module+offset, [vsyscall]), bulk annotation of a real glibc backtrace, the region
 * table (sort, keyboard, selection shared with the map), and state restored from the URL.
 * Expected values come from the raw text of the files, read here with a regex — not from src/.
 * Screenshots: test-results/screenshots/find-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, waitForLoaded, windowText } from './harness';

const SAMPLES = new URL('../../public/samples/', import.meta.url);
const FIXTURES = new URL('../fixtures/', import.meta.url);

/** One maps line read with a regex: proc_pid_maps(5) `start-end perms offset dev inode [path]`. */
interface RawRegion {
  begin: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  pathname: string;
}

function rawRegions(text: string): RawRegion[] {
  const out: RawRegion[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) ([0-9a-f]+) \S+ \d+ *(.*)$/.exec(line);
    if (m) out.push({ begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), perms: m[3], offset: BigInt('0x' + m[4]), pathname: m[5].trimEnd() });
  }
  return out;
}

const hex = (v: bigint) => '0x' + v.toString(16);
const pad = (v: bigint) => v.toString(16).padStart(8, '0');
const C_HELLO = readFileSync(new URL('c-hello.maps', SAMPLES), 'utf8');
const HELLO = rawRegions(C_HELLO);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(hash: string, sample = 'c-hello.maps'): Promise<Page> {
  const page = await openApp(browser, { hash: `sample=${sample}${hash}` });
  await waitForLoaded(page, sample);
  await page.getByRole('grid', { name: 'Regions' }).waitFor();
  return page;
}

const search = (page: Page) => page.getByRole('searchbox', { name: 'Search regions' });
const count = (page: Page) => page.getByText(/^[\d,]+ of [\d,]+ regions match$/);
const grid = (page: Page) => page.getByRole('grid', { name: 'Regions' });
const lookupResult = (page: Page) => page.getByRole('status', { name: 'Lookup result' });
/** A permission control: its name is its visible text, the permission and its state ("Readable any"). */
const permControl = (page: Page, name: string) => page.getByRole('group', { name: 'Permission filter' }).getByRole('button', { name: new RegExp(`^${name} (any|required|excluded)$`) });

/** The visible window of the map, from its toolbar text. */
async function visibleWindow(page: Page): Promise<[bigint, bigint]> {
  const m = /(0x[0-9a-f]+) – (0x[0-9a-f]+)/.exec(await windowText(page))!;
  return [BigInt(m[1]), BigInt(m[2])];
}

/** Alpha of each pixel along the middle row of the map's find layer (the overlay canvas). */
async function overlayAlphas(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('.find-overlay')!;
    const data = c.getContext('2d')!.getImageData(0, Math.floor(c.height / 2), c.width, 1).data;
    return Array.from({ length: c.width }, (_, x) => data[x * 4 + 3]);
  });
}

/** The pathname cells of the table's rendered rows, top to bottom (their text: a cell lays its directory and file name out as two boxes). */
async function tablePaths(page: Page): Promise<string[]> {
  return grid(page).locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"]) [role="gridcell"]:nth-child(8)').allTextContents();
}

/** The table row that is selected: its Begin cell, or null. */
async function selectedBegin(page: Page): Promise<string | null> {
  const row = grid(page).locator('[role="row"][aria-selected="true"]');
  return (await row.count()) === 0 ? null : row.locator('[role="gridcell"]').first().innerText();
}

/** The number of rows the table says it has (aria-rowcount counts the header row). */
async function tableRowCount(page: Page): Promise<number> {
  return Number(await grid(page).getAttribute('aria-rowcount')) - 1;
}

describe('search', () => {
  test('words, regexes and kind terms: the count, the table and the hint agree with the file', async () => {
    const page = await open('');
    await expect.poll(() => count(page).innerText()).toBe(`${HELLO.length} of ${HELLO.length} regions match`);
    const cases: [string, (r: RawRegion) => boolean][] = [
      ['LIBC', (r) => r.pathname.toLowerCase().includes('libc')],
      ['/\\.so(\\.\\d+)*$/', (r) => /\.so(\.\d+)*$/.test(r.pathname)],
      ['kind:heap', (r) => r.pathname === '[heap]'],
      ['perm:rw-p size>1M', (r) => r.perms === 'rw-p' && r.end - r.begin > 1n << 20n],
      ['deleted', (r) => r.pathname.includes('deleted')],
    ];
    for (const [query, keep] of cases) {
      await search(page).fill(query);
      const expected = HELLO.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      await expect.poll(() => count(page).innerText(), { message: query }).toBe(`${expected.length} of ${HELLO.length} regions match`);
      expect(await tableRowCount(page)).toBe(expected.length);
      expect(await tablePaths(page)).toEqual(expected.map((r) => r.pathname));
    }
    // A hex address finds the region holding it.
    const heap = HELLO.find((r) => r.pathname === '[heap]')!;
    await search(page).fill(hex(heap.begin + 0x123n));
    await expect.poll(() => tablePaths(page)).toEqual(['[heap]']);
    await closeApp(page);
  });

  test('an invalid regex gets an inline message, the rest of the query still applies, nothing throws', async () => {
    const page = await open('');
    await search(page).fill('/[heap/ libm');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/“\/\[heap\/”: invalid regular expression/);
    expect(await search(page).getAttribute('aria-invalid')).toBe('true');
    const libm = HELLO.filter((r) => r.pathname.includes('libm'));
    await expect.poll(() => count(page).innerText()).toBe(`${libm.length} of ${HELLO.length} regions match`);
    await screenshot(page, 'find-invalid-regex');
    await closeApp(page);
  });

  test('Enter, Shift+Enter, n and N step through the matches and select each one in the table and the map', async () => {
    const page = await open('');
    const libc = HELLO.filter((r) => r.pathname.endsWith('libc.so.6'));
    await search(page).fill('libc.so');
    await expect.poll(() => count(page).innerText()).toBe(`${libc.length} of ${HELLO.length} regions match`);
    await search(page).press('Enter');
    await expect.poll(() => selectedBegin(page)).toBe(pad(libc[0].begin));
    await search(page).press('Enter');
    await expect.poll(() => selectedBegin(page)).toBe(pad(libc[1].begin));
    await search(page).press('Shift+Enter');
    await expect.poll(() => selectedBegin(page)).toBe(pad(libc[0].begin));
    await search(page).press('Shift+Enter'); // wraps to the last
    await expect.poll(() => selectedBegin(page)).toBe(pad(libc[libc.length - 1].begin));
    // n / N outside the search box.
    await page.locator('.address-space-map').focus();
    await page.keyboard.press('n');
    await expect.poll(() => selectedBegin(page)).toBe(pad(libc[0].begin));
    await page.keyboard.press('Shift+N');
    await expect.poll(() => selectedBegin(page)).toBe(pad(libc[libc.length - 1].begin));
    // The map's details show the same region.
    await expect.poll(() => page.getByRole('complementary', { name: 'Region details' }).innerText()).toContain(pad(libc[libc.length - 1].begin));
    await screenshot(page, 'find-search-step');
    await closeApp(page);
  });
});

describe('permission filter', () => {
  const controls: [string, (p: string) => boolean][] = [
    ['Readable', (p) => p[0] === 'r'],
    ['Writable', (p) => p[1] === 'w'],
    ['Executable', (p) => p[2] === 'x'],
    ['Shared', (p) => p[3] === 's'],
    ['Private', (p) => p[3] === 'p'],
  ];

  test('each control cycles any → required → excluded → any; its state shows in text; the count and table follow', async () => {
    const page = await open('');
    const total = HELLO.length;
    for (const [name, has] of controls) {
      const control = permControl(page, name);
      expect(await control.getAttribute('data-state')).toBe('any');
      for (const [state, keep] of [
        ['required', (r: RawRegion) => has(r.perms)],
        ['excluded', (r: RawRegion) => !has(r.perms)],
        ['any', () => true],
      ] as const) {
        await control.click();
        await expect.poll(() => control.getAttribute('data-state')).toBe(state);
        expect(await control.innerText()).toContain(state); // in text, not colour alone
        const n = HELLO.filter(keep).length;
        await expect.poll(() => count(page).innerText(), { message: `${name} ${state}` }).toBe(`${n} of ${total} regions match`);
        expect(await tableRowCount(page)).toBe(n);
        if (name === 'Writable' && state === 'excluded') await screenshot(page, 'find-filter-writable-excluded');
      }
    }
    await closeApp(page);
  });

  test('presets, combined with a search; hide instead of dim', async () => {
    const page = await open('');
    const presets = page.getByRole('combobox', { name: 'Permission presets' });
    await presets.selectOption('writable and executable');
    const wx = HELLO.filter((r) => r.perms[1] === 'w' && r.perms[2] === 'x');
    await expect.poll(() => count(page).innerText()).toBe(`${wx.length} of ${HELLO.length} regions match`);
    await presets.selectOption('executable');
    expect(await permControl(page, 'Executable').getAttribute('data-state')).toBe('required');
    expect(await permControl(page, 'Writable').getAttribute('data-state')).toBe('any');
    await search(page).fill('lib');
    const xLib = HELLO.filter((r) => r.perms[2] === 'x' && r.pathname.includes('lib'));
    await expect.poll(() => count(page).innerText()).toBe(`${xLib.length} of ${HELLO.length} regions match`);
    await screenshot(page, 'find-preset-executable-dimmed');
    // Dimmed: filtered-out regions are veiled, not covered; hidden: covered. Same pixels, other alpha.
    // The veil is the band's background at 78 % opacity (app/paint/paint-find.ts): alpha 199.
    const veiled = (alphas: number[]) => alphas.map((a, x) => (Math.abs(a - 199) <= 1 ? x : -1)).filter((x) => x >= 0);
    await expect.poll(async () => veiled(await overlayAlphas(page)).length).toBeGreaterThan(50);
    const dimmed = veiled(await overlayAlphas(page));
    await page.getByRole('checkbox', { name: 'Hide filtered' }).check();
    await expect.poll(async () => {
      const alphas = await overlayAlphas(page);
      return dimmed.filter((x) => alphas[x] === 255).length / dimmed.length;
    }).toBeGreaterThan(0.95);
    await screenshot(page, 'find-preset-executable-hidden');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect.poll(() => count(page).innerText()).toBe(`${HELLO.filter((r) => r.pathname.includes('lib')).length} of ${HELLO.length} regions match`);
    await closeApp(page);
  });
});

describe('address lookup', () => {
  const libc = HELLO.filter((r) => r.pathname.endsWith('/libc.so.6'));
  const libcBase = libc.reduce((min, r) => (r.begin < min ? r.begin : min), libc[0].begin);
  const code = libc.find((r) => r.perms === 'r-xp')!;

  test('a mapped address: region, offsets, module+offset; the map pins it and selects the region', async () => {
    const page = await open('');
    const addr = code.begin + 0x1d90n;
    const input = page.getByRole('searchbox', { name: 'Look up address' });
    // Typed with separators, without 0x: the answer updates as you type.
    const digits = addr.toString(16);
    await input.fill(digits.slice(0, 4) + '_' + digits.slice(4));
    const result = lookupResult(page);
    await expect.poll(() => result.locator('[data-field="module"]').innerText()).toBe(`libc.so.6+${hex(addr - libcBase)}`);
    expect(await result.locator('[data-field="perms"]').innerText()).toBe('r-xp');
    expect(await result.locator('[data-field="range"]').innerText()).toBe(`${hex(code.begin)}-${hex(code.end)}`);
    expect(await result.locator('[data-field="pathname"]').innerText()).toBe(code.pathname);
    expect(await result.locator('[data-field="offset"]').innerText()).toBe('+0x1d90 into the region');
    expect(await result.locator('[data-field="file-offset"]').innerText()).toBe(`file offset ${hex(code.offset + 0x1d90n)}`);
    await expect.poll(() => selectedBegin(page)).toBe(pad(code.begin));
    // The pin: a line of the alarm colour (#e0115f in the light theme) across the band.
    const pinned = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('.find-overlay')!;
      const data = c.getContext('2d')!.getImageData(0, Math.floor(c.height / 2), c.width, 1).data;
      return Array.from({ length: c.width }, (_, x) => x).filter((x) => data[x * 4] === 0xe0 && data[x * 4 + 1] === 0x11 && data[x * 4 + 2] === 0x5f).length;
    });
    expect(pinned).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'find-lookup-mapped');
    await closeApp(page);
  });

  test('module+offset, an unmapped address with its gap and neighbours, and [vsyscall]', async () => {
    const page = await open('');
    const input = page.getByRole('searchbox', { name: 'Look up address' });
    const result = lookupResult(page);

    await input.fill('libc.so.6+0x29d90');
    const target = libcBase + 0x29d90n;
    const holder = HELLO.find((r) => r.begin <= target && target < r.end)!;
    await expect.poll(() => result.innerText()).toContain(hex(target));
    expect(await result.locator('[data-field="range"]').innerText()).toBe(`${hex(holder.begin)}-${hex(holder.end)}`);
    expect(await result.locator('[data-field="module"]').innerText()).toBe('libc.so.6+0x29d90');

    // The first gap between two regions of the file.
    const i = HELLO.findIndex((r, k) => k + 1 < HELLO.length && r.end < HELLO[k + 1].begin);
    const [below, above] = [HELLO[i], HELLO[i + 1]];
    const inGap = below.end + 0x10n;
    await input.fill(hex(inGap));
    await expect.poll(() => result.locator('[data-field="module"]').innerText()).toBe('unmapped');
    expect(await result.locator('[data-field="gap"]').innerText()).toContain(`gap ${hex(below.end)}-${hex(above.begin)}`);
    expect(await result.locator('[data-field="below"]').innerText()).toMatch(/^0x10 past the end of /);
    expect(await result.locator('[data-field="above"]').innerText()).toMatch(new RegExp(`^${hex(above.begin - inGap)} before `));
    await expect.poll(() => selectedBegin(page)).toBe(null);
    await screenshot(page, 'find-lookup-unmapped');

    // Zoomed in on the start of the file, a lookup at the top of the address space pans there.
    await page.locator('.address-space-map').focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('+');
    await expect.poll(async () => (await visibleWindow(page))[1] < 0xffff_ffff_ff60_0000n).toBe(true);
    await input.fill('0xffffffffff600000');
    await expect.poll(() => result.locator('[data-field="pathname"]').innerText()).toBe('[vsyscall]');
    await expect.poll(async () => {
      const [a, b] = await visibleWindow(page);
      return a <= 0xffff_ffff_ff60_0000n && 0xffff_ffff_ff60_0000n < b;
    }).toBe(true);

    await input.fill('libcx.so+0x10');
    await expect.poll(() => result.innerText()).toContain('no module "libcx.so" in this file');
    await closeApp(page);
  });
});

describe('bulk lookup', () => {
  test('a pasted glibc backtrace of a real process is annotated against that process’s map', async () => {
    const output = readFileSync(new URL('query/backtrace-glibc.txt', FIXTURES), 'utf8');
    const [backtrace, rest] = output.split('--- pointers ---\n');
    const maps = rest.split('--- maps ---\n')[1];
    const page = await openApp(browser, { hash: 'empty' });
    await dropFile(page, 'backtrace.maps', maps);
    await waitForLoaded(page, 'backtrace.maps');
    await page.getByRole('button', { name: 'Bulk lookup…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk lookup' });
    await dialog.getByRole('textbox', { name: /Paste a backtrace/ }).fill(backtrace);
    const frames = backtrace.trimEnd().split('\n');
    await expect.poll(() => dialog.getByRole('status').first().innerText()).toBe(`${frames.length} addresses found, ${frames.length} mapped`);
    // No '#N' frames in backtrace_symbols_fd's lines: every address is listed, grouped by the object it points into.
    const items = await dialog.getByRole('group', { name: 'Annotated addresses' }).locator('li').allInnerTexts();
    expect(items).toHaveLength(frames.length);
    // backtrace_symbols_fd's `(+0xoff)` is the offset from the object's load address: it must be ours.
    frames.forEach((frame) => {
      const m = /^(.*)\((\w*)\+(0x[0-9a-f]+)\)\[(0x[0-9a-f]+)\]$/.exec(frame)!;
      const file = m[1].slice(m[1].lastIndexOf('/') + 1);
      const k = items.findIndex((item) => item.startsWith(m[4]));
      expect(k, frame).toBeGreaterThanOrEqual(0);
      // The module+offset comes from the file's names: isolated between U+2068 and U+2069.
      if (m[2] === '') expect(items[k]).toContain(`\u2068${file}+${m[3]}\u2069 r-xp`);
    });
    const annotated = await dialog.getByRole('textbox', { name: 'Annotated text' }).inputValue();
    expect(annotated.split('\n').filter((l) => !l.startsWith('    -> '))).toEqual(backtrace.split('\n'));
    await dialog.getByRole('button', { name: 'Copy annotated text' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(annotated);
    await screenshot(page, 'find-bulk-lookup');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await closeApp(page);
  });
});

describe('region table', () => {
  test('sorts by a column each way; arrow keys move the selection; a row click selects on the map and a map click in the table', async () => {
    const page = await open('');
    const sizeHeader = grid(page).getByRole('columnheader', { name: /^Size/ });
    await sizeHeader.getByRole('button').click();
    await expect.poll(() => sizeHeader.getAttribute('aria-sort')).toBe('ascending');
    const sizes = HELLO.map((r) => r.end - r.begin);
    const smallest = HELLO.filter((r) => r.end - r.begin === sizes.reduce((a, b) => (a < b ? a : b)));
    const largest = HELLO.filter((r) => r.end - r.begin === sizes.reduce((a, b) => (a > b ? a : b)));
    const firstBegin = () => grid(page).locator('[role="row"][aria-rowindex="2"] [role="gridcell"]').first().innerText();
    await expect.poll(firstBegin).toBe(pad(smallest[0].begin)); // ties in address order
    await sizeHeader.getByRole('button').click();
    await expect.poll(() => sizeHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(firstBegin).toBe(pad(largest[largest.length - 1].begin));
    await screenshot(page, 'find-table-sorted');

    // Keyboard: the grid takes focus; Home selects the first row, ArrowDown the next.
    await grid(page).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => selectedBegin(page)).toBe(pad(largest[largest.length - 1].begin));
    await page.keyboard.press('ArrowDown');
    const second = await grid(page).locator('[role="row"][aria-rowindex="3"] [role="gridcell"]').first().innerText();
    await expect.poll(() => selectedBegin(page)).toBe(second);
    await expect.poll(() => page.getByRole('complementary', { name: 'Region details' }).innerText()).toContain(second);

    // A click on the map selects in the table.
    await page.getByRole('button', { name: 'Clear selection' }).click();
    const box = (await page.locator('.address-space-map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const chosen = await page.getByRole('complementary', { name: 'Region details' }).locator('.details-head .mono').innerText();
    await expect.poll(async () => chosen.includes((await selectedBegin(page)) ?? 'none')).toBe(true);
    await closeApp(page);
  });
});

describe('region table with smaps', () => {
  test('Rss and Pss columns appear, and sort', async () => {
    const text = readFileSync(new URL('c-hello.smaps', SAMPLES), 'utf8');
    // Each record: its header line, then `Rss: N kB` (proc_pid_smaps(5)).
    const records: { begin: bigint; rssKb: number }[] = [];
    for (const line of text.split('\n')) {
      const header = /^([0-9a-f]+)-[0-9a-f]+ /.exec(line);
      if (header) records.push({ begin: BigInt('0x' + header[1]), rssKb: -1 });
      const rss = /^Rss:\s+(\d+) kB$/.exec(line);
      if (rss) records[records.length - 1].rssKb = Number(rss[1]);
    }
    const page = await open('', 'c-hello.smaps');
    const rssHeader = grid(page).getByRole('columnheader', { name: /^Rss/ });
    expect(await grid(page).getByRole('columnheader', { name: /^Pss/ }).count()).toBe(1);
    await rssHeader.getByRole('button').click();
    await rssHeader.getByRole('button').click();
    await expect.poll(() => rssHeader.getAttribute('aria-sort')).toBe('descending');
    const most = Math.max(...records.map((r) => r.rssKb));
    const heaviest = records.filter((r) => r.rssKb === most);
    const first = await grid(page).locator('[role="row"][aria-rowindex="2"] [role="gridcell"]').first().innerText();
    expect(first).toBe(pad(heaviest[heaviest.length - 1].begin));
    await closeApp(page);
  });
});

describe('state in the URL (issue 17: view choices only)', () => {
  test("an older mapscope's bookmark: its query (once run), filter, sort and selection shown once, then gone from the URL and the history", async () => {
    const heap = HELLO.find((r) => r.pathname === '[heap]')!;
    const page = await open(`&q=lib&perm=r-w&sort=size-&sel=${pad(heap.begin)}`);
    const historyLength = await page.evaluate(() => history.length);
    // A link's query is shown, not run, until the user runs it (issue 13).
    const fromLink = page.getByRole('region', { name: 'Search from the link' });
    await expect.poll(() => fromLink.textContent()).toContain('search for lib.');
    expect(await search(page).inputValue()).toBe('');
    await fromLink.getByRole('button', { name: 'Run this search' }).click();
    await expect.poll(() => search(page).inputValue()).toBe('lib');
    expect(await permControl(page, 'Readable').getAttribute('data-state')).toBe('required');
    expect(await permControl(page, 'Writable').getAttribute('data-state')).toBe('excluded');
    const kept = HELLO.filter((r) => r.pathname.includes('lib') && r.perms[0] === 'r' && r.perms[1] !== 'w');
    await expect.poll(() => count(page).innerText()).toBe(`${kept.length} of ${HELLO.length} regions match`);
    expect(await grid(page).getByRole('columnheader', { name: /^Size/ }).getAttribute('aria-sort')).toBe('descending');
    // The heap is selected on the map even though the search leaves it out of the table.
    await expect.poll(() => page.getByRole('complementary', { name: 'Region details' }).locator('h2').innerText()).toBe('[heap]');

    // The file-derived keys left the address bar; a change adds nothing to it or to the history.
    await search(page).fill('libm');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => location.hash)).toBe('#sample=c-hello.maps');
    expect(await page.evaluate(() => history.length)).toBe(historyLength);

    // Reload: the example again, nothing of the old view.
    await page.reload();
    await waitForLoaded(page, 'c-hello.maps');
    expect(await fromLink.count()).toBe(0);
    expect(await search(page).inputValue()).toBe('');
    await closeApp(page);
  });

  test('an older bookmark’s lookup is applied; the scale stays in the URL, the window never goes there', async () => {
    const page = await open('&look=libc.so.6%2B0x29d90&scale=linear');
    await expect.poll(() => lookupResult(page).locator('[data-field="module"]').innerText()).toBe('libc.so.6+0x29d90');
    expect(await page.getByRole('button', { name: 'To scale' }).getAttribute('aria-pressed')).toBe('true');
    await page.locator('.address-space-map').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => location.hash)).toBe('#sample=c-hello.maps&scale=linear');
    await page.reload();
    await waitForLoaded(page, 'c-hello.maps');
    expect(await page.getByRole('button', { name: 'To scale' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('searchbox', { name: 'Look up address' }).inputValue()).toBe('');
    await screenshot(page, 'find-url-restored');
    await closeApp(page);
  });
});

