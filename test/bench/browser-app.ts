/**
 * What the browser-measured benchmarks share: the production build they measure (built when
 * missing or stale) and percentiles of their samples.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview } from 'vite';

export const ROOT = resolve(import.meta.dirname, '../..');

// MAPSCOPE_APP_DIST measures another build dir (as test/e2e/global-setup.ts serves it), so that a
// bench run never empties dist/app under someone else's running tests.
export const APP_DIST = process.env.MAPSCOPE_APP_DIST ? resolve(ROOT, process.env.MAPSCOPE_APP_DIST) : join(ROOT, 'dist/app');

function newestMs(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the app into APP_DIST when it is missing or older than app/ and src/ (a given MAPSCOPE_APP_DIST is measured as it is). */
export async function ensureAppBuilt(): Promise<void> {
  const index = join(APP_DIST, 'index.html');
  const sources = Math.max(newestMs(join(ROOT, 'app')), newestMs(join(ROOT, 'src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  if (existsSync(index) && process.env.MAPSCOPE_APP_DIST) {
    console.log(`(${APP_DIST} is older than the sources: measuring it as it is)`);
    return;
  }
  console.log(`building the app (${APP_DIST} is missing or older than the sources)…`);
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: APP_DIST, emptyOutDir: true } });
}

/**
 * The p-quantile (0..1) of a sample, nearest-rank, over its measured values: a NaN (a figure a run
 * could not read, e.g. a renderer gone before its /proc stat was read) is left out, as a sort by
 * `a - b` cannot order it (app-load once printed a NaN median of the cores' idle share, and the
 * other values' order around a NaN is undefined). NaN when nothing was measured.
 */
export function percentile(xs: number[], p: number): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** A served production build and a headless Debian Chromium (the launch test/e2e/harness.ts uses). */
export interface AppSession {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A build dir served by `vite preview` on a random loopback port. */
export interface ServedBuild {
  url: string;
  close(): Promise<void>;
}

/** Serves the build in `dir` (as it is) with `vite preview` on a random loopback port. */
export async function serveBuild(dir: string): Promise<ServedBuild> {
  const server = await preview({ root: ROOT, logLevel: 'silent', build: { outDir: dir }, preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('vite preview gave no URL');
  }
  return { url, close: () => server.close() };
}

/** A build a benchmark measures: `main` (a baseline) or `this` (APP_DIST), served. */
export interface MeasuredBuild {
  name: 'main' | 'this';
  dir: string;
  url: string;
}

/**
 * The builds to measure in one run: the baseline named by MAPSCOPE_BASELINE_DIST first (served
 * here; `close` stops it), when given, then this one (the session's).
 */
export async function buildsToMeasure(session: AppSession): Promise<{ builds: MeasuredBuild[]; close(): Promise<void> }> {
  const baselineDir = process.env.MAPSCOPE_BASELINE_DIST;
  const baseline = baselineDir ? await serveBuild(baselineDir) : null;
  const main: MeasuredBuild[] = baseline ? [{ name: 'main', dir: baselineDir!, url: baseline.url }] : [];
  return { builds: [...main, { name: 'this', dir: APP_DIST, url: session.url }], close: async () => baseline?.close() };
}

/** Builds if needed, serves APP_DIST with `vite preview` on a random loopback port and launches Chromium. */
export async function startAppSession(): Promise<AppSession> {
  await ensureAppBuilt();
  const server = await serveBuild(APP_DIST);
  const url = server.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** An event of a Chrome trace (browser.startTracing): the fields the benchmarks read. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/** A predicate: the event is a complete slice (`X`) with CPU time on a renderer's main thread (CrRendererMain). */
export function onRendererMain(events: TraceEvent[]): (e: TraceEvent) => boolean {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return (e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.tdur !== undefined;
}

/**
 * Main-thread CPU time of each frame, from a Chrome trace: the wheel event's dispatch plus the
 * frame it caused (BeginMainFrame: animation-frame callbacks, style, layout, paint, commit).
 * CPU time, unlike the wall clock, does not grow when other processes share the machine.
 */
export function frameCpuMs(events: TraceEvent[]): number[] {
  const onMain = onRendererMain(events);
  const frames = events.filter((e) => onMain(e) && e.name === 'ProxyMain::BeginMainFrame').sort((a, b) => a.ts - b.ts);
  const wheels = events.filter((e) => onMain(e) && e.name === 'EventDispatch' && e.args?.data?.type === 'wheel').sort((a, b) => a.ts - b.ts);
  const out: number[] = [];
  let f = 0;
  for (const w of wheels) {
    while (f < frames.length && frames[f].ts < w.ts) f++;
    if (f === frames.length) break;
    out.push(((w.tdur ?? 0) + (frames[f].tdur ?? 0)) / 1000);
    f++;
  }
  return out;
}

/**
 * Collects the page's long tasks from its very start (before any of its scripts), and marks
 * `bench:load` when the file input changes: the load starts when the page learns of the file.
 */
const INIT_SCRIPT = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ startTime: e.startTime, durationMs: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') performance.mark('bench:load');
  }, true);
`;

/** The longest main-thread task since the latest performance mark `mark` (0 when none reached 50 ms). */
export function longestSince(page: Page, mark: string): Promise<number> {
  return page.evaluate((m) => {
    const marks = performance.getEntriesByName(m, 'mark');
    const since = marks.length > 0 ? marks[marks.length - 1].startTime : 0;
    const tasks = (window as unknown as { __longTasks: { startTime: number; durationMs: number }[] }).__longTasks;
    return Math.max(0, ...tasks.filter((t) => t.startTime + t.durationMs > since).map((t) => t.durationMs));
  }, mark);
}

/**
 * Opens the app empty in a fresh context, opens the file `path` through the file input and waits
 * until it is shown; `loadedMs` is the time from the file input's change to the page seen loaded.
 */
export async function openLoaded(browser: Browser, url: string, path: string): Promise<{ page: Page; longestLoadMs: number; loadedMs: number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  await page.goto(url + '#empty');
  const open = page.getByRole('button', { name: 'Open file' });
  await open.waitFor();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), open.click()]);
  await chooser.setFiles(path); // a path: no copy of the bytes through the page's main thread
  const name = basename(path);
  const section = page.getByRole('region', { name: 'Loaded file' });
  await section.locator('[data-field="name"]', { hasText: name }).first().waitFor({ timeout: 300_000 });
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 300_000 });
  const loadedMs = await page.evaluate(() => performance.now() - performance.getEntriesByName('bench:load', 'mark')[0].startTime);
  return { page, longestLoadMs: await longestSince(page, 'bench:load'), loadedMs, close: () => context.close() };
}
