/**
 * Share and export (issue 17) in headless Chromium: every export format checked against the
 * loaded regions (the CSV and TSV read back by Python's csv module, the SVG by Python's XML
 * parser, the PNG's header decoded); a share link of a 65,530-region file reopened exactly in a
 * fresh browser context that records every request; the address bar and the history free of the
 * file after loading, searching and looking up; screenshots of the Export menu and the Share dialog.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { delimitedLines, formatHex, parseMaps, readInputBytes } from '../../src/internal';
import { hostileMapsBytes } from '../fixtures/hostile/names';
import { baseURL, closeApp, dropFile, launchBrowser, openApp, requests, screenshot, SCREENSHOT_DIR, syntheticMaps, waitForLoaded } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const SAMPLE = new URL('../../public/samples/c-hello.smaps', import.meta.url).pathname;

/** Chooses `label` in the Export menu (and `scope` first, when given); resolves to the saved file's bytes. */
async function exportAs(page: Page, label: string, scope?: RegExp): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const menu = page.getByRole('menu', { name: 'Export' });
  if (scope) await menu.getByRole('menuitemradio', { name: scope }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), menu.getByRole('menuitem', { name: label, exact: true }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

function python(script: string, input: string | Buffer): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
}

const CSV_ROWS = 'import csv,sys,json,io; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))';

describe('export', () => {
  test('CSV, TSV, JSON, Markdown, SVG and PNG of a loaded smaps file match its regions', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const text = readFileSync(SAMPLE, 'utf8');
    await dropFile(page, 'c-hello.smaps', text);
    await waitForLoaded(page, 'c-hello.smaps');
    const table = parseMaps(text, { fileName: 'c-hello.smaps' }).regions;

    // CSV: Python reads it back; each record is the region's, exactly (the writer is tested cell by cell in test/export).
    const csv = await exportAs(page, 'CSV');
    expect(csv.name).toBe('c-hello.csv');
    expect(csv.bytes.toString('utf8')).toBe([...delimitedLines(table, ',')].map((l) => l + '\r\n').join(''));
    const rows = JSON.parse(python(CSV_ROWS, csv.bytes)) as string[][];
    expect(rows.length).toBe(table.length + 1);
    expect(rows[0]).toEqual(expect.arrayContaining(['begin', 'end', 'Rss', 'Pss', 'VmFlags']));
    rows.slice(1).forEach((r, i) => {
      expect(r[1]).toBe(formatHex(table.begin(i)));
      expect(r[2]).toBe(formatHex(table.end(i)));
      expect(Number(r[rows[0].indexOf('Rss')])).toBe(table.get(i).smaps!.fields.Rss);
    });
    const tsv = await exportAs(page, 'TSV');
    expect(tsv.bytes.toString('utf8')).toBe([...delimitedLines(table, '\t')].map((l) => l + '\n').join(''));

    // JSON: the shape of parse --json, every region.
    const json = JSON.parse((await exportAs(page, 'JSON')).bytes.toString('utf8')) as { format: string; regions: { begin: string; end: string; pathname: string | null }[] };
    expect(json.format).toBe('smaps');
    expect(json.regions.map((r) => [r.begin, r.end, r.pathname])).toEqual([...table].map((r) => [formatHex(r.begin), formatHex(r.end), r.pathname]));

    const md = (await exportAs(page, 'Markdown summary')).bytes.toString('utf8');
    expect(md.split('\n')[0]).toBe('## Memory map of `c-hello.smaps`');
    expect(md).toContain(`smaps: ${table.length} regions`);

    // SVG: valid XML (Python's parser), a rect per drawn item at least, the axis labels and the legend.
    const svg = await exportAs(page, 'SVG image');
    await writeFile(join(SCREENSHOT_DIR, 'export-c-hello.svg'), svg.bytes);
    const xml = JSON.parse(
      python(
        'import sys,json,xml.etree.ElementTree as E; r=E.fromstring(sys.stdin.buffer.read()); n="{http://www.w3.org/2000/svg}"; ' +
          'print(json.dumps({"tag": r.tag, "w": r.get("width"), "rects": len(r.findall(".//"+n+"rect")), "texts": [t.text for t in r.iter(n+"text")], "meta": r.find(n+"metadata").text}))',
        svg.bytes,
      ),
    ) as { tag: string; w: string; rects: number; texts: string[]; meta: string };
    expect(xml.tag).toBe('{http://www.w3.org/2000/svg}svg');
    expect(xml.rects).toBeGreaterThan(10);
    expect(xml.texts.some((t) => /^0x[0-9a-f_]+$/.test(t))).toBe(true); // axis labels
    expect(xml.texts.some((t) => t.startsWith('▼ writable + executable'))).toBe(true); // legend
    expect(xml.texts).toContain('libc.so.6'); // a region's name, as the map draws it
    expect(xml.meta).toMatch(/^mapscope view v=1/);

    // PNG: the signature and the IHDR size, twice the map's width.
    const png = (await exportAs(page, 'PNG image')).bytes;
    await writeFile(join(SCREENSHOT_DIR, 'export-c-hello.png'), png);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(2 * Number(xml.w));
    await closeApp(page);
  });

  test('hostile names (invalid UTF-8, controls, bidi, markup): the SVG is valid XML, the CSV one record a region', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const bytes = hostileMapsBytes();
    await dropFile(page, 'hostile.maps', bytes);
    await waitForLoaded(page, 'hostile.maps');
    await page.getByRole('group', { name: 'Colour' }).getByRole('button', { name: 'Module' }).click(); // module colouring: names in the legend too
    const svg = await exportAs(page, 'SVG image');
    const texts = JSON.parse(
      python('import sys,json,xml.etree.ElementTree as E; r=E.fromstring(sys.stdin.buffer.read()); print(json.dumps([t.text for t in r.iter("{http://www.w3.org/2000/svg}text")]))', svg.bytes),
    ) as string[];
    expect(texts.length).toBeGreaterThan(5);
    // No raw control, bidi or invisible character reached the image's text.
    for (const t of texts) expect(t).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
    const table = (await readInputBytes(bytes).then((input) => parseMaps(input.text))).regions;
    const rows = JSON.parse(python(CSV_ROWS, (await exportAs(page, 'CSV')).bytes)) as string[][];
    expect(rows.length).toBe(table.length + 1);
    await closeApp(page);
  });

  test('a filtered export holds the regions the search shows, in address order', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const text = readFileSync(SAMPLE, 'utf8');
    await dropFile(page, 'c-hello.smaps', text);
    await waitForLoaded(page, 'c-hello.smaps');
    await page.getByRole('searchbox', { name: 'Search regions' }).fill('libc');
    const csv = await exportAs(page, 'CSV', /regions the search and filter show/);
    expect(csv.name).toBe('c-hello-filtered.csv');
    const rows = JSON.parse(python(CSV_ROWS, csv.bytes)) as string[][];
    const expected = [...parseMaps(text).regions].filter((r) => r.pathname?.includes('libc')).map((r) => formatHex(r.begin));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.slice(1).map((r) => r[1])).toEqual(expected);
    await closeApp(page);
  });
});

describe('share link', () => {
  test('a 65,530-region file reopens exactly in a fresh context, with its view, and no request but the app’s own files', async () => {
    const text = syntheticMaps(65_530);
    const page = await openApp(browser, { hash: 'empty' });
    await dropFile(page, 'big.maps', text);
    await waitForLoaded(page, 'big.maps', 120_000);
    const table = parseMaps(text).regions;
    const selected = table.get(1000);
    await page.getByRole('searchbox', { name: 'Look up address' }).fill(formatHex(selected.begin));
    await page.keyboard.press('Enter');
    await page.getByRole('searchbox', { name: 'Search regions' }).fill('libc');

    await page.getByRole('button', { name: 'Share link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share link' });
    const field = dialog.getByRole('textbox', { name: 'Share link' });
    await field.waitFor({ timeout: 60_000 });
    const link = await field.inputValue();
    expect(await dialog.getByRole('status').innerText()).toContain(`The link is ${link.length.toLocaleString('en-US')} characters`);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toContain('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    console.log(`share link of ${table.length.toLocaleString('en-US')} regions (${text.length.toLocaleString('en-US')} bytes of text): ${link.length.toLocaleString('en-US')} characters`);
    const csvBefore = await exportAsAfterClose(page);
    await closeApp(page);

    const fresh = await openApp(browser, { hash: new URL(link).hash.slice(1) });
    const info = await waitForLoaded(fresh, 'big.maps', 120_000);
    expect(info.regions).toBe(65_530);
    // The same regions, exactly: the CSV export of the reopened file is the original's.
    expect((await exportAs(fresh, 'CSV')).bytes.equals(csvBefore)).toBe(true);
    // The view: the looked-up address, and the search shown, not run.
    await expect.poll(() => fresh.getByRole('searchbox', { name: 'Look up address' }).inputValue()).toBe(formatHex(selected.begin));
    expect(await fresh.getByRole('region', { name: 'Search from the link' }).innerText()).toContain('libc');
    const origin = new URL(baseURL()).origin;
    for (const r of requests(fresh)) {
      expect(r.method).toBe('GET');
      expect(new URL(r.url).origin).toBe(origin);
      expect(r.postData).toBeNull();
      expect(new URL(r.url).pathname).toMatch(/^\/(index\.html)?$|^\/assets\/[\w.-]+$|^\/samples\/index\.json$/);
    }
    await closeApp(fresh);
  });

  test('a link longer than browsers accept is not offered: the dialog says so and saves the file instead', async () => {
    // Names of random hex (they do not compress): about 3.5 MB of base64url, over the 2 MiB limit.
    const random = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    const lines = Array.from({ length: 40_000 }, (_, i) => {
      const begin = (0x10000000n + BigInt(i) * 0x1000n).toString(16);
      const end = (0x10000000n + BigInt(i + 1) * 0x1000n).toString(16);
      return `${begin}-${end} r--p 00000000 08:01 ${i + 1} /opt/${random(64)}`;
    });
    const text = lines.join('\n') + '\n';
    const page = await openApp(browser, { hash: 'empty' });
    await dropFile(page, 'random.maps', text);
    await waitForLoaded(page, 'random.maps', 120_000);
    await page.getByRole('button', { name: 'Share link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share link' });
    await expect.poll(() => dialog.getByRole('status').innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/longer than browsers accept/);
    expect(await dialog.getByRole('textbox', { name: 'Share link' }).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save the file instead' }).click()]);
    expect(download.suggestedFilename()).toBe('random.maps');
    expect(readFileSync(await download.path(), 'utf8')).toBe(text);
    await closeApp(page);
  });

  test('a link cut short says so, instead of a blank page', async () => {
    const page = await openApp(browser, { hash: 'share=1&name=cut.maps&v=1&data=tZbd$' });
    const error = page.getByRole('alert');
    await expect.poll(() => error.innerText()).toContain('The link’s data is not base64url text: it may have been cut short or changed.');
    await closeApp(page);
  });

  test('after loading, searching and looking up, the address bar and the history hold nothing from the file', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const text = readFileSync(SAMPLE, 'utf8');
    await dropFile(page, 'c-hello.smaps', text);
    await waitForLoaded(page, 'c-hello.smaps');
    const lengthBefore = await page.evaluate(() => history.length);
    await page.getByRole('searchbox', { name: 'Search regions' }).fill('libc');
    await page.getByRole('searchbox', { name: 'Look up address' }).fill('libc.so.6+0x1000');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'To scale' }).click();
    await page.waitForTimeout(600); // longer than any write delay
    const href = await page.evaluate(() => location.href);
    expect(href).toBe(baseURL() + '#scale=linear');
    expect(await page.evaluate(() => history.length)).toBe(lengthBefore);
    expect(await page.evaluate(() => JSON.stringify(history.state))).toBe('null');
    await closeApp(page);
  });
});

/** The CSV export of the page's file (closing the Share dialog first). */
async function exportAsAfterClose(page: Page): Promise<Buffer> {
  await page.getByRole('dialog', { name: 'Share link' }).getByRole('button', { name: 'Close' }).click();
  return (await exportAs(page, 'CSV')).bytes;
}

describe('screenshots', () => {
  const HOME_MAPS = readFileSync(new URL('../../public/samples/c-hello.maps', import.meta.url), 'utf8').replace(/\/tmp\/demo\/hello/g, '/home/alice/src/demo/hello');
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      test(`Export menu and Share dialog, ${colorScheme}, ${viewport.width}×${viewport.height}`, async () => {
        const page = await openApp(browser, { hash: 'empty', colorScheme, viewport });
        await dropFile(page, 'alice-hello.maps', HOME_MAPS);
        await waitForLoaded(page, 'alice-hello.maps');
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menu', { name: 'Export' }).waitFor();
        await screenshot(page, `share-export-menu-${colorScheme}-${viewport.width}`);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Share link' }).click();
        const dialog = page.getByRole('dialog', { name: 'Share link' });
        await dialog.getByRole('textbox', { name: 'Share link' }).waitFor();
        const preview = await dialog.getByRole('region', { name: 'What will be shared' }).innerText();
        expect(preview).toContain('/home/user1/src/demo/hello');
        expect(preview).not.toContain('alice');
        await screenshot(page, `share-dialog-${colorScheme}-${viewport.width}`);
        await closeApp(page);
      });
    }
  }
});
