/** Problems are shown, never hidden: the badge counts them, the panel lists each with line, column, reason and raw text. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, openApp, screenshot, waitForLoaded } from './harness';

const SAMPLES = new URL('../../public/samples/', import.meta.url);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A real maps file (the Node.js example) with three lines broken the ways hand edits and copy-paste
 * break them, and two lines swapped (out of order). Returns the text and what was done, by line.
 */
function damagedMaps() {
  const lines = readFileSync(new URL('node20-jit.maps', SAMPLES), 'utf8').trimEnd().split('\n');
  const total = lines.length;
  lines[2] = lines[2].replace(/ r[-w][-x]p /, ' rwz- '); // line 3: bad permissions
  const badPermsColumn = lines[2].indexOf(' rwz- ') + 2;
  lines[9] = lines[9].split(' ').slice(0, 3).join(' '); // line 10: cut after the offset
  lines[19] = 'hello <b>world</b>'; // line 20: not a maps line at all (and HTML that must stay text)
  [lines[29], lines[30]] = [lines[30], lines[29]]; // lines 30/31 swapped: line 31 is out of order
  return { text: lines.join('\n') + '\n', lines, total, badPermsColumn };
}

describe('a file with bad lines', () => {
  test('the badge counts them; the panel lists line, column, reason and raw text; keyboard works', async () => {
    const page = await openApp(browser, { hash: 'sample=c-hello.maps' });
    await waitForLoaded(page, 'c-hello.maps');
    const { text, lines, total, badPermsColumn } = damagedMaps();
    await dropFile(page, 'damaged.maps', text);
    const info = await waitForLoaded(page, 'damaged.maps');
    expect(info.regions).toBe(total - 3);

    const badge = page.getByRole('button', { name: '3 lines could not be read, 1 warning' });
    await badge.waitFor();
    await screenshot(page, 'shell-problems-badge');

    // Keyboard only: Tab reaches the badge, Enter opens the panel and moves focus into it.
    for (let i = 0; i < 10 && !(await badge.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await badge.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await badge.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Problems in damaged.maps' });
    await panel.waitFor();
    expect(await badge.getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Problems in damaged.maps');

    // Each kind is listed with its count; the examples list has each problem, in line order.
    expect(await panel.getByRole('list', { name: 'Problems by kind' }).getByRole('listitem').count()).toBe(4);
    const rows = panel.getByRole('list', { name: /^Problems by line/ }).getByRole('listitem');
    expect(await rows.count()).toBe(4);
    const row = async (i: number) => ({
      where: await rows.nth(i).locator('.problem-where').innerText(),
      severity: await rows.nth(i).locator('.problem-severity').innerText(),
      message: await rows.nth(i).locator('.problem-message').innerText(),
      text: await rows.nth(i).locator('.problem-text').innerText(),
    });
    const perms = await row(0);
    expect(perms.where).toBe(`line 3, column ${badPermsColumn}`);
    expect(perms.severity.toLowerCase()).toBe('error');
    expect(perms.message).toContain('invalid permissions "rwz-"');
    expect(perms.text).toBe(lines[2]);
    expect(await rows.nth(0).locator('mark').innerText()).toBe('rwz-');

    const cut = await row(1);
    expect(cut.where).toBe(`line 10, column ${lines[9].length + 1}`);
    expect(cut.message).toMatch(/line ends after the offset/);
    expect(cut.text.trimEnd()).toBe(lines[9]);

    const junk = await row(2);
    expect(junk.where).toBe('line 20, column 1');
    expect(junk.text).toBe('hello <b>world</b>'); // shown as text, not as HTML
    expect(await panel.locator('b').count()).toBe(0);

    const order = await row(3);
    expect(order.where).toMatch(/^line 31, column \d+$/);
    expect(order.severity.toLowerCase()).toBe('warning');
    expect(order.message).toMatch(/out of order/);
    expect(order.text).toBe(lines[30]);
    await screenshot(page, 'shell-problems-panel');

    // The filter shows one kind at a time.
    await panel.getByRole('button', { name: /^Warnings/ }).click();
    expect(await rows.count()).toBe(1);
    await panel.getByRole('button', { name: /^Errors/ }).click();
    expect(await rows.count()).toBe(3);

    // Escape closes the panel and gives focus back to the badge.
    await panel.getByRole('button', { name: /^Errors/ }).focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.id === 'problems-badge');
    await closeApp(page);
  });

  test('dark mode: the panel stays readable', async () => {
    const page = await openApp(browser, { hash: 'empty', colorScheme: 'dark' });
    await dropFile(page, 'damaged.maps', damagedMaps().text);
    await waitForLoaded(page, 'damaged.maps');
    await page.getByRole('button', { name: '3 lines could not be read, 1 warning' }).click();
    await page.getByRole('region', { name: 'Problems in damaged.maps' }).waitFor();
    const [bg, fg] = await page.locator('.problem-message').first().evaluate((el) => {
      const panel = getComputedStyle(el.closest('.problems')!);
      return [panel.backgroundColor, getComputedStyle(el).color];
    });
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(luminance(fg) - luminance(bg)).toBeGreaterThan(150);
    await screenshot(page, 'shell-problems-panel-dark');
    await closeApp(page);
  });

  test('file names, pathnames and raw lines are text, never HTML', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const evil = '<img src=x onerror="window.__pwned=1">';
    const text =
      `00400000-00452000 r-xp 00000000 08:02 173521                             /tmp/${evil}\n` +
      `00452000-00453000 rwxz 00000000 08:02 173521                             /tmp/<script>window.__pwned=2</script>\n`;
    const name = `${evil}.maps`;
    await dropFile(page, name, text);
    const info = await waitForLoaded(page, name);
    expect(info.name).toBe(name); // the header shows the name as typed
    await page.getByRole('button', { name: /1 line could not be read/ }).click();
    const panel = page.getByRole('region', { name: `Problems in ${name}` });
    expect(await panel.locator('.problem-text').innerText()).toBe(text.split('\n')[1]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img, script:not([src])').count()).toBe(0);
    await closeApp(page);
  });

  test('a clean file says every line was read', async () => {
    const page = await openApp(browser, { hash: 'sample=openjdk17-jit.maps' });
    const lines = readFileSync(new URL('openjdk17-jit.maps', SAMPLES), 'utf8').trimEnd().split('\n').length;
    await waitForLoaded(page, 'openjdk17-jit.maps');
    await page.getByText(`all ${lines.toLocaleString('en-US')} lines read`).waitFor();
    expect(await page.getByRole('button', { name: /could not be read|warning/ }).count()).toBe(0);
    await closeApp(page);
  });

  test('many bad lines of a few kinds: each kind with its exact count, the list scrolls to the last example kept', async () => {
    // The real sample's lines, then 3 × 7,000 bad ones: permissions rwz-, cut after the offset, device 08:0z.
    const good = readFileSync(new URL('node20-jit.maps', SAMPLES), 'utf8').trimEnd().split('\n');
    const base = good[0];
    const bad = [base.replace(/ r[-w][-x]p /, ' rwz- '), base.split(' ').slice(0, 3).join(' '), base.replace(/ [0-9a-f]{2}:[0-9a-f]{2} /, ' 08:0z ')];
    const lines = [...good];
    for (let i = 0; i < 21_000; i++) lines.push(bad[i % 3]);
    const firstBad = good.length + 1;
    const page = await openApp(browser, { hash: 'empty' });
    await dropFile(page, 'many-bad.maps', lines.join('\n') + '\n');
    await waitForLoaded(page, 'many-bad.maps');
    await page.getByRole('button', { name: /^21,000 lines could not be read/ }).click();
    const panel = page.getByRole('region', { name: 'Problems in many-bad.maps' });
    await panel.waitFor();
    const kinds = panel.getByRole('list', { name: 'Problems by kind' });
    for (const [code, from] of [['bad-permissions', firstBad], ['missing-field', firstBad + 1], ['bad-device', firstBad + 2]] as const) {
      await kinds.getByRole('button', { name: `${code} errors: 7,000, from line ${from.toLocaleString('en-US')} · first 100 listed` }).waitFor();
    }
    expect(await panel.getByRole('button', { name: /^All/ }).innerText()).toMatch(/21,000/);
    await screenshot(page, 'shell-problems-kinds');

    // One kind: its 100 examples, virtualised (a few rows in the page), the last one reached by scrolling.
    await kinds.getByRole('button', { name: /^bad-device errors/ }).click();
    const list = panel.getByRole('list', { name: 'Problems by line (100 listed)' });
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBeLessThan(40);
    const lastKept = firstBad + 2 + 99 * 3;
    const last = list.getByRole('listitem').filter({ hasText: `line ${lastKept.toLocaleString('en-US')}, column` });
    expect(await last.count()).toBe(0);
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await last.waitFor();
    expect(await last.locator('.problem-code').innerText()).toBe('bad-device');
    await closeApp(page);
  });
});
