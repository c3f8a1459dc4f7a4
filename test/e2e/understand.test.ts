/**
 * The Understand panel and the smaps overlays in headless Chromium, on real files: the Findings
 * list of a process built and run now to have each finding (lint-process.c) and of a plain one,
 * click-to-filter from the summary chart (by kind, permissions and module), the totals, the module
 * list, the map's Shade switch and the smaps fields of Region details. Expected values come from
 * the raw text of the files or from what the process made, read here — not from src/analyze.
 * Screenshots: test-results/screenshots/understand-*.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildLintProcess, startReporter } from '../analyze/analyze-helpers';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, waitForLoaded } from './harness';

const SAMPLES = new URL('../../public/samples/', import.meta.url);

/** One maps header line read with a regex: proc_pid_maps(5) `start-end perms offset dev inode [path]`. */
interface RawRegion {
  begin: bigint;
  end: bigint;
  perms: string;
  pathname: string;
  /** smaps `Key: N kB` fields of the record under it, in kB. */
  kB: Record<string, number>;
  vmFlags: string[];
}

function rawRegions(text: string): RawRegion[] {
  const out: RawRegion[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) [0-9a-f]+ \S+ \d+ *(.*)$/.exec(line);
    if (m) {
      out.push({ begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), perms: m[3], pathname: m[4].trimEnd(), kB: {}, vmFlags: [] });
      continue;
    }
    const f = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (f && out.length > 0) out[out.length - 1].kB[f[1]] = Number(f[2]);
    const v = /^VmFlags:(.*)$/.exec(line);
    if (v && out.length > 0) out[out.length - 1].vmFlags = v[1].split(' ').filter((x) => x !== '');
  }
  return out;
}

const pad = (v: bigint) => v.toString(16).padStart(8, '0');
const C_HELLO_SMAPS = readFileSync(new URL('c-hello.smaps', SAMPLES), 'utf8');
const HELLO = rawRegions(C_HELLO_SMAPS);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(sample: string): Promise<Page> {
  const page = await openApp(browser, { hash: `sample=${sample}` });
  await waitForLoaded(page, sample);
  await page.getByRole('complementary', { name: 'Understand' }).waitFor();
  return page;
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search regions' });
const count = (page: Page) => page.getByText(/^[\d,]+ of [\d,]+ regions match$/);
const chart = (page: Page) => page.getByRole('group', { name: /^(Virtual size|Rss|Pss|Swap|Regions) by / });
const bar = (page: Page, label: string) => chart(page).getByRole('button', { name: new RegExp(`^${label.replace(/[.+]/g, '\\$&')}: `) });
const details = (page: Page) => page.getByRole('complementary', { name: 'Region details' });

/** Mean luminance (0..255) of the map's canvas, read from its pixels in the page. */
function mapLuma(page: Page): Promise<number> {
  return page.locator('.address-space-map canvas').first().evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    return sum / (data.length / 4);
  });
}

describe('findings', () => {
  const work = mkdtempSync(join(tmpdir(), 'mapscope-understand-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a process made to have each finding: the list names each, says why and when it is normal, and a click selects the region', async () => {
    // gcc is a test requirement (test/e2e/ensure-tools.sh): lint-process.c maps rwx memory, an
    // executable memfd, a deleted dlopen'ed library and a thread stack without a guard page.
    const { bin, lib } = buildLintProcess(work);
    const proc = await startReporter(bin, [lib]);
    let smaps: string;
    try {
      smaps = readFileSync(`/proc/${proc.pid}/smaps`, 'utf8');
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    const rwx = proc.features.get('rwx')!;
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    await waitForLoaded(page, 'c-hello.maps');
    await dropFile(page, 'lint-process.smaps', smaps);
    await waitForLoaded(page, 'lint-process.smaps');
    await tab(page, 'Findings').click();
    const list = page.getByRole('list', { name: 'Findings' });
    const items = list.getByRole('listitem').filter({ has: page.getByRole('heading') });
    await expect.poll(() => items.count()).toBe(5);
    expect(await list.getByRole('heading').allTextContents()).toEqual([
      '⚠Writable and executable memory',
      'ℹExecutable anonymous memory',
      '⚠Executable memfd or deleted file',
      '⚠Library mapped from a deleted file',
      '⚠Thread stack without a guard page',
    ]);
    await expect.poll(() => tab(page, 'Findings').textContent()).toBe('Findings5');
    const wx = items.filter({ hasText: 'Writable and executable memory' });
    expect(await wx.innerText()).toContain('1 region is writable and executable at once (16 KiB).');
    expect(await wx.innerText()).toMatch(/Why it matters\. .*W\^X/);
    expect(await wx.innerText()).toMatch(/When it is normal\. JIT compilers/);
    expect(await items.filter({ hasText: 'Library mapped from a deleted file' }).innerText()).toContain('libmapscope-lint.so');
    // Its one region: the rwx mapping the process reported; a click selects it in the details and the table.
    const region = wx.getByRole('button', { name: new RegExp(`^${pad(rwx.addr)} rwxp anonymous`) });
    await region.click();
    await expect.poll(() => details(page).getByRole('heading', { level: 2 }).innerText()).toBe('anonymous');
    expect(await details(page).innerText()).toContain(`${pad(rwx.addr)}-${pad(rwx.addr + rwx.length)} rwxp`);
    expect(await region.getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'understand-findings');
    await closeApp(page);
  });

  test('c-hello.maps (a plain C program): no findings, and the list says so', async () => {
    const page = await open('c-hello.maps');
    await tab(page, 'Findings').click();
    await page.getByText(/^Nothing unusual/).waitFor();
    expect(await page.getByRole('list', { name: 'Findings' }).getByRole('listitem').count()).toBe(0);
    expect(await tab(page, 'Findings').textContent()).toBe('Findings0');
    await closeApp(page);
  });
});

describe('summary', () => {
  test('totals: mapped size, region count against 65,530 and the largest gap, as the file says', async () => {
    const page = await open('c-hello.smaps');
    const totals = page.getByRole('definition').filter({ hasText: /in \d+ regions?$/ });
    await expect.poll(() => totals.innerText()).toMatch(new RegExp(` in ${HELLO.length} regions$`));
    const text = await page.locator('dl[aria-label="Totals"]').innerText();
    const gates = HELLO.filter((r) => r.pathname === '[vsyscall]').length;
    expect(text).toContain(`${HELLO.length - gates} of 65,530`);
    // The largest gap between two regions (not counting the one up to [vsyscall], in kernel space).
    const sorted = [...HELLO].sort((a, b) => (a.begin < b.begin ? -1 : 1));
    let best = { begin: 0n, end: 0n };
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].pathname === '[vsyscall]') continue;
      if (sorted[i].begin - sorted[i - 1].end > best.end - best.begin) best = { begin: sorted[i - 1].end, end: sorted[i].begin };
    }
    expect(text).toContain(`0x${best.begin.toString(16)}–0x${best.end.toString(16)}`);
    const rssKB = HELLO.reduce((s, r) => s + r.kB.Rss, 0);
    expect(text).toMatch(/Resident\s+Rss /);
    expect(rssKB).toBeGreaterThan(0);
    await closeApp(page);
  });

  test('a click on a bar filters the map and the table to that group, by kind, permissions and module; a second click shows all', async () => {
    const page = await open('c-hello.smaps');
    await expect.poll(() => count(page).innerText()).toBe(`${HELLO.length} of ${HELLO.length} regions match`);

    await bar(page, 'heap').click();
    await expect.poll(() => search(page).inputValue()).toBe('kind:heap');
    await expect.poll(() => count(page).innerText()).toBe(`${HELLO.filter((r) => r.pathname === '[heap]').length} of ${HELLO.length} regions match`);
    expect(await bar(page, 'heap').getAttribute('aria-pressed')).toBe('true');
    await bar(page, 'heap').click();
    await expect.poll(() => search(page).inputValue()).toBe('');
    await expect.poll(() => count(page).innerText()).toBe(`${HELLO.length} of ${HELLO.length} regions match`);

    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'Permissions' }).click();
    await bar(page, 'r-xp').click();
    await expect.poll(() => search(page).inputValue()).toBe('perm:r-xp');
    await expect.poll(() => count(page).innerText()).toBe(`${HELLO.filter((r) => r.perms === 'r-xp').length} of ${HELLO.length} regions match`);

    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'Module' }).click();
    // Keyboard: focus the bar, press Enter.
    await bar(page, 'libc.so.6').focus();
    await page.keyboard.press('Enter');
    const libc = HELLO.filter((r) => r.pathname.endsWith('/libc.so.6'));
    expect(libc.length).toBeGreaterThan(3);
    await expect.poll(() => count(page).innerText()).toBe(`${libc.length} of ${HELLO.length} regions match`);
    expect(await search(page).inputValue()).toBe(`/^${libc[0].pathname.replace(/[/.]/g, '\\$&')}$/`);
    await screenshot(page, 'understand-summary-filter');

    // Measured by Rss: the bars are ordered by Rss, which the file gives per region.
    await page.getByRole('group', { name: 'Measure' }).getByRole('button', { name: 'Rss' }).click();
    const labels = await chart(page).getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.split(':')[0]));
    const rssOf = (name: string) => HELLO.filter((r) => r.pathname.split('/').pop() === name).reduce((s, r) => s + r.kB.Rss, 0);
    for (let i = 1; i < labels.length; i++) expect(rssOf(labels[i - 1])).toBeGreaterThanOrEqual(rssOf(labels[i]));
    await closeApp(page);
  });
});

describe('modules', () => {
  test('the module list: libc.so.6 at its lowest address, with its segments (not the anonymous region after them); a segment click selects it', async () => {
    const page = await open('c-hello.smaps');
    await tab(page, 'Modules').click();
    const table = page.getByRole('table', { name: 'Modules' });
    const libc = HELLO.filter((r) => r.pathname.endsWith('/libc.so.6'));
    const row = table.getByRole('row').filter({ hasText: 'libc.so.6' });
    expect(await row.innerText()).toContain(pad(libc[0].begin));
    await row.getByRole('button', { name: /libc\.so\.6/ }).click();
    const segments = page.getByRole('list', { name: 'Segments of libc.so.6' }).getByRole('button');
    // Every libc region; the anonymous rw-p right after its last one may hold more than its .bss: not listed.
    const last = libc[libc.length - 1];
    const after = HELLO.find((r) => r.begin === last.end);
    expect(after !== undefined && after.pathname === '' && after.perms === 'rw-p' && last.perms === 'rw-p').toBe(true);
    expect(await segments.count()).toBe(libc.length);
    expect(await segments.last().innerText()).toContain(`${pad(last.begin)} rw-p`);
    const text = libc.find((r) => r.perms === 'r-xp')!;
    await segments.filter({ hasText: `${pad(text.begin)} r-xp` }).click();
    await expect.poll(() => details(page).innerText()).toContain(`${pad(text.begin)}-${pad(text.end)} r-xp`);
    await screenshot(page, 'understand-modules');
    await closeApp(page);
  });
});

describe('module rows in the region table', () => {
  test('one row per module: libc.so.6 becomes one row of its regions; a click opens it again', async () => {
    const page = await open('c-hello.smaps');
    const grid = page.getByRole('grid', { name: 'Regions' });
    const rowCount = async () => Number(await grid.getAttribute('aria-rowcount')) - 1;
    expect(await rowCount()).toBe(HELLO.length);
    await tab(page, 'Modules').click();
    await page.getByRole('checkbox', { name: 'One row per module in the region table' }).check();
    // libc: its regions (see the module list test).
    const libc = HELLO.filter((r) => r.pathname.endsWith('/libc.so.6'));
    const count = libc.length;
    const libcRows = grid.getByRole('row').filter({ hasText: 'libc.so.6' });
    await expect.poll(() => libcRows.count()).toBe(1);
    expect(await libcRows.innerText()).toContain(`▸ ${libc[0].pathname} — ${count} regions`);
    expect(await libcRows.innerText()).toContain(pad(libc[0].begin));
    const collapsedCount = await rowCount();
    expect(collapsedCount).toBeLessThan(HELLO.length - (count - 1) + 1);
    await libcRows.click();
    await expect.poll(rowCount).toBe(collapsedCount + count - 1);
    expect(await grid.getByRole('row').filter({ hasText: 'libc.so.6' }).count()).toBe(libc.length);
    await screenshot(page, 'understand-module-rows');
    await page.getByRole('checkbox', { name: 'One row per module in the region table' }).uncheck();
    await expect.poll(rowCount).toBe(HELLO.length);
    await closeApp(page);
  });
});

describe('smaps overlays', () => {
  test('Region details: every smaps field with its explanation, VmFlags codes with their meaning', async () => {
    const page = await open('c-hello.smaps');
    await tab(page, 'Modules').click();
    await page.getByRole('table', { name: 'Modules' }).getByRole('button', { name: /libc\.so\.6/ }).click();
    const text = HELLO.find((r) => r.pathname.endsWith('/libc.so.6') && r.perms === 'r-xp')!;
    await page.getByRole('list', { name: 'Segments of libc.so.6' }).getByRole('button').filter({ hasText: `${pad(text.begin)} r-xp` }).click();
    const fields = details(page).locator('dl[aria-label="smaps fields"]');
    await fields.waitFor();
    const shown = await fields.innerText();
    for (const key of Object.keys(text.kB)) expect(shown).toContain(key);
    expect(shown).toMatch(/Rss\s+\d+(\.\d+)? (KiB|MiB|B)\s+resident set size/);
    expect(shown).toMatch(/Pss\s+.*proportional set size/);
    const flags = details(page).getByRole('list', { name: 'VmFlags' }).getByRole('listitem');
    expect(await flags.allInnerTexts()).toEqual(
      text.vmFlags.map((code) => expect.stringMatching(new RegExp(`^${code} `))),
    );
    expect(await flags.filter({ hasText: /^ex / }).innerText()).toBe('ex executable');
    // Explain: the full sentence under each field and code (proc_pid_smaps(5)'s meaning of Rss, VM_EXEC).
    await details(page).getByRole('button', { name: 'Explain' }).click();
    await expect.poll(() => fields.innerText()).toMatch(/Rss\s+.*\s+How much of the region is in RAM now/);
    expect(await flags.filter({ hasText: /^ex / }).innerText()).toContain('The region can be executed (VM_EXEC).');
    await details(page).scrollIntoViewIfNeeded();
    await fields.scrollIntoViewIfNeeded();
    await screenshot(page, 'understand-smaps-fields');
    await closeApp(page);
  });

  test('an unknown VmFlags code is shown as it is', async () => {
    const edited = C_HELLO_SMAPS.replace(/^VmFlags: rd ex mr mw me/m, 'VmFlags: rd ex mr mw me zq');
    expect(edited).not.toBe(C_HELLO_SMAPS);
    const page = await open('c-hello.maps');
    await dropFile(page, 'edited.smaps', edited);
    await waitForLoaded(page, 'edited.smaps');
    await tab(page, 'Modules').click();
    const first = rawRegions(edited).find((r) => r.vmFlags.includes('zq'))!;
    const name = first.pathname.split('/').pop()!;
    await page.getByRole('table', { name: 'Modules' }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('list', { name: `Segments of ${name}` }).getByRole('button').filter({ hasText: `${pad(first.begin)} ${first.perms}` }).click();
    const flag = details(page).getByRole('list', { name: 'VmFlags' }).getByRole('listitem').filter({ hasText: /^zq/ });
    expect(await flag.innerText()).toBe('zq unknown code');
    await closeApp(page);
  });

  test('the Shade switch: Rss, Pss and Swap with smaps, none without; shading changes the map', async () => {
    const page = await open('c-hello.maps');
    const shade = page.getByRole('group', { name: 'Shade by' });
    expect(await shade.count()).toBe(0);
    await closeApp(page);

    const smaps = await open('c-hello.smaps');
    const group = smaps.getByRole('group', { name: 'Shade by' });
    expect(await group.getByRole('button').allInnerTexts()).toEqual(['Virtual size', 'Rss', 'Pss', 'Swap']);
    expect(await group.getByRole('button', { name: 'Virtual size' }).getAttribute('aria-pressed')).toBe('true');
    const plain = await mapLuma(smaps);
    await group.getByRole('button', { name: 'Rss' }).click();
    expect(await group.getByRole('button', { name: 'Rss' }).getAttribute('aria-pressed')).toBe('true');
    // c-hello.smaps has regions far from resident (an 8 MiB malloc with 8 kB of Rss): shading the
    // part of each region that is not in RAM darkens the map.
    const resident = HELLO.reduce((s, r) => s + r.kB.Rss, 0);
    const size = HELLO.reduce((s, r) => s + r.kB.Size, 0);
    expect(resident).toBeLessThan(size / 2);
    await expect.poll(() => mapLuma(smaps)).toBeLessThan(plain - 10);
    await screenshot(smaps, 'understand-shade-rss');
    // Swap: nothing is swapped out in this file, so every region is shaded in full.
    expect(HELLO.every((r) => r.kB.Swap === 0)).toBe(true);
    await group.getByRole('button', { name: 'Swap' }).click();
    const swapLuma = await mapLuma(smaps);
    expect(swapLuma).toBeLessThan(plain - 10);
    await group.getByRole('button', { name: 'Virtual size' }).click();
    await expect.poll(() => mapLuma(smaps)).toBe(plain);
    await closeApp(smaps);
  });
});
