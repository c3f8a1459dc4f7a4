/** When nothing can be shown: one clear message saying what was expected, and the examples — never a crashed tab. */
import { readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makePng } from '../app/workers/png';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, waitForLoaded, chooseFile } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The first `n` bytes of a file. */
function head(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(n);
  const got = readSync(fd, buf, 0, n, 0);
  closeSync(fd);
  return buf.subarray(0, got);
}

/** Drops `contents` and returns the alert that replaces the view. */
async function dropAndExpectAlert(page: Page, name: string, contents: string | Uint8Array, title: string) {
  await dropFile(page, name, contents);
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { name: title }).waitFor();
  // The header names the file and says it was not opened.
  await page.getByRole('region', { name: 'Loaded file' }).getByText(name, { exact: true }).waitFor();
  return alert;
}

describe('files that are not memory maps', () => {
  test('a program (ELF): says what it is and what was expected, offers the examples, and an example opens', async () => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    await waitForLoaded(page, 'c-hello.maps');
    const alert = await dropAndExpectAlert(page, 'node', head(process.execPath, 256 * 1024), 'This is not a memory map');
    // Node is an executable (ET_EXEC): the ELF reader tells it from a core file (src/artifact/elf-core.ts).
    expect(await alert.innerText()).toContain('This file is an ELF executable (ET_EXEC), not a core dump or the text of a memory map.');
    expect(await alert.innerText()).toContain('/proc/PID/maps');
    await screenshot(page, 'shell-error-binary');
    const examples = alert.getByRole('list', { name: 'Examples' }).getByRole('button');
    expect(await examples.count()).toBeGreaterThan(3);
    await examples.filter({ hasText: 'node20-jit.maps' }).click();
    const info = await waitForLoaded(page, 'node20-jit.maps');
    expect(info.regions).toBeGreaterThan(100);
    expect(await page.getByRole('alert').count()).toBe(0);
    await closeApp(page);
  });

  test('an image', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const alert = await dropAndExpectAlert(page, 'screenshot.png', makePng(64, 32), 'This is not a memory map');
    expect(await alert.innerText()).toContain('This file is a PNG image');
    await closeApp(page);
  });

  test('an empty file', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const alert = await dropAndExpectAlert(page, 'empty.maps', '', 'This file is empty');
    expect(await alert.innerText()).toContain('This file is empty (0 bytes).');
    expect(await alert.getByRole('list', { name: 'Examples' }).getByRole('button').count()).toBeGreaterThan(3);
    await screenshot(page, 'shell-error-empty');
    await closeApp(page);
  });

  test('a file of blank lines', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const alert = await dropAndExpectAlert(page, 'blank.maps', '\n  \n\t\n', 'Nothing in this file could be read');
    expect(await alert.innerText()).toContain('This file has only blank lines (3)');
    await closeApp(page);
  });

  test('text in no known format: one message, not a pile of line errors', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const readme = readFileSync(new URL('../../public/samples/README.md', import.meta.url), 'utf8');
    const alert = await dropAndExpectAlert(page, 'README.md', readme, 'Nothing in this file could be read');
    const text = await alert.innerText();
    expect(text).toContain('No line of this file could be read as a memory map');
    expect(text).toMatch(/not a memory map in a format mapscope reads/);
    expect(await alert.getByRole('listitem').filter({ hasText: /^line \d+/ }).count()).toBe(1);
    await screenshot(page, 'shell-error-unknown');
    await closeApp(page);
  });

  test('the picker takes the same path: a PDF picked with Open file', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await chooseFile(page, 'report.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), 'application/pdf');
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This is not a memory map' }).waitFor();
    expect(await alert.innerText()).toContain('a PDF document');
    await closeApp(page);
  });

  test('an example that does not exist gets a message, not a blank page', async () => {
    const page = await openApp(browser, { hash: 'sample=no-such-file.maps', allowErrors: [/404/] });
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This file could not be read' }).waitFor();
    expect(await alert.innerText()).toContain('the server answered 404');
    await closeApp(page);
  });
});
