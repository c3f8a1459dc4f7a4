/**
 * Numbers a kernel engineer can trust (issue 18 points 1, 6, 8, 9, 10), in headless Chromium on
 * captures made here: a Python process whose zlib module is followed by anonymous memory, the
 * bundled C example's thread stack, a real `thread apply all bt` from gdb, this machine's
 * smaps_rollup, kernel-space and [heap] lookups. Expected values are read from the raw text.
 * Screenshots: test-results/screenshots/numbers-*.png (1280×720 and 1920×1080, light and dark).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, unexpectedErrors, waitForLoaded } from './harness';

const FIXTURES = new URL('../fixtures/', import.meta.url);
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** Screenshots of the page as it is now at both sizes, light, then dark (the scheme is the context's). */
async function screenshots(page: Page, name: string, scheme: 'light' | 'dark'): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await screenshot(page, `numbers-${name}-${size.width}x${size.height}-${scheme}`);
  }
}

/** `start-end perms … path` lines read with a regex. */
function rawRegions(text: string): { begin: bigint; end: bigint; perms: string; pathname: string }[] {
  return text
    .split('\n')
    .map((l) => /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+ *(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), perms: m[3], pathname: m[4].trimEnd() }));
}

const lookup = (page: Page) => page.getByRole('searchbox', { name: 'Look up address' });
const lookupResult = (page: Page) => page.getByRole('status', { name: 'Lookup result' });

describe('point 1: a module is its file, not the anonymous memory the kernel merged with its .bss', () => {
  test('a Python process: the Modules panel sizes the module by its file; a pointer into the region after it is anonymous, may start with its .bss', async () => {
    const out = execFileSync('python3', [fileURLToPathSafe(new URL('analyze/python-bss-neighbour.py', FIXTURES))], { encoding: 'utf8' });
    const path = /^module\t(.*)\n/.exec(out)![1];
    const maps = out.slice(out.indexOf('\n') + 1);
    const raw = rawRegions(maps);
    const own = raw.filter((r) => r.pathname === path);
    const after = raw.find((r) => r.begin === own[own.length - 1].end)!;
    expect([after.pathname, after.perms]).toEqual(['', 'rw-p']);
    const name = path.slice(path.lastIndexOf('/') + 1);
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openApp(browser, { hash: 'empty', colorScheme: scheme });
      await dropFile(page, 'python.maps', maps);
      await waitForLoaded(page, 'python.maps');
      await page.getByRole('tab', { name: /^Modules/ }).click();
      const row = page.getByRole('table', { name: 'Modules' }).getByRole('row').filter({ hasText: name });
      const size = own.reduce((sum, r) => sum + (r.end - r.begin), 0n);
      await expect.poll(() => row.first().innerText(), { timeout: 30_000 }).toContain(formatSize(size));
      await lookup(page).fill(`0x${(after.begin + (after.end - after.begin) / 2n).toString(16)}`);
      await expect.poll(() => lookupResult(page).locator('[data-field="module"]').innerText()).toBe(`anonymous (may start with ${name}'s .bss)`);
      expect(await lookupResult(page).locator('[data-field="file-offset"]').count()).toBe(0);
      await screenshots(page, 'python-zlib', scheme);
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});

describe('point 6: thread stacks are a kind', () => {
  test('kind:thread-stack finds the C example’s thread stack, the 8 MiB region right above its guard page', async () => {
    const text = readFileSync(new URL('../../public/samples/c-hello.maps', import.meta.url), 'utf8');
    const raw = rawRegions(text);
    const stack = raw.find((r, i) => i > 0 && raw[i - 1].perms === '---p' && raw[i - 1].end === r.begin && r.perms === 'rw-p' && r.pathname === '')!;
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openApp(browser, { hash: 'sample=c-hello.maps', colorScheme: scheme });
      await waitForLoaded(page, 'c-hello.maps');
      await page.getByRole('searchbox', { name: 'Search regions' }).fill('kind:thread-stack');
      await expect.poll(() => page.getByText(/^[\d,]+ of [\d,]+ regions match$/).innerText()).toBe(`1 of ${raw.length} regions match`);
      await lookup(page).fill(`0x${(stack.end - 0x100n).toString(16)}`);
      await expect.poll(() => page.getByRole('complementary', { name: 'Region details' }).innerText()).toContain('thread-stack');
      await screenshots(page, 'thread-stack', scheme);
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});

describe('point 8: Bulk lookup of a real gdb backtrace lists the frames first', () => {
  test('thread apply all bt of a 5-thread process started now: frames under each thread, then the other addresses grouped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapscope-e2e-bt-'));
    let bt = '';
    let maps = '';
    try {
      const bin = join(dir, 'bt-threads');
      const cc = spawnSync('gcc', ['-O0', '-g', '-pthread', '-o', bin, fileURLToPathSafe(new URL('query/bt-threads.c', FIXTURES))], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
      try {
        await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
        maps = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
        bt = spawnSync('gdb', ['-q', '-nx', '-batch', '-p', String(child.pid), '-ex', 'thread apply all bt'], { encoding: 'utf8', timeout: 60_000 }).stdout;
      } finally {
        child.stdin.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const frames = bt.split('\n').filter((l) => /^#\d+\s+0x[0-9a-f]+ in /.test(l));
    const threads = bt.split('\n').filter((l) => /^Thread \d+ /.test(l));
    expect(threads).toHaveLength(5);
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openApp(browser, { hash: 'empty', colorScheme: scheme });
      await dropFile(page, 'bt-threads.maps', maps);
      await waitForLoaded(page, 'bt-threads.maps');
      await page.getByRole('button', { name: 'Bulk lookup…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Bulk lookup' });
      await dialog.getByRole('textbox', { name: /Paste a backtrace/ }).fill(bt);
      await expect.poll(() => dialog.getByRole('status').first().innerText(), { timeout: 30_000 }).toMatch(new RegExp(`: ${frames.length} frames in 5 backtraces, \\d+ other$`));
      const results = dialog.getByRole('group', { name: 'Annotated addresses' });
      // The first list is the first thread's frames, in order; each frame's pc is found once.
      const first = results.getByRole('list').first();
      expect(await first.getAttribute('aria-label')).toBe(`Frames of ${threads[0]}`);
      const items = await first.locator('li').allInnerTexts();
      const expected = frames.slice(0, items.length).map((f) => /0x[0-9a-f]+/.exec(f)![0]);
      expect(items.map((t) => /0x[0-9a-f]+/.exec(t)![0])).toEqual(expected);
      expect(await results.getByRole('heading', { name: 'Other addresses' }).count()).toBe(1);
      // NULL is no address: no item says 0x0.
      expect((await results.locator('li').allTextContents()).some((t) => /(^|#\d+)0x0\b/.test(t))).toBe(false);
      await screenshots(page, 'bulk-gdb', scheme);
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});

describe('point 9: smaps_rollup is totals', () => {
  test('this machine’s smaps_rollup: the totals, Rss and Pss with their exact bytes, and no map of a 128 TiB region', async () => {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const kB = (key: string) => BigInt(new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text)![1]) * 1024n;
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openApp(browser, { hash: 'empty', colorScheme: scheme });
      await dropFile(page, 'smaps_rollup', text);
      await waitForLoaded(page, 'smaps_rollup');
      const totals = page.getByRole('region', { name: 'Totals of the process (smaps_rollup)' });
      await totals.waitFor();
      const fields = totals.getByRole('table', { name: 'Every smaps_rollup field' });
      for (const key of ['Rss', 'Pss', 'Pss_Anon', 'Pss_File', 'Swap']) {
        expect(await fields.getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) }).innerText(), key).toContain(kB(key).toString());
      }
      expect(await totals.getByRole('definition').first().innerText()).toBe(formatSize(kB('Rss')));
      expect(await page.getByRole('grid', { name: 'Regions' }).count()).toBe(0);
      await screenshots(page, 'rollup', scheme);
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});

describe('point 10: details', () => {
  test('kernel space beyond the non-canonical hole, and no file offset for [heap]', async () => {
    const text = readFileSync(new URL('../../public/samples/c-hello.maps', import.meta.url), 'utf8');
    const heap = rawRegions(text).find((r) => r.pathname === '[heap]')!;
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openApp(browser, { hash: 'sample=c-hello.maps', colorScheme: scheme });
      await waitForLoaded(page, 'c-hello.maps');
      await lookup(page).fill('0xffffffff81000000');
      await expect.poll(() => lookupResult(page).locator('[data-field="beyond"]').innerText()).toMatch(
        /^kernel space: the kernel half of x86-64, 48-bit virtual addresses \(4-level paging\) starts at 0xffff800000000000, beyond the non-canonical hole/,
      );
      expect(await lookupResult(page).innerText()).not.toContain('[stack]');
      await screenshots(page, 'kernel-space', scheme);
      await lookup(page).fill(`0x${(heap.begin + 0x6010n).toString(16)}`);
      await expect.poll(() => lookupResult(page).locator('[data-field="range"]').innerText()).toBe(`0x${heap.begin.toString(16)}-0x${heap.end.toString(16)}`);
      expect(await lookupResult(page).locator('[data-field="file-offset"]').count()).toBe(0);
      expect(unexpectedErrors(page)).toEqual([]);
      await closeApp(page);
    }
  });
});

/** The app's size text as docs/format.md and format-size.ts describe it: binary units, whole or 1 decimal (2 below 10), from the KiB-truncated value. */
function formatSize(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024n) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024n * 1024n) {
    value >>= 10n;
    unit++;
  }
  const scaled = Number(value) / 1024;
  const digits = Number.isInteger(scaled) ? 0 : scaled < 10 ? 2 : 1;
  const text = scaled.toFixed(digits);
  return `${digits > 0 ? text.replace(/\.?0+$/, '') : text} ${units[unit + 1]}`;
}

function fileURLToPathSafe(url: URL): string {
  return decodeURIComponent(url.pathname);
}
