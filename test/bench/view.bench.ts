/**
 * Address-space view benchmarks, measured in headless Chromium (/usr/bin/chromium through
 * playwright-core) on the production build, served by `vite preview` on a random loopback port.
 *
 *  - parse finished → first complete frame, at 2,000, 65,530 and 262,144 regions: from the
 *    shell's `mapscope:apply-result` mark (the worker's result arrives in the page) to the end of
 *    the map's first painted frame (`mapscope:first-frame`); "view ms" is the part from building the
 *    view's model (sorted regions, level-of-detail index, scale) to that frame's end, the rest is
 *    the shell's render; "model", "scale" and "1st paint" are parts of it (`mapscope:view-model`,
 *    `mapscope:view-scale-compressed`, the first `mapscope:frame`). Targets: ≤ 150 ms at 65,530,
 *    ≤ 400 ms at 262,144.
 *  - frame time while zooming (wheel) and panning (horizontal wheel, as a trackpad does), at both
 *    scales: "paint" is the map's own work per frame (layout + canvas + axis, `mapscope:frame`);
 *    "frame" is the main thread's whole frame — from a requestAnimationFrame callback registered
 *    before the event to a message posted from one registered after the map's, which runs once
 *    style, layout and paint of that frame are done; "cpu" is the main thread's CPU time for the
 *    same work (the wheel event's dispatch plus the BeginMainFrame it caused, from a Chrome
 *    trace), which other processes on a shared machine do not inflate. Targets at 262,144
 *    regions: median ≤ 8 ms, p95 ≤ 16 ms.
 *
 * Run: `npm run bench -- view` (builds the app first when dist/app is missing or stale), or
 * `MAPSCOPE_APP_DIST=/tmp/x npm run bench -- view` to measure a build made with `npx vite build --outDir /tmp/x`.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { generateMaps } from './generate-maps';
import { frameCpuMs, percentile, startAppSession, type TraceEvent } from './browser-app';
import { printTable, verdict } from './measure';

const SIZES = [2_000, 65_530, 262_144];
const FIRST_FRAME_TARGET_MS: Record<number, number> = { 65_530: 150, 262_144: 400 };
const STEPS = 60;

interface FirstFrame {
  totalMs: number;
  viewMs: number;
  modelMs: number;
  scaleMs: number;
  paintMs: number;
}

/**
 * In-page script reading the User Timing entries of the last load (a string: tsx would add helpers
 * the page lacks to a function). first-frame starts when the view's model is built; before it,
 * the shell's render.
 */
const FIRST_FRAME_SCRIPT = `(() => {
  const received = [...performance.getEntriesByName('mapscope:show-result'), ...performance.getEntriesByName('mapscope:apply-result')]
    .sort((a, b) => a.startTime - b.startTime).at(-1);
  const first = performance.getEntriesByName('mapscope:first-frame').at(-1);
  const since = (name) => performance.getEntriesByName(name).filter((e) => e.startTime >= received.startTime).at(-1);
  const paint = performance.getEntriesByName('mapscope:frame').find((e) => e.startTime >= first.startTime);
  return {
    totalMs: first.startTime + first.duration - received.startTime,
    viewMs: first.duration,
    modelMs: since('mapscope:view-model')?.duration ?? 0,
    scaleMs: since('mapscope:view-scale-compressed')?.duration ?? 0,
    paintMs: paint?.duration ?? 0,
  };
})()`;

/** Opens a generated file through the Open file button; returns parse-finished → first frame (ms), and the view's part of it. */
async function openGenerated(page: Page, regions: number): Promise<FirstFrame> {
  const { text } = generateMaps({ regions, seed: 4 });
  const before = await page.evaluate(() => performance.getEntriesByName('mapscope:first-frame').length);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open file' }).click()]);
  await chooser.setFiles({ name: `generated-${regions}.maps`, mimeType: 'text/plain', buffer: Buffer.from(text) });
  // The shell's measure starts when the worker's result reaches the page (app/workers/parse-client.ts).
  await page.waitForFunction(
    (n) =>
      performance.getEntriesByName('mapscope:first-frame').length > n &&
      performance.getEntriesByName('mapscope:show-result').length + performance.getEntriesByName('mapscope:apply-result').length > n,
    before,
    { timeout: 120_000 },
  );
  return page.evaluate(FIRST_FRAME_SCRIPT) as Promise<FirstFrame>;
}

interface FrameFigures {
  paintMs: number[];
  frameMs: number[];
}

/**
 * In-page script: zooms in and out around the map's centre, then pans, one event per frame, and
 * collects timings. A string, not a function: tsx's transform would add helpers the page lacks.
 */
const GESTURE_SCRIPT = `(async (steps) => {
  const map = document.querySelector('.address-space-map');
  const rect = map.getBoundingClientRect();
  const x = rect.left + rect.width * 0.53;
  const y = rect.top + rect.height * 0.6;
  const frameMs = [];
  function nextFrame(deltaX, deltaY) {
    return new Promise((done) => {
      let t0 = 0;
      requestAnimationFrame(() => { t0 = performance.now(); });
      map.dispatchEvent(new WheelEvent('wheel', { deltaX, deltaY, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { frameMs.push(performance.now() - t0); done(); };
        channel.port2.postMessage(null);
      });
    });
  }
  performance.clearMeasures('mapscope:frame');
  for (let i = 0; i < steps; i++) await nextFrame(0, -120);
  for (let i = 0; i < steps / 2; i++) await nextFrame(200, 0);
  for (let i = 0; i < steps / 2; i++) await nextFrame(-200, 0);
  for (let i = 0; i < steps; i++) await nextFrame(0, 120);
  const paintMs = performance.getEntriesByName('mapscope:frame').map((e) => e.duration);
  return { paintMs, frameMs };
})(${STEPS})`;

async function gesture(browser: Browser, page: Page): Promise<FrameFigures & { cpuMs: number[] }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'cc', 'toplevel'] });
  const figures = (await page.evaluate(GESTURE_SCRIPT)) as FrameFigures;
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  return { ...figures, cpuMs: frameCpuMs(trace.traceEvents) };
}

export async function run(): Promise<void> {
  const session = await startAppSession();
  const { url, browser } = session;
  try {
    const firstRows: string[][] = [];
    const frameRows: string[][] = [];
    for (const regions of SIZES) {
      if (process.env.VIEW_BENCH_VERBOSE) console.log(`opening ${regions} regions…`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(url + '#empty');
      const f = await openGenerated(page, regions);
      const target = FIRST_FRAME_TARGET_MS[regions];
      firstRows.push([
        regions.toLocaleString('en-US'),
        f.totalMs.toFixed(0),
        f.viewMs.toFixed(0),
        f.modelMs.toFixed(0),
        f.scaleMs.toFixed(0),
        f.paintMs.toFixed(0),
        target ? `≤ ${target}` : '',
        target ? verdict(f.totalMs <= target) : '',
      ]);
      for (const scale of ['Compressed gaps', 'To scale']) {
        await page.getByRole('group', { name: 'Scale' }).getByRole('button', { name: scale }).click();
        await page.waitForTimeout(100);
        const { paintMs, frameMs, cpuMs } = await gesture(browser, page);
        const gated = regions === 262_144;
        const okWall = percentile(frameMs, 0.5) <= 8 && percentile(frameMs, 0.95) <= 16;
        const okCpu = percentile(cpuMs, 0.5) <= 8 && percentile(cpuMs, 0.95) <= 16;
        frameRows.push([
          regions.toLocaleString('en-US'),
          scale,
          String(frameMs.length),
          percentile(paintMs, 0.5).toFixed(2),
          percentile(paintMs, 0.95).toFixed(2),
          percentile(frameMs, 0.5).toFixed(2),
          percentile(frameMs, 0.95).toFixed(2),
          gated ? verdict(okWall) : '',
          percentile(cpuMs, 0.5).toFixed(2),
          percentile(cpuMs, 0.95).toFixed(2),
          gated ? verdict(okCpu) : '',
        ]);
      }
      await context.close();
    }
    console.log('parse finished → first complete frame of the map (headless Chromium, 1280×800)');
    printTable(['regions', 'total ms', 'view ms', 'model', 'scale', '1st paint', 'target', ''], firstRows);
    console.log('\nframe time while zooming and panning (ms; target at 262,144: frame median ≤ 8, p95 ≤ 16)');
    printTable(['regions', 'scale', 'frames', 'paint p50', 'paint p95', 'wall p50', 'wall p95', '', 'cpu p50', 'cpu p95', ''], frameRows);
    const [load1] = loadavg();
    console.log(`(wall: main thread, wall clock; cpu: its CPU time from a trace. Load average ${load1.toFixed(1)} on ${availableParallelism()} cores.)`);
  } finally {
    await session.close();
  }
}
