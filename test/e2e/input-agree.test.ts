/**
 * Issue 11: "mapscope parse and the app report the same regions and diagnostics for the same
 * bytes". Every map fixture under test/fixtures/ (maps, smaps, rollup, pmap, gdb, the corpus,
 * the artifacts with map sections, the hostile names) and every transformation of
 * test/input/transforms.ts (CRLF, CR-only, BOMs, UTF-16, NUL padding, gzip, prefixes, a log
 * before) applied to a real maps and a real smaps capture, goes through
 *   (a) the built CLI, `node dist/cli.cjs parse FILE --json`, and
 *   (b) the app in Chromium: dropped as a file, read by the real worker,
 * and what the app shows — format, region count, the status bar's line accounting, every
 * problem's line and code in the problems panel, the first and last regions through the address
 * lookup — is what the CLI printed. An input neither can read gives the same message in both.
 * One browser session; the CLI runs while the page works.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORMAT_LABEL, type FormatName } from '../../src/internal';
import { hostileMapsBytes, hostileSmapsText } from '../fixtures/hostile/names';
import { TRANSFORMS } from '../input/transforms';
import { closeApp, dropFile, launchBrowser, openApp } from './harness';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'test/fixtures');
const CLI = join(ROOT, 'dist/cli.cjs');

/** Fixture files that are not maps: sources, notes, and backtraces (test/fixtures/query). */
const NOT_MAPS = /\.(c|py|ts|md|features)$|^query\//;

function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return fixtureFiles(path);
    const rel = relative(FIXTURES, path);
    return NOT_MAPS.test(rel) ? [] : [rel];
  });
}

interface Input {
  /** The file name both read (it is also a format hint): unique per input. */
  name: string;
  bytes: Uint8Array;
}

function inputs(): Input[] {
  const out: Input[] = fixtureFiles().map((rel) => ({ name: rel.replaceAll('/', '--'), bytes: readFileSync(join(FIXTURES, rel)) }));
  out.push({ name: 'hostile-names.maps', bytes: hostileMapsBytes({ badLines: true }) });
  out.push({ name: 'hostile-names.smaps', bytes: new TextEncoder().encode(hostileSmapsText()) });
  // Each transformation on one capture, maps and smaps in turn (the unit fuzz, test/input, runs every pair).
  const captures = ['maps/node-20-self.maps', 'smaps/python-mapper.smaps'];
  TRANSFORMS.forEach((t, k) => {
    const capture = captures[k % 2];
    const bytes = readFileSync(join(FIXTURES, capture));
    if (t.keeps?.(bytes) ?? true) out.push({ name: `t${k}-${capture.split('/')[1]}`, bytes: t.apply(bytes) });
  });
  return out;
}

interface CliRegion {
  begin: string;
  end: string;
}
interface CliDiagnostic {
  line: number;
  severity: 'error' | 'warning';
  code: string;
}
type CliAnswer =
  | { ok: true; format: FormatName | 'unknown'; regions: CliRegion[]; diagnostics: CliDiagnostic[]; stats: { lines: number; regions: number; blank: number; recognized: number; rejected: number } }
  | { ok: false; message: string };

function runCli(path: string): Promise<CliAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'parse', path, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0 || status === 1) return resolve({ ok: true, ...JSON.parse(stdout) });
      // exit 3: "mapscope: MESSAGE (FILE)"
      const m = /^mapscope: (.*) \([^()]*\)\n$/s.exec(stderr);
      if (status === 3 && m) return resolve({ ok: false, message: m[1] });
      reject(new Error(`cli exit ${status}: ${stderr}`));
    });
  });
}

/** The numbers of the status bar's "N lines: R regions, K smaps fields, B blank, U unread". */
async function lineStats(page: Page) {
  const text = await page.getByRole('contentinfo').innerText();
  const n = (re: RegExp) => Number(re.exec(text)?.[1]?.replace(/[^\d]/g, '') ?? 0);
  return {
    lines: n(/([\d,]+) lines?:/),
    // An smaps_rollup's one region is its header: the status bar says "1 rollup header".
    regions: n(/lines?: ([\d,]+) (?:regions?|rollup headers?)/),
    blank: n(/([\d,]+) blank/),
    recognized: n(/(?:regions?|rollup headers?), ([\d,]+) (?!blank|unread)[a-z]/),
    rejected: n(/([\d,]+) unread/),
  };
}

/** Opens the problems panel from the header's badge (if there are problems) and reads it. */
async function shownProblems(page: Page, name: string): Promise<[number, string][]> {
  const badge = page.getByRole('region', { name: 'Loaded file' }).getByRole('button', { name: /could not be read|\d+ errors?|warnings?|notes?$/ });
  if ((await badge.count()) === 0) return [];
  await badge.click();
  return readProblems(page, name);
}

/** Every problem the open panel lists, as [line, code] (line 0: "whole file"), scrolling its virtual list; closes it. */
async function readProblems(page: Page, name: string): Promise<[number, string][]> {
  const panel = page.getByRole('region', { name: `Problems in ${name}` });
  const list = panel.getByRole('list', { name: /^Problems by line/ });
  await list.waitFor();
  const byTop = new Map<number, [number, string]>();
  for (let guard = 0; guard < 10_000; guard++) {
    const rows = await list.getByRole('listitem').evaluateAll((items) =>
      items.map((el) => ({
        top: Number(/translateY\((\d+)px\)/.exec((el as HTMLElement).style.transform)?.[1] ?? -1),
        where: el.querySelector('.problem-where')?.textContent ?? '',
        code: el.querySelector('.problem-code')?.textContent ?? '',
      })),
    );
    for (const r of rows) byTop.set(r.top, [r.where === 'whole file' ? 0 : Number(/^line (\d+),/.exec(r.where)?.[1] ?? -1), r.code]);
    const done = await list.evaluate((el) => {
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      el.scrollTop += el.clientHeight;
      return end;
    });
    if (done) break;
  }
  await panel.getByRole('button', { name: 'Close problems' }).click();
  await panel.waitFor({ state: 'detached' });
  return [...byTop].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** The range the address lookup shows for `address`. */
async function lookedUpRange(page: Page, address: string): Promise<string> {
  await page.getByRole('searchbox', { name: 'Look up address' }).fill(address);
  const result = page.getByRole('status', { name: 'Lookup result' });
  await expect.poll(() => result.innerText()).toContain(address);
  return result.locator('[data-field="range"]').innerText();
}

let browser: Browser;
let page: Page;
let dir: string;
beforeAll(async () => {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < statSync(join(ROOT, 'src/input/read-input.ts')).mtimeMs) {
    throw new Error('input-agree: dist/cli.cjs is missing or older than src/ — run `npm run build` first');
  }
  dir = mkdtempSync(join(tmpdir(), 'mapscope-agree-'));
  browser = await launchBrowser();
  page = await openApp(browser, { hash: 'empty' });
});
afterAll(async () => {
  if (page) await closeApp(page);
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the CLI and the app read the same bytes alike', () => {
  test('every map fixture and every transformation of a real maps and smaps capture', async () => {
    const all = inputs();
    expect(all.length).toBeGreaterThan(50);
    // The CLI answers for every input, two at a time, while the page loads them one by one.
    const answers = new Map<string, Promise<CliAnswer>>();
    const queue = [...all];
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const path = join(dir, next.name);
        writeFileSync(path, next.bytes);
        const answer = runCli(path);
        answers.set(next.name, answer);
        await answer.catch(() => undefined);
      }
    };
    const cliDone = Promise.all([worker(), worker()]);

    const seenFormats = new Set<string>();
    // What was compared, so that a page that shows nothing cannot pass.
    let problemsCompared = 0;
    let lookups = 0;
    for (const input of all) {
      await dropFile(page, input.name, input.bytes);
      while (!answers.has(input.name)) await new Promise((r) => setTimeout(r, 20));
      const cli = await answers.get(input.name)!;
      const what = input.name;
      if (!cli.ok) {
        // The CLI's one line starts in lower case and has no final period: the same sentence.
        const alert = page.getByRole('alert');
        await expect.poll(async () => (await alert.innerText()).toLowerCase(), { message: what }).toContain(`${cli.message.toLowerCase()}.`);
        continue;
      }
      seenFormats.add(cli.format);
      const section = page.getByRole('region', { name: 'Loaded file' });
      await section.locator('[data-field="name"]', { hasText: input.name }).first().waitFor({ timeout: 30_000 });
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 30_000 });
      expect(await lineStats(page), what).toEqual(cli.stats);
      const problems = cli.diagnostics.map((d) => [d.line, d.code]);
      if (cli.regions.length === 0) {
        // Nothing read: one message, the problems one click away.
        const alert = page.getByRole('alert');
        expect(await alert.getByRole('heading', { level: 2 }).innerText(), what).toMatch(/^Nothing in this file could be read$/i);
        const all = alert.getByRole('button', { name: /^Show all \d+ problems$/ });
        if ((await all.count()) > 0) {
          await all.click();
          expect(await readProblems(page, input.name), what).toEqual(problems);
        } else {
          const listed = await alert.locator('.problem-where').allInnerTexts();
          expect(listed.map((w) => (w === 'whole file' ? 0 : Number(w.slice(5)))), what).toEqual(cli.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line));
          expect(cli.diagnostics.every((d) => d.severity === 'error'), what).toBe(true);
        }
        continue;
      }
      const field = (f: string) => section.locator(`[data-field="${f}"]`).innerText();
      expect((await field('format')).trim(), what).toBe(cli.format === 'unknown' ? 'unknown format' : FORMAT_LABEL[cli.format] + (input.bytes[0] === 0x1f ? ' · gz' : ''));
      // A rollup is totals, not a region (issue 18 point 9): the header counts none, the app shows the totals instead of a map.
      const rollup = cli.format === 'smaps_rollup';
      expect(Number((await field('regions')).replace(/[^\d]/g, '')), what).toBe(rollup ? 0 : cli.regions.length);
      expect(await shownProblems(page, input.name), what).toEqual(problems);
      problemsCompared += problems.length;
      if (rollup) continue;
      // The first and last regions, where no other region holds their first byte.
      for (const r of [cli.regions[0], cli.regions[cli.regions.length - 1]]) {
        if (r === undefined) continue;
        const holders = cli.regions.filter((o) => BigInt(o.begin) <= BigInt(r.begin) && BigInt(r.begin) < BigInt(o.end));
        if (holders.length !== 1) continue;
        expect(await lookedUpRange(page, r.begin), what).toBe(`${r.begin}-${r.end}`);
        lookups++;
      }
    }
    await cliDone;
    expect(problemsCompared).toBeGreaterThan(50);
    expect(lookups).toBeGreaterThan(2 * all.length - 20);
    for (const f of ['maps', 'smaps', 'smaps_rollup', 'pmap', 'pmap-d', 'pmap-x', 'pmap-X', 'pmap-XX', 'gdb']) expect(seenFormats, f).toContain(f);
  });
});
