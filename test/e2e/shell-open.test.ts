/** Every way in: drag-and-drop, the file picker, Ctrl+V, the paste dialog, .gz, several files at once. */
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { diffSnapshots, parseMaps } from '../../src/internal';
import {
  chooseFile,
  closeApp,
  dragEvent,
  dropFile,
  dropFiles,
  launchBrowser,
  openApp,
  pasteText,
  requests,
  screenshot,
  waitForLoaded,
} from './harness';

const SAMPLES = new URL('../../public/samples/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

/** Regions of a kernel-written maps file: one per non-blank line (proc_pid_maps(5)). */
const lineCount = (maps: string) => maps.split('\n').filter((l) => l.trim() !== '').length;
/** Regions of an smaps file: one per header line `start-end perms …`. */
const headerCount = (smaps: string) => smaps.split('\n').filter((l) => /^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][sp] /.test(l)).length;

let browser: Browser;
let child: ChildProcess;
let childMaps: string;

beforeAll(async () => {
  browser = await launchBrowser();
  // A process of our own, so the picker test reads a live kernel's output.
  child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((ok) => setTimeout(ok, 300));
  childMaps = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
});
afterAll(async () => {
  child?.kill();
  await browser?.close();
});

/** Opens the app on the default example and waits for it, so each test starts from a loaded file. */
async function openLoaded(): Promise<Page> {
  const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
  await waitForLoaded(page, 'c-hello.maps');
  return page;
}

describe('drag and drop', () => {
  test('dropping /proc/self/maps of the test runner opens it, and nothing of it leaves the page', async () => {
    const page = await openLoaded();
    const maps = readFileSync('/proc/self/maps', 'utf8');
    await dropFile(page, 'maps', maps);
    const info = await waitForLoaded(page, 'maps');
    expect(info.regions).toBe(lineCount(maps));
    expect(info.format).toBe('/proc/PID/maps');
    // The URL no longer names the example that was open before.
    expect(new URL(page.url()).hash).toBe('');
    // No request carries the file: none is anything but a GET of the app's own files, and no URL
    // holds a pathname of the dropped map.
    const origin = new URL(page.url()).origin;
    const someLine = maps.split('\n').find((l) => l.includes('/'))!;
    const path = someLine.slice(someLine.indexOf('/'));
    for (const r of requests(page)) {
      expect(r.method).toBe('GET');
      expect(r.postData).toBeNull();
      expect(new URL(r.url).origin).toBe(origin);
      expect(decodeURIComponent(r.url)).not.toContain(path);
    }
    await screenshot(page, 'shell-drop-loaded');
    await closeApp(page);
  });

  test('the overlay shows for file drags only, and does not flicker across child elements', async () => {
    const page = await openLoaded();
    const overlay = page.getByText('Drop the file to open it');
    const files = [{ name: 'x.maps', contents: sample('c-hello.maps') }];

    expect(await dragEvent(page, 'dragenter', files, { target: 'main' })).toBe(true);
    await overlay.waitFor();
    await screenshot(page, 'shell-drop-overlay');
    // The pointer moves onto a child: the child's dragenter comes before the parent's dragleave.
    await dragEvent(page, 'dragenter', files, { target: 'header' });
    await dragEvent(page, 'dragleave', files, { target: 'main' });
    expect(await overlay.isVisible()).toBe(true);
    expect(await dragEvent(page, 'dragover', files, { target: 'header' })).toBe(true);
    await dragEvent(page, 'dragleave', files, { target: 'header' });
    await overlay.waitFor({ state: 'detached' });

    // Dragging selected text (no files) is not ours: no overlay, default behaviour kept.
    const prevented = await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'some text');
      const event = new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt });
      document.querySelector('main')!.dispatchEvent(event);
      const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt });
      document.querySelector('main')!.dispatchEvent(over);
      return event.defaultPrevented || over.defaultPrevented;
    });
    expect(prevented).toBe(false);
    expect(await overlay.count()).toBe(0);
    await closeApp(page);
  });

  test('a .gz file is decompressed in the browser', async () => {
    const page = await openLoaded();
    const smaps = sample('c-hello.smaps');
    await dropFile(page, 'c-hello.smaps.gz', gzipSync(smaps));
    const info = await waitForLoaded(page, 'c-hello.smaps.gz');
    expect(info.regions).toBe(headerCount(smaps));
    expect(info.format).toBe('/proc/PID/smaps · gz');
    await screenshot(page, 'shell-drop-gz');
    await closeApp(page);
  });

  test('dropping two files compares them: two different programs still compare, and say how little matched', async () => {
    const page = await openLoaded();
    const a = sample('node20-jit.maps');
    const b = sample('openjdk17-jit.maps');
    await dropFiles(page, [
      { name: 'node.maps', contents: a },
      { name: 'java.maps', contents: b },
    ]);
    const info = await waitForLoaded(page, 'node.maps → java.maps');
    const diff = diffSnapshots(parseMaps(a, { fileName: 'node.maps' }), parseMaps(b, { fileName: 'java.maps' }));
    // The comparison lists the after's regions and the before's removed ones.
    expect(info.regions).toBe(lineCount(b) + diff.removed.length);
    const counts = await page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="changes"]').innerText();
    expect(counts).toBe(`${diff.summary.added.regions} added, ${diff.summary.removed.regions} removed, ${diff.summary.changed.regions} changed`);
    const summary = await page.getByRole('region', { name: 'Comparison' }).innerText();
    expect(summary).toContain(`Matched ${diff.summary.matchedBefore.toLocaleString('en-US')} of ${lineCount(a).toLocaleString('en-US')} regions before`);
    await closeApp(page);
  });
});

describe('file picker', () => {
  test('Open file picks the maps of a process we started', async () => {
    const page = await openLoaded();
    await chooseFile(page, `${child.pid}.maps`, childMaps);
    const info = await waitForLoaded(page, `${child.pid}.maps`);
    expect(info.regions).toBe(lineCount(childMaps));
    expect(info.regions).toBeGreaterThan(20);
    await closeApp(page);
  });
});

describe('paste', () => {
  test('Ctrl+V anywhere loads the clipboard', async () => {
    const page = await openLoaded();
    const text = sample('remarkable-arm32.maps');
    await pasteText(page, text, 'keyboard');
    const info = await waitForLoaded(page, 'pasted text');
    expect(info.regions).toBe(lineCount(text));
    await closeApp(page);
  });

  test('the paste dialog: its text area takes Ctrl+V as typing, Open loads it', async () => {
    const page = await openLoaded();
    await page.getByRole('button', { name: 'Paste…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Paste a memory map' });
    await dialog.waitFor();
    const area = dialog.getByRole('textbox');
    const text = sample('openjdk17-jit.maps');
    await pasteText(page, text, 'keyboard'); // focus is in the text area: a normal paste
    expect(await area.inputValue()).toBe(text);
    expect((await waitForLoaded(page, 'c-hello.maps')).name).toBe('c-hello.maps'); // nothing opened yet
    await screenshot(page, 'shell-paste-dialog');
    await dialog.getByRole('button', { name: 'Open' }).click();
    const info = await waitForLoaded(page, 'pasted text');
    expect(info.regions).toBe(lineCount(text));
    expect(await dialog.isVisible()).toBe(false);
    await closeApp(page);
  });

  test('the paste dialog closes with Escape and opens nothing', async () => {
    const page = await openLoaded();
    await page.getByRole('button', { name: 'Paste…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Paste a memory map' });
    await dialog.getByRole('textbox').fill('garbage');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await waitForLoaded(page, 'c-hello.maps')).name).toBe('c-hello.maps');
    await closeApp(page);
  });
});

describe('examples', () => {
  test('the Example menu switches between the bundled files', async () => {
    const page = await openLoaded();
    const menu = page.getByRole('combobox', { name: 'Example' });
    await menu.selectOption('android-arm64-app.maps');
    const info = await waitForLoaded(page, 'android-arm64-app.maps');
    expect(info.regions).toBe(lineCount(sample('android-arm64-app.maps')));
    expect(new URL(page.url()).hash).toBe('#sample=android-arm64-app.maps');
    await closeApp(page);
  });
});
