/**
 * The browser-test harness: Debian's Chromium driven by playwright-core, against the production
 * build that global-setup.ts serves. Keep this API stable — the view and search tests use it too.
 *
 *   const browser = await launchBrowser();
 *   const page = await openApp(browser, { hash: 'sample=node-jit.maps' });
 *   await dropFile(page, 'x.maps', text);
 *   const file = await waitForLoaded(page, 'x.maps');   // { name, format, regions, sizeText }
 *   await screenshot(page, 'shell-drop');
 *   await closeApp(page);                               // fails on console errors / page errors
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { chromium, type Browser, type JSHandle, type Locator, type Page } from 'playwright-core';
import { generateMaps } from '../bench/generate-maps';
import { SETTLE_MS } from '../../app/hooks/after-paint';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where screenshots go (git-ignored). */
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

/** The Chromium binary: Debian's package (`apt-get install chromium`); never a downloaded one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium. Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One request the page (or its workers) made. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** The request body as text, when it had one. */
  postData: string | null;
}

interface PageState {
  errors: string[];
  requests: RecordedRequest[];
  allowedErrors: RegExp[];
}
const states = new WeakMap<Page, PageState>();

function stateOf(page: Page): PageState {
  const state = states.get(page);
  if (!state) throw new Error('harness: this page was not opened with openApp()');
  return state;
}

/** The served app's base URL (from global-setup.ts). */
export function baseURL(): string {
  return inject('baseURL');
}

export interface OpenOptions {
  /** The URL fragment without `#`, e.g. `sample=node-jit.maps`, or `empty` to start with no file. */
  hash?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Console or page errors that this test expects (others fail closeApp). */
  allowErrors?: RegExp[];
  /** An absolute URL to open instead of the served build (`mapscope serve`'s); its origin is the app's. */
  url?: string;
}

/**
 * Opens the app in a fresh browser context (own storage, own clipboard permissions) and collects
 * console errors, page errors and every request. Requests to any other origin are aborted and
 * recorded as errors: the app must make none.
 */
export async function openApp(browser: Browser, options: OpenOptions = {}): Promise<Page> {
  const base = options.url ?? baseURL();
  const origin = new URL(base).origin;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
    locale: 'en-US',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  const state: PageState = { errors: [], requests: [], allowedErrors: options.allowErrors ?? [] };
  states.set(page, state);

  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    state.errors.push(`request to another origin: ${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith(HARNESS_PATH)) return; // the harness's own file staging
    state.requests.push({ method: request.method(), url: request.url(), postData: request.postData() });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') state.errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => state.errors.push(`page error: ${error.message}`));
  page.on('crash', () => state.errors.push('page crashed'));

  await page.goto(base + (options.hash !== undefined ? '#' + options.hash : ''));
  return page;
}

/** Console and page errors so far that no `allowErrors` pattern matches. */
export function unexpectedErrors(page: Page): string[] {
  const state = stateOf(page);
  return state.errors.filter((e) => !state.allowedErrors.some((re) => re.test(e)));
}

/** Every console/page error so far, expected or not. */
export function pageErrors(page: Page): string[] {
  return [...stateOf(page).errors];
}

/** Every request made so far by the page and its workers. */
export function requests(page: Page): RecordedRequest[] {
  return [...stateOf(page).requests];
}

/** Closes the page's context; throws when the page logged errors the test did not allow. */
export async function closeApp(page: Page): Promise<void> {
  const errors = unexpectedErrors(page);
  await page.context().close();
  if (errors.length > 0) throw new Error(`unexpected errors in the page:\n  ${errors.join('\n  ')}`);
}

type Contents = string | Uint8Array;

export interface DragOptions {
  /** MIME type of the file (default: none, as most maps files have). */
  type?: string;
  /** CSS selector of the element to dispatch on (default: the element at the viewport centre). */
  target?: string;
}

/** Path prefix of the files the harness serves to itself (not the app's requests). */
const HARNESS_PATH = '/__harness/';
let servedFiles = 0;

/**
 * Builds File objects in the page. The bytes are served to the page by a route and fetched
 * into a Blob, so that even a 30 MB file never becomes a JavaScript string on the page's main
 * thread — the harness's own work must not show up in longTasks().
 */
async function stageFiles(page: Page, files: { name: string; contents: Contents }[], mime: string): Promise<JSHandle<File[]>> {
  const origin = new URL(baseURL()).origin;
  const urls: string[] = [];
  for (const f of files) {
    const url = `${origin}${HARNESS_PATH}${++servedFiles}`;
    const body = typeof f.contents === 'string' ? Buffer.from(f.contents, 'utf8') : Buffer.from(f.contents);
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body }), { times: 1 });
    urls.push(url);
  }
  return page.evaluateHandle(
    async ({ urls, names, mime }) =>
      Promise.all(
        urls.map(async (url, i) => {
          const blob = await (await fetch(url)).blob();
          return new File([blob], names[i], mime ? { type: mime } : {});
        }),
      ),
    { urls, names: files.map((f) => f.name), mime },
  );
}

/** Dispatches a drag event carrying `files` (a real DataTransfer); returns whether the page called preventDefault. */
async function dispatchDrag(page: Page, type: DragType, files: JSHandle<File[]>, target: string | null): Promise<boolean> {
  return page.evaluate(
    ({ type, files, target }) => {
      const dt = new DataTransfer();
      for (const file of files) dt.items.add(file);
      const x = innerWidth / 2;
      const y = innerHeight / 2;
      const el = (target ? document.querySelector(target) : document.elementFromPoint(x, y)) ?? document.body;
      const event = new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: dt, clientX: x, clientY: y });
      el.dispatchEvent(event);
      return event.defaultPrevented;
    },
    { type, files, target },
  );
}

type DragType = 'dragenter' | 'dragover' | 'dragleave' | 'drop';

/**
 * Dispatches one drag event (`dragenter`, `dragover`, `dragleave`, `drop`) carrying the given
 * files, built as a real DataTransfer in the page. Returns whether the page called preventDefault.
 */
export async function dragEvent(page: Page, type: DragType, files: { name: string; contents: Contents }[], options: DragOptions = {}): Promise<boolean> {
  const staged = await stageFiles(page, files, options.type ?? '');
  try {
    return await dispatchDrag(page, type, staged, options.target ?? null);
  } finally {
    await staged.dispose();
  }
}

/** Drops files on the page as a user would: dragenter, dragover, then drop. */
export async function dropFiles(page: Page, files: { name: string; contents: Contents }[], options: DragOptions = {}): Promise<void> {
  const staged = await stageFiles(page, files, options.type ?? '');
  try {
    for (const type of ['dragenter', 'dragover', 'drop'] as const) await dispatchDrag(page, type, staged, options.target ?? null);
  } finally {
    await staged.dispose();
  }
}

/**
 * Drops a File made in the page of `head` (bytes) followed by `repeat` references to one Blob of
 * `unit` (a text, or that many zero bytes): a file of any size (gigabytes) that is never in memory
 * whole, nor sent over the protocol. Returns its size.
 */
export async function dropSparseFile(page: Page, name: string, parts: { head?: number[]; unit: string | number; repeat: number }): Promise<number> {
  return page.evaluate(
    ({ name, head, unit, repeat }) => {
      const blob = new Blob([typeof unit === 'string' ? unit : new Uint8Array(unit)]);
      const file = new File([new Uint8Array(head), ...Array.from({ length: repeat }, () => blob)], name);
      const dt = new DataTransfer();
      dt.items.add(file);
      const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: dt, clientX: innerWidth / 2, clientY: innerHeight / 2 }));
      }
      return file.size;
    },
    { name, head: parts.head ?? [], unit: parts.unit, repeat: parts.repeat },
  );
}

/** Drops one file on the page (see dropFiles). */
export async function dropFile(page: Page, name: string, contents: Contents, options: DragOptions = {}): Promise<void> {
  await dropFiles(page, [{ name, contents }], options);
}

/** Clicks the **Open file** button and picks a file in the file chooser. */
export async function chooseFile(page: Page, name: string, contents: Contents, mimeType = 'text/plain'): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open file' }).click(),
  ]);
  const buffer = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents);
  await chooser.setFiles({ name, mimeType, buffer });
}

/**
 * Pastes text. `keyboard` (default) writes the system clipboard and presses Ctrl+V, as a user
 * does; `event` dispatches a synthetic paste event (for text too large for the clipboard).
 */
export async function pasteText(page: Page, text: string, via: 'keyboard' | 'event' = 'keyboard'): Promise<void> {
  if (via === 'keyboard') {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+V');
    return;
  }
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
  }, text);
}

/** Writes a PNG of the viewport to test-results/screenshots/<name>.png; returns its path. */
/**
 * Waits until the browser has painted a frame: what the map's frame writes (the visible window's
 * text, the overview's outline, the axis) is written in animation frames, as the map is drawn.
 */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

/**
 * Waits until what the view writes for assistive technology once it is still (the visible
 * window's text, the axis's name: after-paint.ts, writeWhenSettled) is current: a frame, then a
 * timer set after the app's last one, with a longer delay — it runs after it.
 */
export async function viewSettled(page: Page): Promise<void> {
  await nextFrame(page);
  await page.evaluate((ms) => new Promise<void>((done) => setTimeout(done, ms)), SETTLE_MS + 20);
}

/** The visible window as the toolbar's text (labelled "Visible addresses") states it, once the view is still. */
export async function windowText(page: Page): Promise<string> {
  await viewSettled(page);
  return page.getByLabel('Visible addresses').innerText();
}

/** The map's address axis (a canvas named with the window and the labels it shows): waits until it has drawn a window. */
export async function axisDrawn(page: Page): Promise<Locator> {
  const axis = page.getByRole('img', { name: /^Address axis, 0x/ });
  await axis.waitFor();
  return axis;
}

/** The hex labels the map's axis shows, left to right (from its accessible name). */
export async function axisLabels(page: Page): Promise<string[]> {
  await viewSettled(page);
  const name = (await (await axisDrawn(page)).getAttribute('aria-label')) ?? '';
  const labels = name.slice(name.indexOf(': ') + 2);
  return labels === '' ? [] : labels.split(', ');
}

/**
 * The overview's window outline, in page coordinates: the columns its canvas has drawn on (the
 * window's fill and edge), read from the canvas's pixels along its middle row.
 */
export async function overviewWindowBox(page: Page): Promise<{ x: number; width: number }> {
  await nextFrame(page);
  const drawn = await page.locator('.overview-window').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, c.height >> 1, c.width, 1).data;
    let first = -1;
    let last = -1;
    for (let i = 0; i < c.width; i++) {
      if (d[i * 4 + 3] === 0) continue;
      if (first < 0) first = i;
      last = i;
    }
    const r = c.getBoundingClientRect();
    const scale = r.width / c.width;
    return first < 0 ? null : { x: r.left + first * scale, width: (last + 1 - first) * scale };
  });
  if (!drawn) throw new Error('the overview shows no window');
  return drawn;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** The header's "Loaded file" section. */
export function loadedFileSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Loaded file' });
}

/** What the header says about the loaded file. */
export interface LoadedFileInfo {
  name: string;
  /** The format label, e.g. `/proc/PID/maps`. */
  format: string;
  /** The number in "N regions". */
  regions: number;
  /** The total mapped size as shown, e.g. `1.2 GiB`. */
  sizeText: string;
}

/**
 * Waits until the app shows `fileName` as the loaded file (no load in progress) and returns
 * what its header says.
 */
export async function waitForLoaded(page: Page, fileName: string, timeoutMs = 60_000): Promise<LoadedFileInfo> {
  const section = loadedFileSection(page);
  await section.locator('[data-field="name"]', { hasText: fileName }).first().waitFor({ timeout: timeoutMs });
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: timeoutMs });
  const field = (name: string) => section.locator(`[data-field="${name}"]`).innerText();
  const regionsText = await field('regions');
  const m = /^([\d,\u202f\u00a0 ]+) regions?$/.exec(regionsText.trim());
  if (!m) throw new Error(`harness: unexpected region count text "${regionsText}"`);
  return {
    name: (await field('name')).trim(),
    format: (await field('format')).trim(),
    regions: Number(m[1].replace(/[^\d]/g, '')),
    sizeText: (await field('size')).trim(),
  };
}

/**
 * A maps file of exactly `regionCount` regions shaped like a large real process (a kernel allows
 * vm.max_map_count = 65,530 by default), from the shared generator test/bench/generate-maps.ts:
 * ascending, non-overlapping, each line as the kernel prints it.
 */
export function syntheticMaps(regionCount: number, seed = 1): string {
  return generateMaps({ regions: regionCount, seed }).text;
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
}

let axeSource: string | null = null;

/** Runs axe-core on the page (evaluated through the debugger, so the app's CSP does not apply); returns its violations, one line each. */
export async function axeAudit(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })) };
  });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}: ${n.failureSummary}`));
}
