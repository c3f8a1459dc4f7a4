/**
 * One load, end to end, in headless Chromium on the production build (`vite preview`, random
 * loopback port), at 262,144 and 1,048,576 generated regions (test/bench/generate-maps.ts):
 *
 *  - drop → first frame: from the file input's `change` event (the page learns of the file) to the
 *    end of the map's first painted frame (`mapscope:first-frame`);
 *  - drop → analysis shown: to the end of the frame after the analysis reached the page
 *    (`mapscope:analysis-apply`, the panels' render of modules, summary and findings);
 *  - main-thread work of the load, from a Chrome trace of the same interval: CPU time of the
 *    renderer's main thread (its top-level tasks), how many tasks, the number ≥ 50 ms and the longest;
 *  - messages the page received from and posted to workers (a wrapper around `Worker`).
 *
 * The page's clock is read by an init script, so the figures do not depend on marks that one build
 * has and another lacks: `MAPSCOPE_APP_DIST=/tmp/old-dist npm run bench -- view-load` measures an
 * older build (`git worktree add /tmp/old HEAD~n && cd /tmp/old && npx vite build --outDir /tmp/old-dist`),
 * and `MAPSCOPE_BASELINE_DIST=/tmp/old-dist` measures it beside this one, loads interleaved (the
 * two alternate which goes first), with the ratios of the medians.
 * LOAD_BENCH_RUNS (default 3) loads per size and build, each in a fresh page.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { generateMaps } from './generate-maps';
import { buildsToMeasure, onRendererMain, percentile, startAppSession, type TraceEvent } from './browser-app';
import { printTable } from './measure';

const SIZES = [262_144, 1_048_576];
const RUNS = Number(process.env.LOAD_BENCH_RUNS ?? 3);

/** Records the drop, and counts worker messages both ways (before any of the page's scripts run); app-load.bench.ts reads it too. */
export const INIT_SCRIPT = `(() => {
  const w = { dropMs: 0, received: 0, posted: 0 };
  window.__load = w;
  addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') w.dropMs = performance.mark('bench:drop').startTime;
  }, true);
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) { super(...args); this.addEventListener('message', () => { w.received++; }); }
    postMessage(...args) { w.posted++; return super.postMessage(...args); }
  };
})()`;

/** Waits for the first frame and the analysis of the file just dropped; returns page-clock figures (app-load.bench.ts too). */
export const WAIT_SCRIPT = `(async () => {
  const w = window.__load;
  const seen = (name) => performance.getEntriesByName(name).filter((e) => e.startTime >= w.dropMs);
  const nextFrameEnd = () => new Promise((done) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => done(performance.now());
    c.port2.postMessage(null);
  }));
  const ready = () => seen('mapscope:first-frame').length > 0 && seen('mapscope:analysis-apply').length > 0;
  // An observer, not a polling timer: the wait adds no tasks of its own to the main thread's count.
  if (!ready()) await new Promise((done) => {
    const observer = new PerformanceObserver(() => { if (ready()) { observer.disconnect(); done(); } });
    observer.observe({ type: 'measure' });
  });
  const shownMs = await nextFrameEnd();
  performance.mark('bench:shown');
  const first = seen('mapscope:first-frame')[0];
  const apply = seen('mapscope:analysis-apply')[0];
  return {
    dropMs: w.dropMs,
    firstFrameMs: first.startTime + first.duration - w.dropMs,
    analysisMs: Math.max(apply.startTime + apply.duration - w.dropMs, 0),
    shownMs: shownMs - w.dropMs,
    received: w.received,
    posted: w.posted,
  };
})()`;

interface LoadFigures {
  firstFrameMs: number;
  shownMs: number;
  cpuMs: number;
  /** Top-level tasks of the renderer's main thread during the load: a count of its work, less noisy than its time. */
  tasks: number;
  longTasks: number;
  longestMs: number;
  received: number;
  posted: number;
}

/** Top-level tasks of the renderer's main thread (the trace's RunTask slices), with their wall and CPU time. */
function mainTasks(events: TraceEvent[]): TraceEvent[] {
  const onMain = onRendererMain(events);
  return events.filter((e) => onMain(e) && e.name === 'ThreadControllerImpl::RunTask');
}

async function loadOnce(browser: Browser, url: string, file: string): Promise<LoadFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await page.goto(url + '#empty');
    await page.getByRole('button', { name: 'Open file' }).waitFor();
    await page.waitForTimeout(300);
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing'] });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open file' }).click()]);
    await chooser.setFiles(file); // a path: playwright refuses buffers over 50 MB
    const f = (await page.evaluate(WAIT_SCRIPT)) as { dropMs: number; firstFrameMs: number; shownMs: number; received: number; posted: number };
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const tasks = mainTasks(trace.traceEvents);
    // The main thread's tasks from the one that saw the drop to the one that saw the analysis shown
    // (the marks' trace timestamps; the click's task, which waits for the file chooser, is not the load's).
    const markTs = (name: string) => trace.traceEvents.find((e) => e.name === name)?.ts ?? NaN;
    const dropTs = markTs('bench:drop');
    const shownTs = markTs('bench:shown');
    const loadTasks = tasks.filter((t) => t.ts + (t.dur ?? 0) >= dropTs && t.ts <= shownTs);
    const cpuMs = loadTasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1000;
    const long = loadTasks.filter((t) => (t.dur ?? 0) >= 50_000);
    return {
      firstFrameMs: f.firstFrameMs,
      shownMs: f.shownMs,
      cpuMs,
      tasks: loadTasks.length,
      longTasks: long.length,
      longestMs: Math.max(0, ...loadTasks.map((t) => (t.dur ?? 0) / 1000)),
      received: f.received,
      posted: f.posted,
    };
  } finally {
    await context.close();
  }
}

const COLUMNS = ['regions', 'runs', 'drop → 1st frame ms', 'drop → analysis shown ms', 'main-thread CPU ms', 'main-thread tasks', 'tasks ≥ 50 ms', 'longest task ms', 'msgs in / out'];

/** The medians of one build's loads at one size, as printed. */
function medians(runs: LoadFigures[]): Record<keyof LoadFigures, number> {
  const med = (pick: (f: LoadFigures) => number) => percentile(runs.map(pick), 0.5);
  return {
    firstFrameMs: med((f) => f.firstFrameMs),
    shownMs: med((f) => f.shownMs),
    cpuMs: med((f) => f.cpuMs),
    tasks: med((f) => f.tasks),
    longTasks: med((f) => f.longTasks),
    longestMs: med((f) => f.longestMs),
    received: med((f) => f.received),
    posted: med((f) => f.posted),
  };
}

function row(regions: number, m: Record<keyof LoadFigures, number>): string[] {
  return [
    regions.toLocaleString('en-US'),
    String(RUNS),
    m.firstFrameMs.toFixed(0),
    m.shownMs.toFixed(0),
    m.cpuMs.toFixed(0),
    m.tasks.toFixed(0),
    m.longTasks.toFixed(0),
    m.longestMs.toFixed(0),
    `${m.received} / ${m.posted}`,
  ];
}

export async function run(): Promise<void> {
  const session = await startAppSession();
  const { builds, close } = await buildsToMeasure(session);
  try {
    const rows: string[][][] = builds.map(() => []);
    const ratios: string[][] = [];
    for (const regions of SIZES) {
      const file = join(tmpdir(), `mapscope-load-${regions}.maps`);
      writeFileSync(file, generateMaps({ regions, seed: 4 }).text);
      const runs: LoadFigures[][] = builds.map(() => []);
      for (let i = 0; i < RUNS; i++) {
        // Interleaved, and each build goes first every other time.
        const order = i % 2 === 0 ? builds.map((_, k) => k) : builds.map((_, k) => builds.length - 1 - k);
        for (const k of order) {
          runs[k].push(await loadOnce(session.browser, builds[k].url, file));
          if (process.env.LOAD_BENCH_VERBOSE) console.log(builds[k].dir, regions, JSON.stringify(runs[k].at(-1)));
        }
      }
      rmSync(file);
      const m = runs.map(medians);
      m.forEach((mk, k) => rows[k].push(row(regions, mk)));
      if (m.length === 2) {
        const r = (pick: keyof LoadFigures) => (m[1][pick] / m[0][pick]).toFixed(2);
        ratios.push([regions.toLocaleString('en-US'), r('firstFrameMs'), r('shownMs'), r('cpuMs'), r('tasks'), r('longestMs')]);
      }
    }
    builds.forEach((b, k) => {
      console.log(`one load (${b.dir}; medians; headless Chromium, 1280×800)`);
      printTable(COLUMNS, rows[k]);
    });
    if (ratios.length > 0) {
      console.log('this build / baseline (medians)');
      printTable(['regions', '1st frame', 'analysis shown', 'main-thread CPU', 'main-thread tasks', 'longest task'], ratios);
    }
    const [load1] = loadavg();
    console.log(`(load average ${load1.toFixed(1)} on ${availableParallelism()} cores)`);
  } finally {
    await close();
    await session.close();
  }
}
