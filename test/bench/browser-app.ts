/**
 * What the browser-measured benchmarks share: the production build they measure (built when
 * missing or stale) and percentiles of their samples.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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

/** The p-quantile (0..1) of a sample, nearest-rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
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
