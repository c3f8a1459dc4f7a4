/**
 * Hostile names in the browser: the hostile-name corpus (test/fixtures/hostile/) as a pasted
 * file, as smaps, as a real process's /proc/PID/maps, and as the dropped file's own name. Every
 * place a name appears — map labels (canvas fillText, recorded), tooltip, details, table, search
 * results, lookup result, bulk lookup list, annotated and copied text, problems panel, summary,
 * findings, modules, legend, the header — shows it inert (text, never markup) and visibly (control,
 * bidi and format characters as escapes). A trap on `window.__pwned`, a dialog listener, the DOM's
 * own elements and every CSP violation report (page and console) prove nothing ran.
 * Screenshots: test-results/screenshots/harden-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeUtf8Lossless } from '../../src/internal';
import { rawUnsafeChar, unescapeDisplay } from '../fixtures/hostile/inert';
import { buildMapFiles, startLiveHostile } from '../fixtures/hostile/live';
import { formatMapsLine } from '../../src/internal';
import {
  COMBINING_NAME,
  HOSTILE_BAD_LINES,
  HOSTILE_NAMES,
  RTL_NAME,
  SPACES_NAME,
  SPOOF_NAMES,
  hostileMapsBytes,
  hostileRegions,
  hostileSmapsText,
  hugeName,
} from '../fixtures/hostile/names';
import { closeApp, dropFile, dropFiles, launchBrowser, openApp, screenshot, waitForLoaded } from './harness';
import { HOSTILE_TRAP, pageSafety, type PageSafety } from './hostile-trap';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const hex = (v: bigint) => '0x' + v.toString(16);
const grid = (page: Page) => page.getByRole('grid', { name: 'Regions' });
const details = (page: Page) => page.getByRole('complementary', { name: 'Region details' });
const lookupInput = (page: Page) => page.getByRole('searchbox', { name: 'Look up address' });
const lookupResult = (page: Page) => page.getByRole('status', { name: 'Lookup result' });
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search regions' });

/** The file-name part of a path, as the app labels modules. */
function baseName(path: string): string {
  if (path.startsWith('[')) return path;
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Opens the app with the trap installed before any of its scripts. */
async function openTrapped(): Promise<Page> {
  const page = await openApp(browser, { hash: 'empty' });
  await page.addInitScript(HOSTILE_TRAP);
  await page.reload();
  page.on('dialog', (dialog) => {
    (page as unknown as { __dialogs: string[] }).__dialogs ??= [];
    (page as unknown as { __dialogs: string[] }).__dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

/** Nothing ran, nothing was injected, no policy was violated, no dialog opened. */
async function expectNothingRan(page: Page): Promise<PageSafety> {
  const safety = await pageSafety(page);
  expect(safety.pwned, 'window.__pwned was set').toBe(false);
  expect(safety.cspViolations).toEqual([]);
  expect(safety.injected).toEqual([]);
  expect(safety.scripts.every((src) => src.startsWith(new URL(page.url()).origin + '/'))).toBe(true);
  expect((page as unknown as { __dialogs?: string[] }).__dialogs ?? []).toEqual([]);
  return safety;
}

/** Text shown to the user must hold no raw control, bidi or format character. */
function expectInert(text: string, where: string, allowNewlines = false): void {
  const raw = rawUnsafeChar(text, allowNewlines ? (cp) => cp === 0x0a : undefined);
  expect(raw === undefined ? undefined : `U+${raw.codePointAt(0)!.toString(16)} in ${where}: ${JSON.stringify(text.slice(0, 300))}`).toBeUndefined();
}

/** The text of every attribute a person can see or hear (title, aria-*, placeholder, alt) in the page. */
function attributeTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (a.name === 'title' || a.name === 'alt' || a.name === 'placeholder' || a.name.startsWith('aria-')) out.push(a.value);
    }
    return out;
  });
}

/** Selects the region starting at `begin` through the lookup, fits the map to it, and returns. */
async function selectAndFit(page: Page, begin: bigint): Promise<void> {
  await lookupInput(page).fill(hex(begin + 0x10n));
  await lookupInput(page).press('Enter');
  const row = grid(page).locator('[role="row"]').filter({ hasText: begin.toString(16).padStart(8, '0') }).first();
  await row.click();
  await page.locator('.address-space-map').focus();
  await page.keyboard.press('f');
}

describe('the hostile-name corpus, in every place a name appears', () => {
  test('maps with invalid UTF-8 and bad lines: map labels, tooltip, details, table, search, lookup, bulk lookup, copied text, problems, summary, findings, modules, legend', async () => {
    const page = await openTrapped();
    await dropFile(page, 'hostile.maps', hostileMapsBytes({ badLines: true }));
    const info = await waitForLoaded(page, 'hostile.maps');
    expect(info.regions).toBe(HOSTILE_NAMES.length + 5 + 4);
    await grid(page).waitFor();
    const regions = hostileRegions();
    const at = (id: string) => HOSTILE_NAMES.findIndex((n) => n.id === id);

    // Map labels, tooltip and details of a few names, each fitted to fill the map.
    await page.getByRole('group', { name: 'Colour' }).getByRole('button', { name: 'Module' }).click();
    for (const id of ['rlo', 'osc8-link', 'zero-width', 'img-onerror', 'c1', 'long-cjk']) {
      const i = at(id);
      await selectAndFit(page, regions[i].begin);
      const name = HOSTILE_NAMES[i].name;
      // Region details show the first 400 characters (the full name one click away).
      await expect.poll(async () => unescapeDisplay(await details(page).textContent() ?? ''), { message: id }).toContain(name.slice(0, 400));
      expectInert((await details(page).textContent())!, `details of ${id}`);
      const box = (await page.locator('.address-space-map canvas').first().boundingBox())!;
      // The map shows its tooltip on pointer movement (and not while the fit animates): keep moving.
      const tip = page.getByRole('tooltip');
      let dx = 0;
      await expect
        .poll(
          async () => {
            await page.mouse.move(box.x + box.width / 2 + (dx++ % 2) * 2, box.y + box.height / 2);
            return (await tip.count()) === 0 ? '' : unescapeDisplay((await tip.textContent()) ?? '');
          },
          { message: `tooltip of ${id}` },
        )
        .toContain(baseName(name).slice(0, 200));
      expectInert((await tip.textContent())!, `tooltip of ${id}`);
      if (id === 'rlo') await screenshot(page, 'harden-hostile-rlo');
      // The label drawn on the canvas: the module name, escaped.
      const drawn = await page.evaluate(() => [...(window as unknown as { __drawnText: Set<string> }).__drawnText]);
      if (id !== 'long-cjk') expect(drawn.map(unescapeDisplay), `label of ${id}`).toContain(baseName(name));
      await page.mouse.move(0, 0);
    }

    // The table: every name, escaped, in its rows and titles (scrolled through: it is virtual).
    const shownPaths = new Set<string>();
    const body = grid(page); // the grid scrolls (its header sticks)
    await body.evaluate((el) => (el.scrollTop = 0));
    for (let step = 0; step < 30; step++) {
      for (const t of await grid(page).locator('[role="row"] [role="gridcell"]:nth-child(8)').allTextContents()) shownPaths.add(t);
      await body.evaluate((el) => (el.scrollTop += 100));
    }
    for (const t of shownPaths) expectInert(t, 'table');
    const tableNames = [...shownPaths].map(unescapeDisplay);
    // A cell shows the first NAME_CHARS.short characters (then "… (N more characters)").
    for (const n of HOSTILE_NAMES) expect(tableNames.some((t) => t === n.name || t.startsWith(n.name.slice(0, 300) + '… (')), `table row of ${n.id}`).toBe(true);
    for (const { title } of await grid(page).locator('[role="gridcell"][title]').evaluateAll((els) => els.map((e) => ({ title: e.getAttribute('title')! })))) expectInert(title, 'a table title');

    // Search: words from hostile names find them; the results are escaped.
    for (const [query, id] of [['gnp', 'rlo'], ['onerror', 'img-onerror'], ['red', 'ansi-colour'], ['PRIVATE', 'marker']] as const) {
      await search(page).fill(query);
      const rows = grid(page).locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
      await expect.poll(async () => (await rows.allTextContents()).map(unescapeDisplay).join('\n'), { message: query }).toContain(HOSTILE_NAMES[at(id)].name.slice(0, 200));
      for (const t of await rows.allTextContents()) expectInert(t, `search results for ${query}`);
    }
    await search(page).fill('');

    // Lookup: each name as the result.
    for (const [i, n] of HOSTILE_NAMES.entries()) {
      await lookupInput(page).fill(hex(regions[i].begin + 0x42n));
      await expect.poll(async () => unescapeDisplay(await lookupResult(page).textContent() ?? ''), { message: n.id }).toContain(n.name.slice(0, 300));
      expectInert((await lookupResult(page).textContent())!, `lookup of ${n.id}`);
    }
    await screenshot(page, 'harden-hostile-lookup');
    await lookupInput(page).fill('');

    // Bulk lookup: a backtrace through every hostile region; list, annotated text, clipboard.
    const backtrace = regions.map((r, i) => `#${i}  ${hex(r.begin + 0x42n)} in f${i} () from ${HOSTILE_NAMES[i].id}`).join('\n');
    await page.getByRole('button', { name: 'Bulk lookup…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk lookup' });
    await dialog.getByRole('textbox', { name: /Paste a backtrace/ }).fill(backtrace);
    await expect.poll(() => dialog.getByRole('status').first().innerText()).toBe(`${regions.length} addresses found, ${regions.length} mapped: ${regions.length} frames in 1 backtrace, 0 other`);
    // Annotations isolate each name between U+2068 and U+2069 (FIRST STRONG ISOLATE … POP DIRECTIONAL
    // ISOLATE): the only format characters allowed there, and each name sits between a pair.
    const isolates = (cp: number) => cp === 0x2068 || cp === 0x2069;
    const items = await dialog.getByRole('group', { name: 'Annotated addresses' }).locator('li').allTextContents();
    for (const t of items) expect(rawUnsafeChar(t, isolates), 'bulk lookup list').toBeUndefined();
    const annotated = await dialog.getByRole('textbox', { name: 'Annotated text' }).inputValue();
    expect(rawUnsafeChar(annotated, (cp) => cp === 0x0a || isolates(cp)), 'annotated text').toBeUndefined();
    for (const n of HOSTILE_NAMES) expect(annotated.split('\u2068').map((part) => unescapeDisplay(part.split('\u2069')[0]))).toContain(n.name);
    await dialog.getByRole('button', { name: 'Copy annotated text' }).click();
    await dialog.getByText('Copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(annotated);
    await screenshot(page, 'harden-hostile-bulk');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The problems panel: each bad line's text, escaped.
    await page.getByRole('button', { name: /lines? could not be read/ }).click();
    const panel = page.getByRole('region', { name: 'Problems in hostile.maps' });
    await panel.waitFor();
    const problems = (await panel.textContent())!;
    expectInert(problems, 'problems panel');
    for (const bad of HOSTILE_BAD_LINES) expect(unescapeDisplay(problems)).toContain(bad.slice(0, 40));
    await screenshot(page, 'harden-hostile-problems');
    await page.getByRole('button', { name: 'Close problems' }).click();

    // Understand: summary by module, findings (every fourth hostile region is rwx), modules.
    const understand = page.getByRole('complementary', { name: 'Understand' });
    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'Module' }).click();
    expectInert((await understand.textContent())!, 'summary by module');
    await page.getByRole('tab', { name: /^Findings/ }).click();
    const findings = page.getByRole('list', { name: 'Findings' });
    await findings.waitFor();
    const findingsText = (await findings.textContent())!;
    expectInert(findingsText, 'findings');
    expect(unescapeDisplay(findingsText)).toContain(baseName(HOSTILE_NAMES[3].name));
    await screenshot(page, 'harden-hostile-findings');
    await page.getByRole('tab', { name: /^Modules/ }).click();
    await page.getByRole('table', { name: 'Modules' }).waitFor();
    expectInert((await understand.textContent())!, 'modules');

    // The legend, every attribute, the whole page's text, and everything drawn on a canvas.
    expectInert((await page.getByLabel('Legend').textContent()) ?? '', 'legend');
    for (const a of await attributeTexts(page)) expectInert(a, 'an attribute', true);
    expectInert((await page.locator('body').textContent())!, 'the page', true);
    const drawn = await page.evaluate(() => [...(window as unknown as { __drawnText: Set<string> }).__drawnText]);
    expect(drawn.length).toBeGreaterThan(10);
    for (const t of drawn) expectInert(t, 'canvas text');
    await expectNothingRan(page);
    await closeApp(page);
  });

  test('smaps: region details with smaps fields', async () => {
    const page = await openTrapped();
    await dropFile(page, 'hostile.smaps', hostileSmapsText());
    expect((await waitForLoaded(page, 'hostile.smaps')).format).toBe('/proc/PID/smaps');
    const regions = hostileRegions();
    for (const i of [8, 12, 13]) {
      await selectAndFit(page, regions[i].begin);
      await expect.poll(async () => unescapeDisplay(await details(page).textContent() ?? '')).toContain(HOSTILE_NAMES[i].name);
      expectInert((await details(page).textContent())!, `smaps details of ${HOSTILE_NAMES[i].id}`);
    }
    expectInert((await page.locator('body').textContent())!, 'the page', true);
    for (const a of await attributeTexts(page)) expectInert(a, 'an attribute', true);
    await expectNothingRan(page);
    await closeApp(page);
  });

  test('a file with a hostile name of its own: the header and every message show it escaped', async () => {
    const page = await openTrapped();
    for (const fileName of ['evil\u202egnp.maps', '<img src=x onerror="window.__pwned=1">.maps', '\u001b]0;title\u0007x.maps']) {
      await dropFile(page, fileName, hostileMapsBytes());
      const shown = page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="name"]');
      await expect.poll(async () => unescapeDisplay((await shown.textContent()) ?? '')).toBe(fileName);
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      expectInert((await page.locator('body').textContent())!, `the page with ${JSON.stringify(fileName)}`, true);
      for (const a of await attributeTexts(page)) expectInert(a, 'an attribute', true);
      expectInert(await page.title(), 'the document title');
    }
    await screenshot(page, 'harden-hostile-file-name');
    // Two files at once are compared: the header names both, escaped, and so does every text of the comparison.
    const second = '\u001b[31mred\u001b[0m\u202e.maps';
    await dropFiles(page, [
      { name: 'first\u2066.maps', contents: hostileMapsBytes() },
      { name: second, contents: hostileMapsBytes() },
    ]);
    const shownName = page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="name"]');
    await expect.poll(async () => unescapeDisplay((await shownName.textContent()) ?? '')).toBe(`first\u2066.maps → ${second}`);
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    expectInert((await page.locator('body').textContent())!, 'the page with the comparison', true);
    for (const a of await attributeTexts(page)) expectInert(a, 'an attribute', true);
    // Not a memory map: the error message names the file too.
    await dropFile(page, 'x\u202e.png', '\u0089PNG\r\n\u001a\n' + 'x'.repeat(100));
    await page.getByRole('alert').waitFor();
    expectInert((await page.locator('body').textContent())!, 'the error page', true);
    await expectNothingRan(page);
    await closeApp(page);
  });
});

// gcc is a test requirement (test/e2e/ensure-tools.sh installs it): this never skips.
describe('a real process that maps files with hostile names', () => {
  const work = mkdtempSync(join(tmpdir(), 'mapscope-e2e-hostile-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('its /proc/PID/maps, read now, shows every name escaped', async () => {
    const live = await startLiveHostile(buildMapFiles(work), join(work, 'files'));
    let maps: Buffer;
    try {
      maps = live.maps();
    } finally {
      await live.stop();
    }
    const page = await openTrapped();
    await dropFile(page, 'maps', maps);
    await waitForLoaded(page, 'maps');
    await grid(page).waitFor();
    for (const n of live.names.filter((x) => ['rlo', 'osc-title', 'c1', 'lone-ff'].includes(x.id))) {
      const line = maps.toString('latin1').split('\n').find((l) => l.endsWith(n.shown.toString('latin1')))!;
      const begin = BigInt('0x' + line.slice(0, line.indexOf('-')));
      await lookupInput(page).fill(hex(begin));
      // The app shows each byte that is not UTF-8 as \xNN (unescapeDisplay turns it back into U+DC80–U+DCFF, as the decoder keeps it).
      const expected = decodeUtf8Lossless(n.shown).text;
      await expect.poll(async () => unescapeDisplay(await lookupResult(page).textContent() ?? ''), { message: n.id }).toContain(expected);
      expectInert((await lookupResult(page).textContent())!, `lookup of ${n.id}`);
    }
    expectInert((await page.locator('body').textContent())!, 'the page', true);
    for (const a of await attributeTexts(page)) expectInert(a, 'an attribute', true);
    await screenshot(page, 'harden-hostile-live');
    await expectNothingRan(page);
    await closeApp(page);
  });
});

/** Screenshots `<name>-<width>-<scheme>.png` at 1280×720 and 1920×1080, light and dark; `settle` runs before each. */
async function screenshots(page: Page, name: string, settle: () => Promise<unknown> = async () => undefined): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize(size);
      await settle();
      await screenshot(page, `${name}-${size.width}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A maps file of `names`, one region each (the corpus's layout). */
function mapsOf(names: readonly string[]): string {
  return hostileRegions(names).map((r) => formatMapsLine(r)).join('\n') + '\n';
}

/** Counts main-thread tasks of 200 ms and more (PerformanceObserver 'longtask'), from before the app's scripts. */
const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
`;

describe('searches from links and from the keyboard (issue 13)', () => {
  const linkQuery = (page: Page) => page.getByRole('region', { name: 'Search from the link' });
  const matchCount = (page: Page) => page.getByText(/^[\d,]+ of [\d,]+ regions match$/);

  test('a link with a catastrophic regex: shown, not run, the tab answers; run on request, it ends at once', async () => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps&q=/%5E(.%2B)%2B!$/' });
    await page.addInitScript(LONG_TASKS);
    await page.reload(); // a new document, as a link opens: the observer runs before the app
    const info = await waitForLoaded(page, 'c-hello.maps');
    await linkQuery(page).waitFor();
    expect(await linkQuery(page).textContent()).toContain('/^(.+)+!$/');
    expect(await linkQuery(page).textContent()).toContain('It has not run');
    // Not run: the box is empty and every region is listed.
    expect(await search(page).inputValue()).toBe('');
    await expect.poll(() => matchCount(page).textContent()).toBe(`${info.regions} of ${info.regions} regions match`);
    // The query left the URL (issue 17: nothing from a link's view stays in the address bar).
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#sample=c-hello.maps');
    await screenshots(page, 'harden-link-query');
    // The tab answers: a click on the table selects a row.
    await grid(page).locator('[role="row"][aria-rowindex="2"]').click();
    await details(page).locator('h2').waitFor();
    await linkQuery(page).getByRole('button', { name: 'Run this search' }).click();
    expect(await search(page).inputValue()).toBe('/^(.+)+!$/');
    await expect.poll(() => matchCount(page).textContent()).toBe(`0 of ${info.regions} regions match`);
    expect(await linkQuery(page).count()).toBe(0);
    console.log(`link with /^(.+)+!$/: main-thread tasks ≥ 50 ms during load and search: ${JSON.stringify(await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks))}`);
    await closeApp(page);
    // Opened again: Dismiss drops it, nothing runs.
    const again = await openApp(browser, { hash: 'sample=c-hello.maps&q=/%5E(.%2B)%2B!$/' });
    await waitForLoaded(again, 'c-hello.maps');
    await linkQuery(again).getByRole('button', { name: 'Dismiss' }).click();
    expect(await linkQuery(again).count()).toBe(0);
    expect(await search(again).inputValue()).toBe('');
    await closeApp(again);
  });

  test('typed: /(x+x+)+y/ over a 100,000-x name answers (RE2: linear time); a backreference or lookaround gets a message', async () => {
    const page = await openTrapped();
    // JavaScript's RegExp takes ~2^n steps here: 28 x took 4 s, 100,000 would never end.
    await dropFile(page, 'x.maps', mapsOf(['/tmp/' + 'x'.repeat(28), '/tmp/' + 'x'.repeat(100_000), '/usr/lib/libc.so.6']));
    await waitForLoaded(page, 'x.maps');
    await search(page).fill('/(x+x+)+y/');
    await expect.poll(() => matchCount(page).textContent()).toBe('0 of 3 regions match');
    await search(page).fill(String.raw`/^\/tmp\/(x+x+)+$/`);
    await expect.poll(() => matchCount(page).textContent()).toBe('2 of 3 regions match');
    for (const [query, message] of [
      ['/(x)\\1/', /backreferences such as \\1 are not supported: searches use a linear-time engine \(RE2\)/],
      ['/lib(?=c)/', /lookahead \(\?= and \(\?! is not supported/],
      ['/(?<=lib)c/', /lookbehind \(\?<= and \(\?<! is not supported/],
    ] as const) {
      await search(page).fill(query);
      await expect.poll(() => page.getByRole('alert').textContent(), { message: query }).toMatch(message);
    }
    await screenshots(page, 'harden-regex-message');
    await expectNothingRan(page);
    await closeApp(page);
  });
});

describe('names that spoof, reorder, collapse or overflow (issue 13)', () => {
  test('each spoofing case shows its escape; RTL names isolated; spaces kept; combining marks clipped', async () => {
    const page = await openTrapped();
    const names = [...SPOOF_NAMES.map((n) => n.name), RTL_NAME, SPACES_NAME, COMBINING_NAME];
    await dropFile(page, 'spoof.maps', mapsOf(names));
    await waitForLoaded(page, 'spoof.maps');
    const regions = hostileRegions(names);
    for (const [i, n] of SPOOF_NAMES.entries()) {
      await lookupInput(page).fill(hex(regions[i].begin + 0x10n));
      const path = lookupResult(page).locator('[data-field="pathname"]');
      await expect.poll(() => path.textContent(), { message: n.id }).toContain(n.escaped);
      expect(unescapeDisplay((await path.textContent())!), n.id).toBe(n.name);
    }
    // The literal escape and the real character never look the same.
    const shown = new Map<string, string>();
    for (const [i, n] of SPOOF_NAMES.entries()) {
      await lookupInput(page).fill(hex(regions[i].begin + 0x10n));
      await expect.poll(async () => unescapeDisplay((await lookupResult(page).locator('[data-field="pathname"]').textContent()) ?? '')).toBe(n.name);
      shown.set(n.id, (await lookupResult(page).locator('[data-field="pathname"]').textContent())!);
    }
    expect(shown.get('literal-esc')).not.toBe(shown.get('real-esc'));
    expect(shown.get('literal-zwsp')).not.toBe(shown.get('real-zwsp'));
    // RTL: isolated in a <bdi>, so the address before it and the words after it keep their order.
    const rtl = SPOOF_NAMES.length;
    await lookupInput(page).fill(hex(regions[rtl].begin + 0x10n));
    const rtlPath = lookupResult(page).locator('[data-field="pathname"] bdi');
    await expect.poll(() => rtlPath.textContent()).toBe(RTL_NAME);
    expect(await rtlPath.getAttribute('dir')).toBe('auto');
    // Repeated spaces: the rendered text (innerText follows CSS) keeps them, in the lookup and the table.
    await lookupInput(page).fill(hex(regions[rtl + 1].begin + 0x10n));
    await expect.poll(() => lookupResult(page).locator('[data-field="pathname"]').innerText()).toBe(SPACES_NAME);
    const cell = grid(page).locator('[role="gridcell"] bdi').filter({ hasText: 'spaces' });
    // The cell lays out the directory and the file name as two boxes (a line break between them in innerText).
    expect((await cell.innerText()).replace('/\n', '/')).toBe(SPACES_NAME);
    await lookupInput(page).fill('');
    // Combining marks: each box that holds a name clips what is drawn outside it.
    await selectAndFit(page, regions[rtl + 2].begin);
    const zalgo = grid(page).locator('[role="row"][aria-selected="true"] [role="gridcell"]').filter({ hasText: 'lgo.so' });
    expect(await zalgo.evaluate((el) => getComputedStyle(el).overflow)).toBe('hidden');
    expect(await details(page).locator('.details-path').first().evaluate((el) => getComputedStyle(el).overflow)).toBe('hidden');
    await lookupInput(page).fill(hex(regions[0].begin + 0x10n));
    await screenshots(page, 'harden-spoof');
    await expectNothingRan(page);
    await closeApp(page);
  });

  test('a 1,000,000-character name: a bounded tooltip, a cut path, the full name in a bounded box, copied exactly', async () => {
    const page = await openTrapped();
    const huge = hugeName();
    await dropFile(page, 'huge.maps', mapsOf(['/usr/lib/libc.so.6', huge, '[heap]']));
    await waitForLoaded(page, 'huge.maps');
    const begin = hostileRegions(['/usr/lib/libc.so.6', huge])[1].begin;
    await selectAndFit(page, begin);
    // The tooltip: bounded by the window whatever the name (it was 630,776 px tall).
    const box = (await page.locator('.address-space-map canvas').first().boundingBox())!;
    const tip = page.getByRole('tooltip');
    let dx = 0;
    await expect
      .poll(async () => {
        await page.mouse.move(box.x + box.width / 2 + (dx++ % 2) * 2, box.y + box.height / 2);
        return tip.count();
      })
      .toBe(1);
    const tipBox = (await tip.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(tipBox.height).toBeLessThanOrEqual(viewport.height);
    expect(tipBox.width).toBeLessThanOrEqual(480);
    expect(await tip.textContent()).toContain('more characters)');
    await page.mouse.move(0, 0);
    // Region details: the first 400 characters, how many more, and the whole name one click away.
    const path = details(page).locator('.details-path').first();
    expect(await path.textContent()).toContain(`… (${(1_000_000 - 400).toLocaleString('en-US')} more characters)`);
    await details(page).getByRole('button', { name: 'Show full name' }).click();
    const full = details(page).getByRole('region', { name: 'Full name' });
    await full.waitFor();
    const fullBox = (await full.boundingBox())!;
    expect(fullBox.height).toBeLessThanOrEqual(240 + 2 * 4 + 2); // .full-name: max-height min(25vh, 240px), padding, border
    expect(await full.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await full.textContent()).toContain(`… (${(1_000_000 - 100_000).toLocaleString('en-US')} more characters)`);
    await details(page).getByRole('button', { name: 'Copy name' }).click();
    await details(page).getByText('Copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.length).toBe(huge.length);
    expect(copied === huge).toBe(true);
    await screenshots(page, 'harden-full-name', () => path.evaluate((el) => el.scrollIntoView({ block: 'start' })));
    await expectNothingRan(page);
    await closeApp(page);
  });
});
